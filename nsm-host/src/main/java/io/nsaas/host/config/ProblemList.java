package io.nsaas.host.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects errors and warnings while a configuration is read, so that the user sees all of them at
 * once. Problems are shown grouped by file (files in the order they were first mentioned) and by
 * line within a file; problems on the same line keep the order they were found in.
 *
 * <p>Not thread-safe: one list per load. Used by the host configuration and by {@code nsaas sim}
 * scenarios.
 */
public final class ProblemList {
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    public void error(SettingOrigin origin, String key, String problem, String expected) {
        errors.add(new ConfigProblem(origin, key, problem, expected));
    }

    public void warn(SettingOrigin origin, String key, String problem, String expected) {
        warnings.add(new ConfigProblem(origin, key, problem, expected));
    }

    public int errorCount() {
        return errors.size();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** @return every error so far, grouped by file and sorted by line */
    public List<ConfigProblem> errors() {
        return List.copyOf(inDisplayOrder(errors));
    }

    /** @throws ConfigException listing every error, when there is at least one */
    public void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new ConfigException(inDisplayOrder(errors));
        }
    }

    public List<ConfigProblem> warnings() {
        return List.copyOf(inDisplayOrder(warnings));
    }

    private static List<ConfigProblem> inDisplayOrder(List<ConfigProblem> problems) {
        Map<String, Integer> fileRank = new LinkedHashMap<>();
        for (ConfigProblem p : problems) {
            fileRank.putIfAbsent(p.origin().file(), fileRank.size());
        }
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.<ConfigProblem>comparingInt(p -> fileRank.get(p.origin().file()))
            .thenComparingInt(p -> p.origin().line()));
        return sorted;
    }
}
