package io.nsaas.host.fabric.link;

/**
 * The transmitter of a link: when each packet finishes serializing at a fixed rate, and how long
 * the transmitter has been busy, in exact integer arithmetic.
 *
 * <p>A packet of {@code b} bytes takes {@code 8 b 10^9 / rate} nanoseconds, usually not a whole
 * number. Rounding each packet would drift; instead the time the transmitter is busy until is
 * kept exactly, as whole nanoseconds plus a fraction {@code f / rate} ({@code 0 <= f < rate}), and
 * only the completion instant handed out is rounded up to the next whole nanosecond (the first
 * clock reading at which the last bit is out). So {@code n} back-to-back packets of {@code b} bytes
 * started at {@code t} complete at {@code t + ceil(n 8 b 10^9 / rate)}, for every {@code n}.
 *
 * <p>The total transmission time is kept the same way, so the busy time up to any instant never
 * exceeds the time elapsed. With {@link LinkSpec#UNLIMITED_RATE} every packet completes at once.
 *
 * <p>Not thread-safe: owned by one {@link EmulatedLink}.
 */
final class Serializer {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long rate;
    private final boolean instant;
    /** Busy until {@code untilNanos + untilFraction / rate}. */
    private long untilNanos = Long.MIN_VALUE;
    private long untilFraction;
    /** Total transmission time of every packet accepted: {@code totalNanos + totalFraction / rate}. */
    private long totalNanos;
    private long totalFraction;

    Serializer(long rateBitsPerSecond) {
        this.rate = rateBitsPerSecond;
        this.instant = rateBitsPerSecond == LinkSpec.UNLIMITED_RATE;
    }

    /**
     * Queues {@code bytes} for transmission behind everything accepted before, starting no earlier
     * than {@code now}.
     *
     * @return the clock reading at which the packet's last bit has left
     */
    long transmit(long now, int bytes) {
        if (instant) {
            return now;
        }
        long bitNanos = bytes * 8L * NANOS_PER_SECOND; // at most 65535 * 8 * 10^9 < 2^63
        long whole = bitNanos / rate;
        long fraction = bitNanos % rate;
        if (untilNanos < now || (untilNanos == now && untilFraction == 0)) {
            untilNanos = now; // idle: this packet starts now
            untilFraction = 0;
        }
        untilNanos += whole;
        if (untilFraction >= rate - fraction) { // untilFraction + fraction >= rate, without overflow
            untilFraction -= rate - fraction;
            untilNanos++;
        } else {
            untilFraction += fraction;
        }
        totalNanos += whole;
        if (totalFraction >= rate - fraction) {
            totalFraction -= rate - fraction;
            totalNanos++;
        } else {
            totalFraction += fraction;
        }
        return untilFraction == 0 ? untilNanos : untilNanos + 1;
    }

    /** @return whole nanoseconds the transmitter has spent sending, up to {@code now}, rounded down */
    long busyNanos(long now) {
        if (instant) {
            return 0;
        }
        boolean busyBeyondNow = untilNanos > now || (untilNanos == now && untilFraction > 0);
        if (!busyBeyondNow) {
            return totalNanos;
        }
        // total - (until - now), exactly: the part still to be sent is not busy time yet
        long whole = totalNanos - untilNanos + now;
        return totalFraction >= untilFraction ? whole : whole - 1;
    }
}
