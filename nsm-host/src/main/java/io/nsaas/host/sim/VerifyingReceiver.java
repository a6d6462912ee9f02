package io.nsaas.host.sim;

import io.nsaas.host.nsm.TenantState;
import io.nsaas.host.nsm.TenantWork;
import io.nsaas.host.perf.PerfStream;
import io.nsaas.spi.Errno;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackInstance;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The receiving application of one simulated flow, inside the receiver tenant: listens, accepts the
 * flow's one connection, reads it to the end of stream and checks every byte against the
 * {@link PerfStream} of the flow's seed ({@link StreamVerifier}); at the end of stream it closes.
 *
 * <pre>
 *   START --open/bind/listen--&gt; LISTENING --accept--&gt; RECEIVING --recv 0--&gt; DONE (finished)
 *                                                       \--error / onClosed(errno)--&gt; DONE (failed)
 * </pre>
 *
 * <p>Threading: the simulator's (NSM's) thread. The data path does not allocate.
 */
final class VerifyingReceiver implements TenantWork, StackEvents {
    private static final int NOT_CLOSED = -1;

    private enum State { START, LISTENING, RECEIVING, DONE }

    private final NanoClock clock;
    private final int address;
    private final int port;
    private final StreamVerifier verifier;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PerfStream.BLOCK_BYTES]);
    private State state = State.START;
    private int listener = -1;
    private int connection = -1;
    private boolean acceptable;
    private boolean readable;
    private int closedErrno = NOT_CLOSED;
    private long finishedAt = -1;
    private String failure;

    VerifyingReceiver(NanoClock clock, int address, int port, long seed) {
        this.clock = clock;
        this.address = address;
        this.port = port;
        this.verifier = new StreamVerifier(seed);
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
        listener = stack.open();
        if (listener < 0) {
            return fail(stack, "cannot open a listening socket: errno " + -listener);
        }
        int rc = stack.bind(listener, address, port);
        if (rc == 0) {
            rc = stack.listen(listener, 1);
        }
        if (rc < 0) {
            return fail(stack, "cannot listen on port " + port + ": errno " + -rc);
        }
        state = State.LISTENING;
        acceptable = true;
        return 1;
    }

    private int accept(StackInstance stack) {
        int socket = stack.accept(listener);
        if (socket == -Errno.EAGAIN) {
            acceptable = false;
            return 0;
        }
        if (socket < 0) {
            return fail(stack, "accept failed: errno " + -socket);
        }
        stack.close(listener); // one flow, one connection
        listener = -1;
        connection = socket;
        readable = true;
        state = State.RECEIVING;
        return 1;
    }

    private int receive(StackInstance stack, int limit) {
        int work = 0;
        while (work < limit && readable) {
            int n = stack.recv(connection, buffer, 0, buffer.capacity());
            if (n > 0) {
                verifier.check(buffer, 0, n);
                work++;
            } else if (n == 0 || n == -Errno.EAGAIN && closedErrno == 0) {
                finishedAt = clock.nanoTime();
                stack.close(connection);
                connection = -1;
                state = State.DONE;
                return work + 1;
            } else if (n == -Errno.EAGAIN) {
                readable = false;
                if (closedErrno > 0) {
                    return work + fail(stack, "connection failed: errno " + closedErrno);
                }
            } else {
                return work + fail(stack, "recv failed: errno " + -n);
            }
        }
        return work;
    }

    private int fail(StackInstance stack, String why) {
        failure = why + " after " + verifier.verified() + " bytes";
        if (listener >= 0) {
            stack.close(listener);
            listener = -1;
        }
        if (connection >= 0) {
            stack.close(connection);
            connection = -1;
        }
        state = State.DONE;
        return 1;
    }

    /** @return bytes received in order and compared with the stream */
    long delivered() {
        return verifier.verified();
    }

    /** @return the stream offset of the first wrong byte, or {@link StreamVerifier#NO_MISMATCH} */
    long firstMismatch() {
        return verifier.firstMismatch();
    }

    /** @return the virtual time the end of stream arrived, or -1 */
    long finishedAt() {
        return finishedAt;
    }

    /** @return why receiving stopped early, or null */
    String failure() {
        return failure;
    }

    @Override
    public void onStackGone(TenantState tenantState, String reason) {
        if (state != State.DONE) {
            state = State.DONE;
            failure = "the stack stopped (" + tenantState + "): " + reason;
        }
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
