package io.nsaas.host.perf;

import io.nsaas.host.nsm.TenantState;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import java.util.Objects;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The sending side of {@code nsaas perf}: connects, sends the first N bytes of the {@link PerfStream}
 * while hashing them, shuts down for writing, waits for the peer to close (it reads and discards
 * anything the peer sends) and posts one {@link PerfResult}: bytes, SHA-256 of the sent bytes,
 * seconds from establishment to the peer's close, and the stack's retransmission count.
 *
 * <pre>
 *   WAITING --target known: open/connect--&gt; CONNECTING --onConnected--&gt; SENDING --all sent: SHUT_WR--&gt;
 *   DRAINING --recv 0 or onClosed(0)--&gt; DONE          (any error, onClosed(errno) or idle timeout: DONE, failed)
 * </pre>
 *
 * <p>Socket calls happen only in {@link #doWork}; events only set flags. Time is the NSM's clock.
 * The data path (fill, hash, send) does not allocate. Threading: NSM thread, except
 * {@link #connect(long)} and {@link #progressBytes()}.
 */
public final class PerfClient implements PerfApp {
    private static final long NO_TARGET = -1;
    private static final int NOT_CLOSED = -1;

    private enum State { WAITING, CONNECTING, SENDING, DRAINING, DONE }

    private final NanoClock clock;
    private final long bytes;
    private final int bindAddress;
    private final long idleTimeoutNanos;
    private final PerfOutcomes outcomes;
    private final PerfStream stream;
    private final UnsafeBuffer block = new UnsafeBuffer(new byte[PerfStream.BLOCK_BYTES]);
    private final StreamDigest digest = new StreamDigest(PerfStream.BLOCK_BYTES);
    private final TcpInfo info = new TcpInfo();
    private volatile long target = NO_TARGET;
    private State state = State.WAITING;
    private String peer = "";
    private int socket = -1;
    private boolean connected;
    private boolean writable;
    private boolean readable;
    private int closedErrno = NOT_CLOSED;
    private int blockOffset;
    private int blockLength;
    private long generated;
    private long sent;
    private long establishedAt;
    private long lastProgressAt;
    private volatile long progress;

    /**
     * @param clock            the NSM's clock
     * @param bytes            how many bytes of the stream to send, {@code >= 0}
     * @param seed             the stream's seed ({@link PerfStream}), not 0
     * @param bindAddress      source address to bind before connecting, or {@link Endpoint#ANY_ADDRESS}
     * @param idleTimeoutNanos connecting, or a connection that moves nothing, fails after this long; 0 never
     * @param outcomes         where the outcome goes
     */
    public PerfClient(NanoClock clock, long bytes, long seed, int bindAddress, long idleTimeoutNanos,
                      PerfOutcomes outcomes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte count " + bytes + " is negative");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bytes = bytes;
        this.stream = new PerfStream(seed);
        this.bindAddress = bindAddress;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** Starts the transfer to a packed {@link Endpoint}; any thread, once. */
    public void connect(long endpoint) {
        if (endpoint < 0) {
            throw new IllegalArgumentException("not a packed endpoint: " + endpoint);
        }
        target = endpoint;
    }

    @Override
    public long progressBytes() {
        return progress;
    }

    @Override
    public int doWork(StackInstance stack, int limit) {
        switch (state) {
            case WAITING:
                return target == NO_TARGET ? 0 : open(stack, target);
            case CONNECTING:
                return connecting(stack);
            case SENDING:
                return sending(stack, limit);
            case DRAINING:
                return draining(stack, limit);
            default:
                return 0;
        }
    }

    private int open(StackInstance stack, long endpoint) {
        peer = Endpoint.format(endpoint);
        lastProgressAt = clock.nanoTime();
        socket = stack.open();
        if (socket < 0) {
            return fail(stack, "cannot open a socket: " + ErrnoText.describe(socket));
        }
        if (bindAddress != Endpoint.ANY_ADDRESS) {
            int rc = stack.bind(socket, bindAddress, 0);
            if (rc < 0) {
                return fail(stack, "cannot bind source address " + Endpoint.formatAddress(bindAddress) + ": "
                    + ErrnoText.describe(rc));
            }
        }
        state = State.CONNECTING;
        int rc = stack.connect(socket, Endpoint.address(endpoint), Endpoint.port(endpoint));
        if (rc == 0) {
            connected = true;
        } else if (rc != -Errno.EINPROGRESS) {
            return fail(stack, "cannot connect to " + peer + ": " + ErrnoText.describe(rc));
        }
        return 1 + connecting(stack);
    }

    private int connecting(StackInstance stack) {
        if (connected) {
            state = State.SENDING;
            writable = true;
            establishedAt = clock.nanoTime();
            lastProgressAt = establishedAt;
            return 1;
        }
        if (closedErrno != NOT_CLOSED) {
            return fail(stack, "cannot connect to " + peer + ": "
                + (closedErrno == 0 ? "closed before it was established" : ErrnoText.describe(closedErrno)));
        }
        if (timedOut(clock.nanoTime())) {
            return fail(stack, "cannot connect to " + peer + ": no answer within " + timeoutSeconds() + " s (timed out)");
        }
        return 0;
    }

    private int sending(StackInstance stack, int limit) {
        int work = 0;
        while (work < limit && writable) {
            if (blockOffset == blockLength) {
                if (generated == bytes) {
                    return work + shutdownForWriting(stack);
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
                    return work + fail(stack, sendFailure(closedErrno));
                }
            } else {
                return work + fail(stack, sendFailure(n));
            }
        }
        if (blockOffset == blockLength && generated == bytes) {
            return work + shutdownForWriting(stack);
        }
        if (stalled(work)) {
            return fail(stack, "no progress for " + timeoutSeconds() + " s while sending (sent " + sent + " of " + bytes
                + " bytes) (timed out)");
        }
        return work;
    }

    private String sendFailure(int errno) {
        return "sending to " + peer + " failed after " + sent + " of " + bytes + " bytes: " + ErrnoText.describe(errno);
    }

    /** Generates the next 64 KiB of the stream (always whole blocks, so the stream stays aligned) and hashes what will be sent. */
    private void nextBlock() {
        int length = (int) Math.min(PerfStream.BLOCK_BYTES, bytes - generated);
        stream.fill(block, 0, PerfStream.BLOCK_BYTES);
        digest.update(block, 0, length);
        generated += length;
        blockLength = length;
        blockOffset = 0;
    }

    private int shutdownForWriting(StackInstance stack) {
        int rc = stack.shutdown(socket, StackInstance.SHUT_WR);
        if (rc < 0) {
            return fail(stack, "shutting down the sending side to " + peer + " failed after all " + bytes + " bytes: "
                + ErrnoText.describe(rc));
        }
        progress = sent;
        state = State.DRAINING;
        readable = true;
        return 1;
    }

    private int draining(StackInstance stack, int limit) {
        int work = 0;
        while (work < limit && readable) {
            int n = stack.recv(socket, block, 0, block.capacity());
            if (n > 0) {
                work++; // the peer may send something back; it is not part of the measurement
            } else if (n == 0) {
                return work + complete(stack);
            } else if (n == -Errno.EAGAIN) {
                readable = false;
                if (closedErrno == 0) {
                    return work + complete(stack);
                }
                if (closedErrno > 0) {
                    return work + fail(stack, drainFailure(closedErrno));
                }
            } else {
                return work + fail(stack, drainFailure(n));
            }
        }
        if (stalled(work)) {
            return fail(stack, "no progress for " + timeoutSeconds() + " s while waiting for " + peer
                + " to close after all " + bytes + " bytes were sent (timed out)");
        }
        return work;
    }

    private String drainFailure(int errno) {
        return "all " + bytes + " bytes were sent to " + peer + " but the connection then failed, so their receipt is unconfirmed: "
            + ErrnoText.describe(errno);
    }

    /** Notes progress. @return whether nothing moved for longer than the idle timeout */
    private boolean stalled(int work) {
        long now = clock.nanoTime();
        if (work > 0) {
            lastProgressAt = now;
            progress = sent;
            return false;
        }
        return timedOut(now);
    }

    private boolean timedOut(long now) {
        return idleTimeoutNanos > 0 && now - lastProgressAt > idleTimeoutNanos;
    }

    private long timeoutSeconds() {
        return idleTimeoutNanos / 1_000_000_000L;
    }

    private int complete(StackInstance stack) {
        long nanos = clock.nanoTime() - establishedAt;
        boolean measured = stack.info(socket, info) == 0;
        long retransmits = measured ? info.totalRetrans : -1;
        EcnCounts ecn = measured ? EcnCounts.of(info) : null;
        stack.close(socket);
        socket = -1;
        state = State.DONE;
        progress = sent;
        outcomes.post(PerfOutcome.completed(new PerfResult(sent, digest.finishHex(), nanos, retransmits, ecn)));
        return 1;
    }

    private int fail(StackInstance stack, String message) {
        if (socket >= 0) {
            stack.close(socket);
            socket = -1;
        }
        state = State.DONE;
        outcomes.post(PerfOutcome.stopped(message));
        return 1;
    }

    @Override
    public void onStackGone(TenantState tenantState, String reason) {
        if (state != State.DONE) {
            state = State.DONE;
            outcomes.post(PerfOutcome.stopped("the stack stopped (" + tenantState + "): " + reason));
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
