package io.nsaas.host.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One connection on the control socket: reads newline-terminated ASCII lines of at most
 * {@link #MAX_LINE} bytes, queues replies, and closes after the last reply when asked to.
 *
 * <p>Threading: the control thread only.
 */
final class ControlClient {
    /** Longest line either side sends, newline included. */
    static final int MAX_LINE = 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final long id;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_LINE);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private long deadlineNanos;
    private boolean closeAfterReply;
    private boolean eof;
    private boolean closed;
    private Object attachment;

    ControlClient(SocketChannel channel, SelectionKey key, long id, long deadlineNanos) {
        this.channel = channel;
        this.key = key;
        this.id = id;
        this.deadlineNanos = deadlineNanos;
    }

    /** @return a number for logs (connections have no other name) */
    long id() {
        return id;
    }

    /** @return when the client must have sent its request, or {@link Long#MAX_VALUE} for none */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** The client is attached: it may stay silent for as long as it likes. */
    void clearDeadline() {
        deadlineNanos = Long.MAX_VALUE;
    }

    /** @return what the owner of this connection (an attach in progress or done) keeps here */
    Object attachment() {
        return attachment;
    }

    void attachment(Object attachment) {
        this.attachment = attachment;
    }

    boolean isOpen() {
        return !closed;
    }

    /** @return whether the peer closed its side (EOF) or the connection failed */
    boolean peerGone() {
        return eof;
    }

    /** Reads what arrived. @throws IOException when the connection failed */
    void fill() throws IOException {
        if (in.hasRemaining() && channel.read(in) < 0) {
            eof = true;
        }
    }

    /** @return the next line without its newline (ASCII, a trailing CR dropped), or null when none is complete */
    String readLine() {
        for (int i = 0; i < in.position(); i++) {
            if (in.get(i) == '\n') {
                int end = i > 0 && in.get(i - 1) == '\r' ? i - 1 : i;
                byte[] bytes = new byte[end];
                in.get(0, bytes);
                in.limit(in.position()).position(i + 1);
                in.compact();
                return new String(bytes, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** @return whether {@link #MAX_LINE} bytes arrived without a newline */
    boolean lineTooLong() {
        return !in.hasRemaining();
    }

    /** Queues one line (the newline is added) and tries to send it now. */
    void reply(String line) {
        if (closed) {
            return;
        }
        out.add(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
        flush();
    }

    /** Queues a last line; the connection closes once it is sent. */
    void replyAndClose(String line) {
        reply(line);
        closeAfterReply = true;
        flush();
    }

    /** Sends queued replies as far as the socket takes them; closes when done and asked to. */
    void flush() {
        if (closed) {
            return;
        }
        try {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        } catch (IOException e) {
            out.clear();
            eof = true;
            close();
            return;
        }
        if (closeAfterReply) {
            close();
        }
    }

    /** Closes the connection (the peer sees EOF); idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released even when close reports an error
        }
    }

    @Override
    public String toString() {
        return "control connection #" + id;
    }
}
