package io.nsaas.host.perf;

import io.nsaas.host.nsm.TenantState;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The receiving side of {@code nsaas perf}: listens, takes one connection at a time (others wait in
 * the backlog), reads it to the end of stream into one reused buffer while hashing it, and posts one
 * {@link PerfResult} per connection (bytes, SHA-256, seconds from accept to end of stream).
 *
 * <pre>
 *   START --open/bind/listen--&gt; LISTENING --accept--&gt; RECEIVING --recv 0--&gt; LISTENING (or DONE with once)
 *     \--error--&gt; DONE (fatal)                               \--error/timeout--&gt; LISTENING (or DONE)
 * </pre>
 *
 * <p>Socket calls happen only in {@link #doWork}; events only set flags. Time is the NSM's clock.
 * The data path (recv, hash) does not allocate. Threading: NSM thread, except {@link #listening()}
 * and {@link #progressBytes()}.
 */
public final class PerfServer implements PerfApp {
    private static final int BACKLOG = 16;
    private static final int NOT_CLOSED = -1;

    private enum State { START, LISTENING, RECEIVING, DONE }

    private final NanoClock clock;
    private final int bindAddress;
    private final int port;
    private final boolean once;
    private final long idleTimeoutNanos;
    private final PerfOutcomes outcomes;
    private final CompletableFuture<Long> listening = new CompletableFuture<>();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PerfStream.BLOCK_BYTES]);
    private final StreamDigest digest = new StreamDigest(PerfStream.BLOCK_BYTES);
    private final TcpInfo info = new TcpInfo();
    private State state = State.START;
    private int listener = -1;
    private int connection = -1;
    private String peer = "";
    private boolean acceptable;
    private boolean readable;
    private int closedErrno = NOT_CLOSED;
    private long startedAt;
    private long lastProgressAt;
    private long received;
    private volatile long progress;

    /**
     * @param clock            the NSM's clock
     * @param bindAddress      local address to listen on ({@link Endpoint#ANY_ADDRESS} for all)
     * @param port             local port, 0 for an ephemeral one ({@link #listening()} tells which)
     * @param once             stop after the first connection
     * @param idleTimeoutNanos a connection that delivers nothing for this long fails; 0 waits forever
     * @param outcomes         where each connection's outcome goes
     */
    public PerfServer(NanoClock clock, int bindAddress, int port, boolean once, long idleTimeoutNanos,
                      PerfOutcomes outcomes) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bindAddress = bindAddress;
        this.port = port;
        this.once = once;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** @return completes with the packed local endpoint once listening, or exceptionally when listening failed */
    public CompletableFuture<Long> listening() {
        return listening;
    }

    @Override
    public long progressBytes() {
        return progress;
    }

    @Override
    public int doWork(StackInstance stack, int limit) {
        switch (state) {
            case START:
                return listen(stack);
            case LISTENING:
                return acceptable ? accept(stack) : 0;
            case RECEIVING:
                return receive(stack, limit);
            default:
                return 0;
        }
    }

    private int listen(StackInstance stack) {
        String where = Endpoint.formatAddress(bindAddress) + ":" + port;
        int socket = stack.open();
        if (socket < 0) {
            return stop(stack, "cannot open a listening socket: " + ErrnoText.describe(socket));
        }
        listener = socket;
        stack.setOption(socket, SocketOption.SO_REUSEADDR, 1); // best effort: a stack may not offer it
        int rc = stack.bind(socket, bindAddress, port);
        if (rc < 0) {
            return stop(stack, "cannot bind " + where + ": " + ErrnoText.describe(rc)
                + (rc == -Errno.EADDRINUSE ? "; another program uses the port: pick another --port" : ""));
        }
        rc = stack.listen(socket, BACKLOG);
        if (rc < 0) {
            return stop(stack, "cannot listen on " + where + ": " + ErrnoText.describe(rc));
        }
        long local = stack.localEndpoint(socket);
        state = State.LISTENING;
        acceptable = true;
        listening.complete(local >= 0 ? local : Endpoint.pack(bindAddress, port));
        return 1;
    }

    private int accept(StackInstance stack) {
        int socket = stack.accept(listener);
        if (socket == -Errno.EAGAIN) {
            acceptable = false;
            return 0;
        }
        if (socket < 0) {
            acceptable = false;
            outcomes.post(PerfOutcome.failed("accept failed: " + ErrnoText.describe(socket)));
            return 1;
        }
        connection = socket;
        long remote = stack.peerEndpoint(socket);
        peer = remote >= 0 ? Endpoint.format(remote) : "an unknown peer";
        readable = true;
        closedErrno = NOT_CLOSED;
        received = 0;
        progress = 0;
        digest.reset();
        startedAt = clock.nanoTime();
        lastProgressAt = startedAt;
        state = State.RECEIVING;
        return 1;
    }

    private int receive(StackInstance stack, int limit) {
        int work = 0;
        while (work < limit && readable) {
            int n = stack.recv(connection, buffer, 0, buffer.capacity());
            if (n > 0) {
                digest.update(buffer, 0, n);
                received += n;
                work++;
            } else if (n == 0) {
                return work + finish(stack);
            } else if (n == -Errno.EAGAIN) {
                readable = false;
                if (closedErrno == 0) {
                    return work + finish(stack); // closed in order with nothing left to read
                }
                if (closedErrno > 0) {
                    return work + drop(stack, ErrnoText.describe(closedErrno));
                }
            } else {
                return work + drop(stack, ErrnoText.describe(n));
            }
        }
        long now = clock.nanoTime();
        if (work > 0) {
            lastProgressAt = now;
            progress = received;
        } else if (idleTimeoutNanos > 0 && now - lastProgressAt > idleTimeoutNanos) {
            return drop(stack, "no data for " + idleTimeoutNanos / 1_000_000_000L + " s (timed out)");
        }
        return work;
    }

    private int finish(StackInstance stack) {
        EcnCounts ecn = stack.info(connection, info) == 0 ? EcnCounts.of(info) : null;
        PerfResult result = new PerfResult(received, digest.finishHex(), clock.nanoTime() - startedAt,
            PerfResult.NOT_MEASURED, ecn);
        progress = received;
        endConnection(stack);
        outcomes.post(PerfOutcome.completed(result));
        return 1;
    }

    private int drop(StackInstance stack, String why) {
        String message = "connection from " + peer + " failed after " + received + " bytes: " + why;
        endConnection(stack);
        outcomes.post(once ? PerfOutcome.stopped(message) : PerfOutcome.failed(message));
        return 1;
    }

    private void endConnection(StackInstance stack) {
        stack.close(connection);
        connection = -1;
        readable = false;
        if (once) {
            stack.close(listener);
            listener = -1;
            state = State.DONE;
        } else {
            state = State.LISTENING;
            acceptable = true; // more connections may be waiting in the backlog
        }
    }

    private int stop(StackInstance stack, String message) {
        if (listener >= 0) {
            stack.close(listener);
            listener = -1;
        }
        state = State.DONE;
        listening.completeExceptionally(PerfException.failure(message, null));
        outcomes.post(PerfOutcome.stopped(message));
        return 1;
    }

    @Override
    public void onStackGone(TenantState tenantState, String reason) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        String message = "the stack stopped (" + tenantState + "): " + reason;
        listening.completeExceptionally(PerfException.failure(message, null));
        outcomes.post(PerfOutcome.stopped(message));
    }

    @Override
    public void onConnected(int socket) {
    }

    @Override
    public void onReadable(int socket) {
        if (socket == connection) {
            readable = true;
        }
    }

    @Override
    public void onWritable(int socket) {
    }

    @Override
    public void onAcceptable(int socket) {
        if (socket == listener) {
            acceptable = true;
        }
    }

    @Override
    public void onClosed(int socket, int errno) {
        if (socket == connection) {
            closedErrno = errno;
            readable = true;
        }
    }
}
