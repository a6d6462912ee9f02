package io.nsaas.guest.channel;

import io.nsaas.nqe.AbiVersion;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The guest's end of the control protocol (CHANNEL-API section 1): one Unix-domain connection that
 * carries {@code ATTACH <abi> <tenant> <token>}, the host's one-line answer, and then stays open for
 * the attachment's life; EOF on it means the host detached the tenant, and {@code DETACH} (or
 * closing it) detaches.
 *
 * <p>No {@link java.nio.channels.Selector} is used (the JDK integration may install its own
 * SelectorProvider): after the ATTACH line the channel is non-blocking and the reply is polled with
 * short parks until {@link #REPLY_TIMEOUT_NANOS}. Threading: {@link #open} on the attaching
 * thread, {@link #hostClosed()} on the event thread, {@link #detach()} from any thread once.
 */
final class ControlConnection implements AutoCloseable {
    /** How long the guest waits for the host's answer to ATTACH. */
    static final long REPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Longest line either side may send, newline included. */
    static final int MAX_LINE = 1024;

    private final SocketChannel channel;
    private final ByteBuffer scratch = ByteBuffer.allocate(256);
    private final AttachReply reply;

    private ControlConnection(SocketChannel channel, AttachReply reply) {
        this.channel = channel;
        this.reply = reply;
    }

    /**
     * Connects, sends ATTACH and reads the answer.
     *
     * @throws IOException naming the path when no host listens there, the host's reason when it
     *                     refuses, or what went wrong with the answer
     */
    static ControlConnection open(Path path, String tenantId, String token, long replyTimeoutNanos) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("no nsaas host listening at " + path + ": the control socket does not exist; "
                + "start the host or fix the control path (host setting nsaas.host.control-socket)");
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            try {
                channel.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                throw new IOException("no nsaas host listening at " + path + " (" + e.getMessage()
                    + "); start the host or fix the control path (host setting nsaas.host.control-socket)", e);
            }
            String attach = "ATTACH " + AbiVersion.format(AbiVersion.MAJOR, AbiVersion.MINOR) + ' ' + tenantId + ' '
                + token + '\n';
            ByteBuffer out = ByteBuffer.wrap(attach.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.configureBlocking(false);
            String line = readLine(channel, path, replyTimeoutNanos);
            return new ControlConnection(channel, AttachReply.parse(line, path, tenantId));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    AttachReply reply() {
        return reply;
    }

    /**
     * Polls the connection without blocking (event thread).
     *
     * @return true when the host closed it (EOF or an error): the host detached this tenant
     */
    boolean hostClosed() {
        try {
            scratch.clear();
            return channel.read(scratch) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends DETACH (best effort) and closes the connection; never throws. */
    void detach() {
        try {
            if (channel.isOpen()) {
                ByteBuffer out = ByteBuffer.wrap("DETACH\n".getBytes(StandardCharsets.US_ASCII));
                channel.write(out);
            }
        } catch (IOException ignored) {
            // the host is gone already; closing below is all that is left to do
        }
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor, which close() frees even when it reports an error
        }
    }

    private static String readLine(SocketChannel channel, Path path, long timeoutNanos) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(MAX_LINE);
        long deadline = System.nanoTime() + timeoutNanos;
        long park = TimeUnit.MICROSECONDS.toNanos(50);
        while (true) {
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("nsaas host at " + path + " closed the control connection without answering ATTACH"
                    + (in.position() > 0 ? " (partial reply '" + ascii(in, in.position()) + "')" : "")
                    + "; see the host's log");
            }
            for (int i = 0; i < in.position(); i++) {
                if (in.get(i) == '\n') {
                    return ascii(in, i);
                }
            }
            if (!in.hasRemaining()) {
                throw new IOException("nsaas host at " + path + " sent an attach reply longer than " + MAX_LINE
                    + " bytes without a newline; is that path an nsaas control socket?");
            }
            if (n == 0) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("nsaas host at " + path + " did not answer ATTACH within "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s; is the host overloaded or stuck?");
                }
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    private static String ascii(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(0, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
