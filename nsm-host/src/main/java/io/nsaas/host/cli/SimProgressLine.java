package io.nsaas.host.cli;

import io.nsaas.host.sim.SimProgress;
import java.io.PrintWriter;
import java.util.Locale;
import org.agrona.concurrent.NanoClock;

/**
 * The progress line of {@code nsaas sim} on stderr, rewritten in place with a carriage return:
 * {@code nsaas sim: 3.2 s of 10 s simulated (32%), 1,234,567 packets, 1.6x real time}. Silent for
 * runs that end within {@link #QUIET_NANOS} of wall time, and at most {@link #EVERY_NANOS} apart.
 *
 * <p>Reads the wall clock, never anything of the simulation, so it cannot change a run's results.
 * Threading: the simulation thread calls {@link #update}; {@link #finish} from the same thread after
 * the run.
 */
final class SimProgressLine implements SimProgress {
    /** Nothing is shown before this much wall time has passed. */
    static final long QUIET_NANOS = 2_000_000_000L;
    /** Least wall time between two updates of the line. */
    static final long EVERY_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final NanoClock wall;
    private final long startedAt;
    private long shownAt;
    private int shownLength;

    SimProgressLine(PrintWriter err, NanoClock wall) {
        this.err = err;
        this.wall = wall;
        this.startedAt = wall.nanoTime();
    }

    @Override
    public void update(long simulatedNanos, long totalNanos, long packets) {
        long now = wall.nanoTime();
        boolean last = simulatedNanos >= totalNanos;
        if (now - startedAt < QUIET_NANOS || (!last && shownLength > 0 && now - shownAt < EVERY_NANOS)
            || (last && shownLength == 0)) {
            return;
        }
        double elapsed = (now - startedAt) / 1e9;
        String line = String.format(Locale.ROOT, "nsaas sim: %.1f s of %s s simulated (%d%%), %,d packets, %.1fx real time",
            simulatedNanos / 1e9, trim(totalNanos / 1e9), totalNanos > 0 ? simulatedNanos * 100 / totalNanos : 100, packets,
            simulatedNanos / 1e9 / elapsed);
        // pad over the rest of a longer previous line
        StringBuilder text = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < shownLength; i++) {
            text.append(' ');
        }
        err.print(text);
        err.flush();
        shownAt = now;
        shownLength = Math.max(shownLength, line.length());
    }

    /** Ends the line if one was shown, so what follows starts on a line of its own. */
    void finish() {
        if (shownLength > 0) {
            err.println();
            err.flush();
            shownLength = 0;
        }
    }

    /** @return whether a line has been shown and not yet finished */
    boolean shown() {
        return shownLength > 0;
    }

    private static String trim(double seconds) {
        return new java.math.BigDecimal(seconds).setScale(3, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
