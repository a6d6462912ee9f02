package io.nsaas.guest.socket;

import io.nsaas.spi.Errno;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The SENDs of one socket that a blocking write submitted without waiting for their completions:
 * the guest's equivalent of a Linux send buffer. Several chunks are in flight at once (at most
 * {@link #window()}), so copying the next chunk overlaps with the host handing the previous one to
 * its stack, and a write returns once its bytes are submitted.
 *
 * <p><b>Contract relied on.</b> The host completes a blocking SEND (no {@code FLAG_NONBLOCK}) once
 * the stack took all its bytes, in submission order per socket, and short or negative only when the
 * connection ended (CoreEngine). A failed or short completion is remembered and reported by the next
 * write (Linux reports a send-buffer failure on a later call): the first failure with its errno,
 * every later write with {@code EPIPE}.
 *
 * <p><b>Close.</b> A close first waits for the SENDs in flight ({@link #await}), so the bytes written
 * reach the stack before the CLOSE (and before the process may exit, which would drop them); a close
 * while another thread is blocked writing is abortive, as before pipelining. {@link #markClosing()}
 * and {@link #trySubmit()} share one atomic word (in-flight count plus a CLOSING bit), so no SEND is
 * submitted after the CLOSE.
 *
 * <p>Threading: the writer (under the socket's write lock) acquires and waits; {@link #onCompleted}
 * runs on whichever guest thread drains the completion ring.
 */
final class SendPipeline {
    /** System property: SENDs one socket keeps in flight, 1 = stop-and-wait; default {@value #DEFAULT_WINDOW}. */
    static final String WINDOW_PROPERTY = "nsaas.guest.send-window";
    static final int DEFAULT_WINDOW = 8;
    /** Stays below the host's held-request limit per socket (64), which a RECV and an ACCEPT share. */
    static final int MAX_WINDOW = 32;
    static final int DRAINED = 1;
    private static final int CLOSING = 1 << 30;
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final int window;
    private final AtomicInteger state = new AtomicInteger();
    private volatile int failedErrno;
    private volatile boolean failureReported;
    private volatile Thread waiter;

    SendPipeline(int window) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("send window " + window + " must be in 1.." + MAX_WINDOW
                + " (system property " + WINDOW_PROPERTY + ")");
        }
        this.window = window;
    }

    /** @return the window from {@value #WINDOW_PROPERTY}, clamped to 1..{@value #MAX_WINDOW} */
    static int configuredWindow() {
        int configured = Integer.getInteger(WINDOW_PROPERTY, DEFAULT_WINDOW);
        return Math.max(1, Math.min(MAX_WINDOW, configured));
    }

    int window() {
        return window;
    }

    /** @return SENDs submitted and not yet completed */
    int inFlight() {
        return state.get() & ~CLOSING;
    }

    /**
     * Writer: counts one more SEND about to be submitted (undo with {@link #onCompleted} when the
     * submit fails).
     *
     * @return false when the socket is already closing (nothing counted)
     */
    boolean trySubmit() {
        while (true) {
            int current = state.get();
            if ((current & CLOSING) != 0) {
                return false;
            }
            if (state.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /**
     * Completion thread (or a writer whose submit failed): one SEND ended with {@code result} of
     * {@code length} bytes.
     *
     * @return {@link #DRAINED} when none is left in flight, else 0
     */
    int onCompleted(long result, int length) {
        if (result < length && failedErrno == 0) {
            failedErrno = result < 0 && result >= -4095 ? (int) -result : Errno.EPIPE;
        }
        int now = state.decrementAndGet();
        Thread w = waiter;
        if (w != null && w != Thread.currentThread()) {
            LockSupport.unpark(w);
        }
        return (now & ~CLOSING) == 0 ? DRAINED : 0;
    }

    /** Unparks the writer waiting in {@link #await} (close, detach). */
    void wakeWaiter() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Closer: no SEND is submitted from now on. */
    void markClosing() {
        state.getAndUpdate(current -> current | CLOSING);
    }

    /** @return the errno a write must fail with now (first failure, then EPIPE), or 0 */
    int takeFailure() {
        int errno = failedErrno;
        if (errno == 0) {
            return 0;
        }
        if (failureReported) {
            return Errno.EPIPE;
        }
        failureReported = true;
        return errno;
    }

    /**
     * Writer: waits until at most {@code maxInFlight} SENDs are in flight, draining completions itself
     * through {@code transport} (spin, then short parks that the completing thread cuts short).
     *
     * @param deadline {@code System.nanoTime()} to give up at, {@code Long.MAX_VALUE} for never
     * @return whether the condition holds (false: the deadline passed)
     * @throws java.io.IOException when {@code socket} is closed or the guest detached meanwhile
     */
    boolean await(int maxInFlight, long deadline, SocketTransport transport, ChannelSocket socket)
        throws java.io.IOException {
        if (inFlight() <= maxInFlight) {
            return true;
        }
        long start = System.nanoTime();
        long park = 1_000;
        waiter = Thread.currentThread();
        try {
            while (inFlight() > maxInFlight) {
                socket.ensureOpen();
                if (transport.pollCompletions() > 0) {
                    continue;
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return false;
                }
                if (now - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, Math.min(park, deadline - now));
                    park = Math.min(park << 1, MAX_PARK_NANOS);
                }
            }
            return true;
        } finally {
            waiter = null;
        }
    }
}
