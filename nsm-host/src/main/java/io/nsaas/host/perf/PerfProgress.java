package io.nsaas.host.perf;

import java.io.PrintWriter;
import java.util.Locale;
import org.agrona.concurrent.NanoClock;

/**
 * Prints a progress line for a running transfer each time it is run (once a second), on the same
 * clock the NSMs use: {@code nsaas perf client: 3.0 s, 1.20 GiB, 3.421 Gbit/s}. Prints nothing while
 * no bytes move, and starts over when a new connection starts from zero.
 *
 * <p>Threading: the controlling thread.
 */
public final class PerfProgress implements Runnable {
    private final String label;
    private final PerfApp app;
    private final NanoClock clock;
    private final PrintWriter err;
    private long startedAt;
    private long lastBytes;
    private long lastAt;

    public PerfProgress(String label, PerfApp app, NanoClock clock, PrintWriter err) {
        this.label = label;
        this.app = app;
        this.clock = clock;
        this.err = err;
        this.lastAt = clock.nanoTime();
        this.startedAt = lastAt;
    }

    @Override
    public void run() {
        long now = clock.nanoTime();
        long bytes = app.progressBytes();
        if (bytes < lastBytes) {
            lastBytes = 0; // a new connection
        }
        if (lastBytes == 0 && bytes > 0) {
            startedAt = lastAt;
        }
        if (bytes > lastBytes && now > lastAt) {
            double gbps = (bytes - lastBytes) * 8.0 / (now - lastAt);
            err.printf(Locale.ROOT, "%s: %.1f s, %s, %.3f Gbit/s%n", label, (now - startedAt) / 1e9,
                ByteCount.human(bytes), gbps);
            err.flush();
        }
        lastBytes = bytes;
        lastAt = now;
    }
}
