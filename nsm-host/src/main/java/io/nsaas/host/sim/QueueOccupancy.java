package io.nsaas.host.sim;

import java.util.Arrays;

/**
 * Time-weighted statistics of a queue's length in packets: the event loop reports the length that
 * holds over each interval of virtual time ({@link #hold}); the histogram of time per length gives
 * the mean and exact percentiles of the length over the run (the length at a uniformly random
 * instant), independent of any sampling rate.
 *
 * <p>Threading: the simulator's thread. {@link #hold} does not allocate unless the queue reaches a
 * new maximum length beyond the histogram's size.
 */
final class QueueOccupancy {
    private long[] nanosAtLength = new long[64];
    private long totalNanos;

    /** Records that the queue held {@code packets} for {@code nanos} of virtual time. */
    void hold(int packets, long nanos) {
        if (nanos <= 0) {
            return;
        }
        if (packets >= nanosAtLength.length) {
            nanosAtLength = Arrays.copyOf(nanosAtLength, Math.max(packets + 1, nanosAtLength.length * 2));
        }
        nanosAtLength[packets] += nanos;
        totalNanos += nanos;
    }

    /** @return mean, p50, p95, p99 and max length over the recorded time; all 0 when nothing was recorded */
    QueueStats stats() {
        if (totalNanos == 0) {
            return new QueueStats(0, 0, 0, 0, 0);
        }
        double weighted = 0;
        int max = 0;
        for (int length = 0; length < nanosAtLength.length; length++) {
            if (nanosAtLength[length] > 0) {
                weighted += (double) length * nanosAtLength[length];
                max = length;
            }
        }
        return new QueueStats(weighted / totalNanos, percentile(0.50), percentile(0.95), percentile(0.99), max);
    }

    /** @return the smallest length L such that the queue held at most L for at least fraction {@code p} of the time */
    private int percentile(double p) {
        double target = p * totalNanos;
        long cumulative = 0;
        for (int length = 0; length < nanosAtLength.length; length++) {
            cumulative += nanosAtLength[length];
            if (cumulative >= target && nanosAtLength[length] > 0) {
                return length;
            }
        }
        return nanosAtLength.length - 1;
    }
}
