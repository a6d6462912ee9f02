package io.nsaas.bench.run;

import java.util.Arrays;
import java.util.Locale;

/**
 * Round-trip times of one benchmark run, recorded into a preallocated array (no allocation while
 * timing) and summarised as one {@code RESULT} line that the benchmark scripts parse:
 * {@code RESULT <name> n=<count> p50_us=<..> p99_us=<..> mean_us=<..> max_us=<..>}.
 *
 * <p>Not thread-safe: one timing thread.
 */
public final class LatencySamples {
    private final long[] nanos;
    private int count;

    /** @param capacity the number of samples the run records, {@code > 0} */
    public LatencySamples(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("sample count must be > 0, got " + capacity);
        }
        this.nanos = new long[capacity];
    }

    /** Records one round trip of {@code elapsedNanos}; samples past the capacity are dropped. */
    public void add(long elapsedNanos) {
        if (count < nanos.length) {
            nanos[count++] = elapsedNanos;
        }
    }

    /** @return the number of samples recorded */
    public int count() {
        return count;
    }

    /** @return the {@code q} quantile (0..1) in nanoseconds, nearest rank; sorts the samples */
    public long quantileNanos(double q) {
        if (count == 0) {
            throw new IllegalStateException("no samples recorded");
        }
        Arrays.sort(nanos, 0, count);
        int rank = (int) Math.ceil(q * count);
        return nanos[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /** @return the mean in nanoseconds */
    public double meanNanos() {
        if (count == 0) {
            throw new IllegalStateException("no samples recorded");
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return sum / count;
    }

    /** @return the {@code RESULT} line of this run under {@code name} */
    public String resultLine(String name) {
        long p50 = quantileNanos(0.50);
        long p99 = quantileNanos(0.99);
        long max = quantileNanos(1.0);
        return String.format(Locale.ROOT, "RESULT %s n=%d p50_us=%.3f p99_us=%.3f mean_us=%.3f max_us=%.3f",
            name, count, p50 / 1e3, p99 / 1e3, meanNanos() / 1e3, max / 1e3);
    }
}
