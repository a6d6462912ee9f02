package io.nsaas.conformance.runner;

import io.nsaas.conformance.Level;
import java.util.List;

/**
 * What happened to one TCK test (or to a test class whose setup failed, so that its tests never ran).
 *
 * @param id           {@code SimpleClassName.method} (plus {@code [display name]} for dynamic tests)
 * @param level        the level the method name declares; REQUIRED when it declares none
 * @param levelMissing true when the name carries no level prefix (a suite bug, counted as required)
 * @param requirements the {@code @Requirement} ids, empty when the test declares none
 * @param result       the verdict
 * @param millis       how long it ran
 * @param message      the assertion message, the skip reason, or the divergence explanation; "" when passed
 */
public record TestOutcome(String id, Level level, boolean levelMissing, List<String> requirements, Result result,
                          long millis, String message) {

    /** The verdict of one test. */
    public enum Result {
        PASSED, FAILED, SKIPPED,
        /** Failed, but listed in divergences.txt for this stack: reported with the explanation, does not fail certification. */
        DIVERGED
    }

    public TestOutcome {
        requirements = List.copyOf(requirements);
    }

    /** @return true when this outcome fails certification: a required (or unlevelled) test that failed */
    public boolean failsCertification() {
        return result == Result.FAILED && level == Level.REQUIRED;
    }

    /** @return this outcome counted as diverged, with {@code explanation} as its message */
    public TestOutcome diverged(String explanation) {
        return new TestOutcome(id, level, levelMissing, requirements, Result.DIVERGED, millis,
            explanation + " (failure was: " + message + ")");
    }
}
