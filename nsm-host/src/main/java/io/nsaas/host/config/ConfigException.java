package io.nsaas.host.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The host configuration cannot be used. Carries every problem found, not just the first; the
 * message is one line per problem ({@code FILE:LINE: KEY: problem; expected ...}), ready to print.
 *
 * <p>The CLI exits with {@link #EXIT_CODE} when it catches this.
 */
public final class ConfigException extends RuntimeException {

    /** Process exit code for a configuration error (usage/config errors, as with {@code sysexits} EX_USAGE-like tools). */
    public static final int EXIT_CODE = 2;

    private final List<ConfigProblem> problems;

    /**
     * @param problems at least one problem, in the order they should be shown
     */
    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, in display order */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** @return {@link #EXIT_CODE} */
    public int exitCode() {
        return EXIT_CODE;
    }

    private static String render(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
