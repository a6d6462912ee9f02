package io.nsaas.host.config;

/**
 * Thrown by a setting's parser when the value is malformed; the reader that called it adds the
 * file, line and key and records it as a {@link ConfigProblem}. Never escapes this package.
 */
final class InvalidSetting extends RuntimeException {
    private final String problem;
    private final String expected;

    InvalidSetting(String problem, String expected) {
        super(problem, null, false, false);
        this.problem = problem;
        this.expected = expected;
    }

    String problem() {
        return problem;
    }

    String expected() {
        return expected;
    }
}
