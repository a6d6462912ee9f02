package io.nsaas.stack.tcp.cc;

/**
 * The initial congestion window (RFC 6928 2, equation 1): {@code min(10*MSS, max(2*MSS, 14600))}.
 *
 * <p>MSS here is the sender's SMSS without IP or TCP options. Called once per connection.
 */
public final class InitialWindow {
    /** RFC 6928: the initial window in segments. */
    public static final int SEGMENTS = 10;
    /** RFC 6928's byte bound (10 segments of 1460 bytes), scaled per segment when another count is asked for. */
    public static final int BYTES_PER_SEGMENT_BOUND = 1460;

    private InitialWindow() {
    }

    /** @return the RFC 6928 initial window in bytes for {@code mss}: {@code min(10*mss, max(2*mss, 14600))} */
    public static int bytes(int mss) {
        return bytes(mss, SEGMENTS);
    }

    /**
     * The RFC 6928 equation generalised to another segment count (a configured initial window):
     * {@code min(segments*mss, max(2*mss, segments*1460))}. For {@code segments = 10} this is RFC 6928
     * equation 1 exactly.
     *
     * @throws IllegalArgumentException when {@code mss} or {@code segments} is not positive
     */
    public static int bytes(int mss, int segments) {
        if (mss <= 0) {
            throw new IllegalArgumentException("initial window: mss " + mss + " must be positive");
        }
        if (segments <= 0) {
            throw new IllegalArgumentException("initial window: segments " + segments + " must be positive (RFC 6928 uses 10)");
        }
        long upper = (long) segments * mss;
        long floor = Math.max(2L * mss, (long) segments * BYTES_PER_SEGMENT_BOUND);
        return (int) Math.min(Integer.MAX_VALUE, Math.min(upper, floor));
    }
}
