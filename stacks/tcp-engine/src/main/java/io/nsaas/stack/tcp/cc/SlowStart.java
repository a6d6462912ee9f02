package io.nsaas.stack.tcp.cc;

/**
 * Window-growth functions shared by congestion-control algorithms (Linux {@code tcp_slow_start} and
 * {@code tcp_cong_avoid_ai}): pure integer functions, no state, no allocation. Every size is in bytes;
 * every result saturates at {@link Integer#MAX_VALUE} instead of overflowing.
 *
 * <p>Congestion avoidance keeps a byte "credit" between ACKs (Linux {@code snd_cwnd_cnt}); the
 * algorithm owns it and {@link #additiveIncrease} returns it packed with the new cwnd in a
 * {@code long}: read them with {@link #cwndOf(long)} and {@link #creditOf(long)}.
 */
public final class SlowStart {
    /** RFC 3465 2.2: the slow-start limit L, in segments, for ordinary slow start. */
    public static final int ABC_LIMIT_SEGMENTS = 2;
    /** RFC 3465 2.3: the limit L, in segments, in the slow start that follows a retransmission timeout. */
    public static final int ABC_LIMIT_AFTER_RTO_SEGMENTS = 1;

    private SlowStart() {
    }

    /**
     * Slow start with appropriate byte counting (RFC 5681 3.1, RFC 3465 2.2, L = 2*SMSS):
     * {@code cwnd += min(ackedBytes, L)}, never beyond ssthresh.
     *
     * @return the new cwnd; {@code cwnd} unchanged when it is already at or above ssthresh or nothing was acked
     */
    public static int slowStart(int cwnd, int ssthresh, int ackedBytes, int mss) {
        return slowStartLimited(cwnd, ssthresh, ackedBytes, ABC_LIMIT_SEGMENTS * (long) mss);
    }

    /**
     * Slow start with an explicit byte-counting limit (use {@code ABC_LIMIT_AFTER_RTO_SEGMENTS * mss}
     * after a timeout, RFC 3465 2.3).
     *
     * @param limitBytes L: the most one ACK may grow cwnd by
     * @return the new cwnd, at most {@code max(cwnd, ssthresh)}
     */
    public static int slowStartLimited(int cwnd, int ssthresh, int ackedBytes, long limitBytes) {
        if (ackedBytes <= 0 || cwnd >= ssthresh) {
            return cwnd;
        }
        long grown = (long) cwnd + Math.min(ackedBytes, limitBytes);
        return (int) Math.min(grown, ssthresh);
    }

    /**
     * The bytes of this ACK that {@link #slowStart} could not use because cwnd reached ssthresh, to be
     * counted by congestion avoidance in the same ACK (Linux {@code tcp_slow_start}'s return value).
     * Bytes beyond L that were cut by byte counting before reaching ssthresh are not leftover.
     *
     * @return leftover bytes, 0..ackedBytes
     */
    public static int leftover(int cwnd, int ssthresh, int ackedBytes, int mss) {
        return leftoverLimited(cwnd, ssthresh, ackedBytes, ABC_LIMIT_SEGMENTS * (long) mss);
    }

    /**
     * {@link #leftover} for {@link #slowStartLimited} with the same {@code limitBytes}.
     *
     * @return leftover bytes, 0..ackedBytes
     */
    public static int leftoverLimited(int cwnd, int ssthresh, int ackedBytes, long limitBytes) {
        if (ackedBytes <= 0) {
            return 0;
        }
        if (cwnd >= ssthresh) {
            return ackedBytes;
        }
        long room = (long) ssthresh - cwnd;
        long used = Math.min(Math.min(ackedBytes, limitBytes), room);
        return used < room ? 0 : (int) (ackedBytes - used);
    }

    /**
     * RFC 5681 3.1 equation 3, per ACK: {@code cwnd += SMSS*SMSS/cwnd}, at least 1 byte.
     *
     * @return the increase in bytes (not the new cwnd)
     */
    public static int perAckIncrease(int cwnd, int mss) {
        if (cwnd <= 0) {
            return mss;
        }
        return (int) Math.max(1L, (long) mss * mss / cwnd);
    }

    /**
     * Additive increase by byte counting (RFC 3465 2.1, RFC 5681 3.1 "byte counting" variant of
     * equation 3; Linux {@code tcp_cong_avoid_ai} in bytes): the acknowledged bytes accrue as credit,
     * and cwnd grows by one {@code mss} for each full {@code window} of credit. Reno passes
     * {@code window = cwnd} (one SMSS per RTT); CUBIC passes its own, smaller or larger, window.
     *
     * @param credit the credit returned by the previous call (0 at start and after a reduction)
     * @param window bytes to acknowledge per {@code mss} of growth; values below 1 count as 1
     * @return the new cwnd and credit, packed; read with {@link #cwndOf} and {@link #creditOf}
     */
    public static long additiveIncrease(int cwnd, int ackedBytes, int mss, int credit, int window) {
        long w = Math.max(1, window);
        long total = (long) Math.max(0, credit) + Math.max(0, ackedBytes);
        long grown = cwnd;
        if (total >= w) {
            long increments = total / w;
            total -= increments * w;
            grown = Math.min(Integer.MAX_VALUE, cwnd + increments * mss);
        }
        return pack((int) grown, (int) total);
    }

    /** @return the cwnd part of an {@link #additiveIncrease} result */
    public static int cwndOf(long packed) {
        return (int) (packed >>> 32);
    }

    /** @return the credit part of an {@link #additiveIncrease} result */
    public static int creditOf(long packed) {
        return (int) packed;
    }

    private static long pack(int cwnd, int credit) {
        return ((long) cwnd << 32) | (credit & 0xFFFF_FFFFL);
    }
}
