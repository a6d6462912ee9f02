package io.nsaas.conformance.runner;

import io.nsaas.conformance.Divergences;
import io.nsaas.conformance.Level;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one certification found, as written to report.json and report.md.
 *
 * @param suite       the suite's version and the SHA-256 of the jar it ran from
 * @param plugin      the plugin under test
 * @param environment the JVM and OS it ran on
 * @param startedAt   wall-clock start, ISO-8601 UTC (for people; nothing depends on it)
 * @param millis      how long the whole run took
 * @param outcomes    every test, divergences applied
 * @param stale       divergences.txt lines for this stack whose test passed (the line can go)
 */
public record CertificationReport(SuiteIdentity suite, PluginIdentity plugin, Map<String, String> environment,
                                  String startedAt, long millis, List<TestOutcome> outcomes, List<StaleDivergence> stale) {

    /** A divergences.txt line for the stack under test whose test passed nonetheless. */
    public record StaleDivergence(String testId, Divergences.Entry entry) {
    }

    /** The stack plugin under test. */
    public record PluginIdentity(String id, String version, String algorithm, List<String> capabilities, String sha256, String zip) {
        public PluginIdentity {
            capabilities = List.copyOf(capabilities);
        }
    }

    /** How many tests of one level ended each way. */
    public record Counts(int passed, int failed, int skipped, int diverged) {
        public int total() {
            return passed + failed + skipped + diverged;
        }
    }

    public CertificationReport {
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        outcomes = List.copyOf(outcomes);
        stale = List.copyOf(stale);
    }

    /** @return true when every required test passed, was skipped or diverged, and there was at least one test */
    public boolean certified() {
        return !outcomes.isEmpty() && outcomes.stream().noneMatch(TestOutcome::failsCertification);
    }

    /** @return the counts for each level (both levels always present) */
    public Map<Level, Counts> countsByLevel() {
        Map<Level, Counts> counts = new EnumMap<>(Level.class);
        for (Level level : Level.values()) {
            int[] n = new int[TestOutcome.Result.values().length];
            outcomes.stream().filter(o -> o.level() == level).forEach(o -> n[o.result().ordinal()]++);
            counts.put(level, new Counts(n[TestOutcome.Result.PASSED.ordinal()], n[TestOutcome.Result.FAILED.ordinal()],
                n[TestOutcome.Result.SKIPPED.ordinal()], n[TestOutcome.Result.DIVERGED.ordinal()]));
        }
        return counts;
    }

    /** @return the outcomes with {@code result} */
    public List<TestOutcome> withResult(TestOutcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).toList();
    }
}
