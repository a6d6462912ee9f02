package io.nsaas.conformance.runner;

import io.nsaas.conformance.KnownDivergence;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The live progress line on stderr while a certification runs:
 * {@code [ 12/40] 10 passed, 1 failed, 1 skipped  14.2s  CertifySocketContract.required_connectRefused}
 * (plus {@code , N diverged} once a test aborted with a {@link KnownDivergence}).
 * On a terminal the line is rewritten in place for every test; otherwise (CI logs, a pipe) one line
 * is printed per finished test class, so logs stay short.
 *
 * <p>Threading: JUnit calls it from the executing thread(s); methods are synchronized.
 */
final class ProgressDisplay implements TestExecutionListener {
    private final PrintStream err;
    private final boolean inPlace;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long total;
    private long done;
    private long passed;
    private long failed;
    private long skipped;
    private long diverged;
    private int lastWidth;

    /**
     * @param inPlace  rewrite one line with carriage returns (a terminal) instead of one line per class
     * @param nanoTime the clock for the elapsed time
     */
    ProgressDisplay(PrintStream err, boolean inPlace, LongSupplier nanoTime) {
        this.err = err;
        this.inPlace = inPlace;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan plan) {
        total = plan.countTestIdentifiers(TestIdentifier::isTest);
    }

    @Override
    public synchronized void dynamicTestRegistered(TestIdentifier test) {
        if (test.isTest()) {
            total++;
        }
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        if (test.isTest() && inPlace) {
            show(test.getLegacyReportingName());
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            done++;
            skipped++;
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            done++;
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed++;
                case ABORTED -> {
                    if (result.getThrowable().orElse(null) instanceof KnownDivergence) {
                        diverged++;
                    } else {
                        skipped++;
                    }
                }
                case FAILED -> failed++;
            }
            if (inPlace) {
                show(test.getLegacyReportingName());
            }
        } else if (!inPlace && test.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.ClassSource) {
            err.println(line(test.getDisplayName() + " done"));
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (inPlace && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
        }
    }

    private void show(String current) {
        String text = line(current);
        if (text.length() > 118) {
            text = text.substring(0, 117) + "…";
        }
        err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
        err.flush();
        lastWidth = text.length();
    }

    private String line(String current) {
        double elapsed = (nanoTime.getAsLong() - startNanos) / 1e9;
        int width = Long.toString(Math.max(total, done)).length();
        return String.format(Locale.ROOT, "[%" + width + "d/%d] %d passed, %d failed, %d skipped%s  %.1fs  %s",
            done, Math.max(total, done), passed, failed, skipped, diverged == 0 ? "" : ", " + diverged + " diverged", elapsed, current);
    }
}
