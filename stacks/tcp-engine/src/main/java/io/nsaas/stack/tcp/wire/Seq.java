package io.nsaas.stack.tcp.wire;

/**
 * Sequence number arithmetic modulo 2^32 (RFC 9293 section 3.4): sequence numbers are Java
 * {@code int}s and {@code a} is "less than" {@code b} when {@code b} lies less than 2^31 ahead of
 * it, i.e. when {@code a - b} is negative. Comparisons are meaningful only between numbers less
 * than 2^31 apart, which the window limits guarantee.
 *
 * <p>Stateless, allocation-free.
 */
public final class Seq {
    private Seq() {
    }

    /** @return true when {@code a} precedes {@code b} modulo 2^32 */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** @return true when {@code a} precedes or equals {@code b} modulo 2^32 */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    /** @return true when {@code a} follows {@code b} modulo 2^32 */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** @return true when {@code a} follows or equals {@code b} modulo 2^32 */
    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** @return the later of {@code a} and {@code b} modulo 2^32 */
    public static int max(int a, int b) {
        return a - b >= 0 ? a : b;
    }

    /** @return the earlier of {@code a} and {@code b} modulo 2^32 */
    public static int min(int a, int b) {
        return a - b <= 0 ? a : b;
    }

    /**
     * @return true when {@code start <= seq < endExclusive} modulo 2^32 (RFC 9293 3.4's
     *     acceptability tests are built from this); an empty range ({@code start == endExclusive})
     *     holds nothing
     */
    public static boolean inRange(int seq, int start, int endExclusive) {
        return Integer.compareUnsigned(seq - start, endExclusive - start) < 0;
    }
}
