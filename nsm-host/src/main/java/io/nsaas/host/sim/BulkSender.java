package io.nsaas.host.sim;

import io.nsaas.host.nsm.TenantState;
import io.nsaas.host.nsm.TenantWork;
import io.nsaas.host.perf.PerfStream;
import io.nsaas.spi.Errno;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The sending application of one simulated flow, inside the sender tenant: at the flow's start time
 * it connects to the receiver, keeps the socket's send buffer full with the {@link PerfStream} of the
 * flow's seed until {@code bytes} were sent (or forever for a bulk flow), then shuts down for
 * writing, reads until the receiver closes, and closes.
 *
 * <pre>
 *   WAITING --start time: open/connect--&gt; CONNECTING --onConnected--&gt; SENDING --all sent: SHUT_WR--&gt;
 *   DRAINING --recv 0 / onClosed(0)--&gt; DONE             (any error or onClosed(errno): DONE, failed)
 * </pre>
 *
 * <p>Socket calls happen only in {@link #doWork} and {@link #sample}; events only set flags.
 * Threading: the simulator's (NSM's) thread. The data path does not allocate.
 */
final class BulkSender implements TenantWork, StackEvents {
    private static final int NOT_CLOSED = -1;

    private enum State { WAITING, CONNECTING, SENDING, DRAINING, DONE }

    private final NanoClock clock;
    private final long startNanos;
    private final long bytes;
    private final int peerAddress;
    private final int peerPort;
    private final PerfStream stream;
    private final UnsafeBuffer block = new UnsafeBuffer(new byte[PerfStream.BLOCK_BYTES]);
    private final TcpInfo info = new TcpInfo();
    private State state = State.WAITING;
    private StackInstance stack;
    private int socket = -1;
    private boolean connected;
    private boolean writable;
    private boolean readable;
    private int closedErrno = NOT_CLOSED;
    private int blockOffset;
    private int blockLength;
    private long generated;
    private long sent;
    private long retransmits;
    private String failure;

    /**
     * @param bytes bytes of the stream to send, or -1 to send until the simulation ends
     * @param seed  the stream's seed, not 0
     */
    BulkSender(NanoClock clock, long startNanos, long bytes, long seed, int peerAddress, int peerPort) {
        this.clock = clock;
        this.startNanos = startNanos;
        this.bytes = bytes;
        this.stream = new PerfStream(seed);
        this.peerAddress = peerAddress;
        this.peerPort = peerPort;
    }

    @Override
    public int doWork(StackInstance stack, int limit) {
        this.stack = stack;
        switch (state) {
            case WAITING:
                return clock.nanoTime() >= startNanos ? open() : 0;
            case CONNECTING:
                return connecting();
            case SENDING:
                return sending(limit);
            case DRAINING:
                return draining(limit);
            default:
                return 0;
        }
    }

    private int open() {
        socket = stack.open();
        if (socket < 0) {
            return fail("cannot open a socket: errno " + -socket);
        }
        state = State.CONNECTING;
        int rc = stack.connect(socket, peerAddress, peerPort);
        if (rc == 0) {
            connected = true;
        } else if (rc != -Errno.EINPROGRESS) {
            return fail("connect failed: errno " + -rc);
        }
        return 1 + connecting();
    }

    private int connecting() {
        if (connected) {
            state = State.SENDING;
            writable = true;
            return 1;
        }
        if (closedErrno != NOT_CLOSED) {
            return fail("connect failed: " + (closedErrno == 0 ? "closed before established" : "errno " + closedErrno));
        }
        return 0;
    }

    private int sending(int limit) {
        int work = 0;
        while (work < limit && writable) {
            if (blockOffset == blockLength) {
                if (generated == bytes) {
                    return work + shutdownForWriting();
                }
                nextBlock();
            }
            int n = stack.send(socket, block, blockOffset, blockLength - blockOffset);
            if (n > 0) {
                blockOffset += n;
                sent += n;
                work++;
            } else if (n == -Errno.EAGAIN || n == 0) {
                writable = false;
                if (closedErrno > 0) {
                    return work + fail("connection failed after " + sent + " bytes: errno " + closedErrno);
                }
            } else {
                return work + fail("send failed after " + sent + " bytes: errno " + -n);
            }
        }
        if (blockOffset == blockLength && generated == bytes) {
            return work + shutdownForWriting();
        }
        return work;
    }

    /** Generates the next whole 64 KiB block of the stream, so the stream stays aligned; sends only what is due. */
    private void nextBlock() {
        int length = bytes < 0 ? PerfStream.BLOCK_BYTES : (int) Math.min(PerfStream.BLOCK_BYTES, bytes - generated);
        stream.fill(block, 0, PerfStream.BLOCK_BYTES);
        generated += length;
        blockLength = length;
        blockOffset = 0;
    }

    private int shutdownForWriting() {
        int rc = stack.shutdown(socket, StackInstance.SHUT_WR);
        if (rc < 0) {
            return fail("shutdown after all " + bytes + " bytes failed: errno " + -rc);
        }
        state = State.DRAINING;
        readable = true;
        return 1;
    }

    private int draining(int limit) {
        int work = 0;
        while (work < limit && readable) {
            int n = stack.recv(socket, block, 0, block.capacity());
            if (n > 0) {
                work++;
            } else if (n == 0 || n == -Errno.EAGAIN && closedErrno == 0) {
                return work + finish();
            } else if (n == -Errno.EAGAIN) {
                readable = false;
                if (closedErrno > 0) {
                    return work + fail("connection failed after all bytes were sent: errno " + closedErrno);
                }
            } else {
                return work + fail("recv failed after all bytes were sent: errno " + -n);
            }
        }
        return work;
    }

    private int finish() {
        sample(info);
        stack.close(socket);
        socket = -1;
        state = State.DONE;
        return 1;
    }

    private int fail(String why) {
        failure = why;
        if (socket >= 0) {
            sample(info);
            stack.close(socket);
            socket = -1;
        }
        state = State.DONE;
        return 1;
    }

    /**
     * Takes a snapshot of the connection while the socket is open.
     *
     * @return whether {@code into} now holds one
     */
    boolean sample(TcpInfo into) {
        if (socket < 0 || stack == null || stack.info(socket, into) != 0) {
            return false;
        }
        retransmits = into.totalRetrans;
        return true;
    }

    /** @return the stack's retransmission count at the last snapshot */
    long retransmits() {
        return retransmits;
    }

    /** @return payload bytes the stack accepted */
    long sent() {
        return sent;
    }

    /** @return why the sender gave up, or null */
    String failure() {
        return failure;
    }

    @Override
    public void onStackGone(TenantState tenantState, String reason) {
        if (state != State.DONE) {
            state = State.DONE;
            socket = -1;
            failure = "the stack stopped (" + tenantState + "): " + reason;
        }
    }

    @Override
    public void onConnected(int socket) {
        if (socket == this.socket) {
            connected = true;
        }
    }

    @Override
    public void onReadable(int socket) {
        if (socket == this.socket) {
            readable = true;
        }
    }

    @Override
    public void onWritable(int socket) {
        if (socket == this.socket) {
            writable = true;
        }
    }

    @Override
    public void onAcceptable(int socket) {
    }

    @Override
    public void onClosed(int socket, int errno) {
        if (socket == this.socket) {
            closedErrno = errno;
            readable = true;
            writable = true;
        }
    }
}
