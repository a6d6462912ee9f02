package io.nsaas.host.perf;

/**
 * A perf run cannot go ahead. The message is one line saying what and how to fix it; the exit code
 * is 2 for a usage problem (bad or missing option, unknown stack) and 1 for a runtime failure (a
 * device that will not open, a stack that will not start).
 */
public final class PerfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code of a usage problem. */
    public static final int USAGE = 2;
    /** Exit code of a runtime failure. */
    public static final int FAILURE = 1;

    private final int exitCode;

    private PerfException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return a usage problem (exit 2) */
    public static PerfException usage(String message) {
        return new PerfException(message, USAGE, null);
    }

    /** @return a runtime failure (exit 1) */
    public static PerfException failure(String message, Throwable cause) {
        return new PerfException(message, FAILURE, cause);
    }

    /** @return 2 for usage problems, 1 for runtime failures */
    public int exitCode() {
        return exitCode;
    }
}
