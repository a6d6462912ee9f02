package io.nsaas.host.sim;

import io.nsaas.host.config.ConfigProblem;
import io.nsaas.host.config.SettingOrigin;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The scenario cannot be run as written. Carries every problem found, not just the first; the message
 * is one line per problem ({@code FILE:LINE: KEY: problem; expected ...}), ready to print.
 *
 * <p>Thrown by {@link ScenarioLoader} and by the simulator (for a flow whose stack is unknown or not
 * packet-level). The CLI prints the message and exits with {@link #EXIT_CODE}.
 */
public final class ScenarioException extends RuntimeException {

    /** Process exit code for a bad scenario (as for bad configuration or usage). */
    public static final int EXIT_CODE = 2;

    private final List<ConfigProblem> problems;

    /** @param problems at least one problem, in the order they should be shown */
    public ScenarioException(List<ConfigProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * Problems already rendered, one per line ({@code FILE:LINE: KEY: problem; expected ...}).
     * {@link #problems()} is then empty.
     */
    public ScenarioException(String message) {
        super(message);
        this.problems = List.of();
    }

    /**
     * One problem at a place known as text, e.g. a flow's {@link FlowSpec#where()}.
     *
     * @param where    {@code FILE:LINE} (or just {@code FILE})
     * @param key      the setting's path, e.g. {@code flows[1].stack}, or null
     * @param problem  what is wrong
     * @param expected what would be right, or null
     */
    public ScenarioException(String where, String key, String problem, String expected) {
        this(List.of(new ConfigProblem(origin(where), key, problem, expected)));
    }

    /** @return every problem found, in display order; empty when built from a rendered message */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** @return {@link #EXIT_CODE} */
    public int exitCode() {
        return EXIT_CODE;
    }

    /** @return {@code where} split into file and line: the line is the digits after the last colon, if any */
    static SettingOrigin origin(String where) {
        int colon = where.lastIndexOf(':');
        if (colon > 0 && colon < where.length() - 1 && where.substring(colon + 1).chars().allMatch(Character::isDigit)
            && where.length() - colon <= 10) {
            return new SettingOrigin(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)));
        }
        return new SettingOrigin(where, -1);
    }

    private static String render(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
