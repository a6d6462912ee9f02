package io.nsaas.host.perf;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands outcomes from perf applications (on NSM threads) to the controlling thread that prints them.
 *
 * <p>Threading: {@link #post} from any thread; {@link #take} from the one controlling thread.
 */
public final class PerfOutcomes {
    private final BlockingQueue<PerfOutcome> queue = new LinkedBlockingQueue<>();

    /** Queues an outcome (one per connection, so allocation here is off the data path). */
    public void post(PerfOutcome outcome) {
        queue.add(outcome);
    }

    /**
     * Waits for the next outcome, running {@code everyTick} each time {@code tickMillis} pass without one
     * (the caller prints progress there).
     */
    public PerfOutcome take(long tickMillis, Runnable everyTick) throws InterruptedException {
        while (true) {
            PerfOutcome outcome = queue.poll(tickMillis, TimeUnit.MILLISECONDS);
            if (outcome != null) {
                return outcome;
            }
            everyTick.run();
        }
    }

    /** @return the next outcome, waiting at most {@code timeoutMillis}, or null when none came */
    public PerfOutcome poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
