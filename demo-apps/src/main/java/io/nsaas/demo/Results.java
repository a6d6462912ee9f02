package io.nsaas.demo;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the demo programs talk to whoever started them: one {@code READY host:port} line when a server
 * listens, and {@code RESULT key=value} lines with what was measured, all on standard output.
 */
public final class Results {

    private Results() {
    }

    /** Prints {@code RESULT key=value} and flushes. */
    public static void print(String key, Object value) {
        System.out.println("RESULT " + key + "=" + value);
        System.out.flush();
    }

    /** Prints a decimal result with three decimals, independent of the JVM's locale. */
    public static void printDecimal(String key, double value) {
        print(key, String.format(Locale.ROOT, "%.3f", value));
    }

    /** Prints {@code READY host:port} and flushes. */
    public static void ready(String hostAndPort) {
        System.out.println("READY " + hostAndPort);
        System.out.flush();
    }

    /** @return megabits per second of {@code bytes} moved in {@code nanos} (0 when no time passed) */
    public static double mbps(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 8.0 * 1000.0 / nanos;
    }

    /** @return the {@code q}-quantile (0..1, nearest rank) of {@code nanos}, in microseconds */
    public static double quantileMicros(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    /** Blocks until the parent closes this process's standard input: the servers' stop signal. */
    public static void awaitStdinClosed() {
        try {
            while (System.in.read() >= 0) {
                // ignore anything the parent writes; only the end of the stream matters
            }
        } catch (java.io.IOException e) {
            // a broken stdin means the parent is gone: stop as well
        }
    }
}
