package io.nsaas.conformance.runner;

import io.nsaas.conformance.KnownDivergence;
import io.nsaas.conformance.Level;
import io.nsaas.conformance.Requirement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns JUnit Platform events into {@link TestOutcome}s: the level from the method name (of the test,
 * or of the factory method for dynamic tests, unless the dynamic test's display name starts with a
 * level prefix itself), the ids from {@code @Requirement} (plus, for a dynamic test, the ids its
 * display name lists in a trailing {@code [ID, ID]}), the verdict, time and message. A test aborted with a
 * {@link KnownDivergence} (it ran, failed, and divergences.txt explains it) is DIVERGED, its message the
 * explanation and the actual mismatch; other aborts are SKIPPED. A test class whose setup fails (its {@code @BeforeAll}, e.g. the plugin does not
 * load) becomes one failed required outcome {@code SimpleClass.<class setup>}, since its tests never ran.
 *
 * <p>Threading: JUnit calls it from the executing thread(s); methods are synchronized.
 */
final class OutcomeCollector implements TestExecutionListener {
    /** A dynamic test's display name may end with its requirement ids: {@code required_rst_established [RFC9293-MUST-12, SC-X]}. */
    private static final Pattern TRAILING_IDS = Pattern.compile("(.*\\S)\\s+\\[([A-Za-z0-9.\\-_]+(?:\\s*,\\s*[A-Za-z0-9.\\-_]+)*)]");
    private final Map<String, Long> started = new HashMap<>();
    private final List<TestOutcome> outcomes = new ArrayList<>();
    private TestPlan plan;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        started.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            outcomes.add(outcome(test, TestOutcome.Result.SKIPPED, 0, "skipped: " + reason));
        } else if (isTestClass(test)) {
            for (TestIdentifier child : plan.getDescendants(test)) {
                if (child.isTest()) {
                    outcomes.add(outcome(child, TestOutcome.Result.SKIPPED, 0, "skipped: " + reason));
                }
            }
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Long start = started.remove(test.getUniqueId());
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        String message = result.getThrowable().map(OutcomeCollector::describe).orElse("");
        TestOutcome.Result verdict = switch (result.getStatus()) {
            case SUCCESSFUL -> TestOutcome.Result.PASSED;
            case ABORTED -> result.getThrowable().orElse(null) instanceof KnownDivergence
                ? TestOutcome.Result.DIVERGED : TestOutcome.Result.SKIPPED;
            case FAILED -> TestOutcome.Result.FAILED;
        };
        if (test.isTest()) {
            outcomes.add(outcome(test, verdict, millis, message));
        } else if (verdict != TestOutcome.Result.PASSED && isTestClass(test)) {
            outcomes.add(new TestOutcome(simpleClassName(test) + ".<class setup>", Level.REQUIRED, false, List.of(),
                verdict, millis, message));
        }
    }

    /** @return the outcomes so far, in completion order */
    synchronized List<TestOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private TestOutcome outcome(TestIdentifier test, TestOutcome.Result verdict, long millis, String message) {
        Optional<Method> method = declaringMethod(test);
        String methodName = method.map(Method::getName).orElse(test.getDisplayName());
        Optional<Level> level = Level.ofMethodName(methodName);
        List<String> requirements = method.map(OutcomeCollector::requirementsOf).orElse(List.of());
        String id = simpleClassName(test) + "." + methodName;
        if (isDynamic(test) || !(test.getSource().orElse(null) instanceof MethodSource)) {
            String name = test.getDisplayName();
            Matcher ids = TRAILING_IDS.matcher(name);
            if (ids.matches()) {
                name = ids.group(1);
                List<String> all = new ArrayList<>(List.of(ids.group(2).split("\\s*,\\s*")));
                requirements.stream().filter(r -> !all.contains(r)).forEach(all::add);
                requirements = all;
            }
            Optional<Level> own = Level.ofMethodName(name);
            level = own.isPresent() ? own : level;
            id += "[" + name + "]";
        }
        return new TestOutcome(id, level.orElse(Level.REQUIRED), level.isEmpty(), requirements, verdict, millis, message);
    }

    /** @return the {@code @Requirement} ids of a test method, empty when it has none */
    static List<String> requirementsOf(Method method) {
        Requirement requirement = method.getAnnotation(Requirement.class);
        return requirement == null ? List.of() : List.of(requirement.value());
    }

    /** @return the Java method of a test, or of the nearest ancestor with one (the factory of a dynamic test) */
    private Optional<Method> declaringMethod(TestIdentifier test) {
        for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
            TestSource source = at.getSource().orElse(null);
            if (source instanceof MethodSource methodSource) {
                try {
                    return Optional.of(methodSource.getJavaMethod());
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private String simpleClassName(TestIdentifier test) {
        for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
            TestSource source = at.getSource().orElse(null);
            if (source instanceof MethodSource m) {
                return simple(m.getClassName());
            }
            if (source instanceof ClassSource c) {
                return simple(c.getClassName());
            }
        }
        return "?";
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** @return true for a test made by a {@code @TestFactory} (Jupiter gives it its factory's source, so the name tells it apart) */
    private static boolean isDynamic(TestIdentifier test) {
        return test.getUniqueId().contains("/[dynamic-test:");
    }

    private static boolean isTestClass(TestIdentifier test) {
        return test.getSource().orElse(null) instanceof ClassSource;
    }

    /** @return the assertion message, or the exception type and message when there is no assertion message */
    static String describe(Throwable thrown) {
        String message = thrown.getMessage();
        if (thrown instanceof AssertionError && message != null && !message.isBlank()) {
            return message.strip();
        }
        if (thrown instanceof org.opentest4j.TestAbortedException && message != null) {
            return message.strip().replaceFirst("^Assumption failed: ", "");
        }
        return thrown.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }
}
