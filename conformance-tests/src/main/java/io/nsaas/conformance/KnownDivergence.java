package io.nsaas.conformance;

import org.opentest4j.TestAbortedException;

/**
 * Aborts a TCK test that failed the way {@code divergences.txt} says it differs from Linux on the stack
 * under test: the test did run, and its actual mismatch travels with the explanation. JUnit counts it
 * as aborted (so a vendor's module tests stay green); the certification runner reports it as diverged,
 * with both. Thrown only after the test ran and failed; a listed test that passes simply passes.
 */
public final class KnownDivergence extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    private final String explanation;
    private final String actual;

    /**
     * @param explanation the divergence line's explanation
     * @param actual      the test's first mismatch (what it failed on)
     */
    public KnownDivergence(String explanation, String actual) {
        super("known divergence from Linux: " + explanation + "; actual: " + actual);
        this.explanation = explanation;
        this.actual = actual;
    }

    /** @return the explanation from divergences.txt */
    public String explanation() {
        return explanation;
    }

    /** @return the first mismatch the test found */
    public String actual() {
        return actual;
    }
}
