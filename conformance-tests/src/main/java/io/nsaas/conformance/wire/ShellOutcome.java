package io.nsaas.conformance.wire;

/**
 * What became of a backtick shell line.
 *
 * @param kind     ran, mapped or skipped
 * @param exitCode the command's exit status when it ran (a non-zero status fails the script), else 0
 * @param note     one line for the report: the mapped setting or why it was skipped
 */
public record ShellOutcome(Kind kind, int exitCode, String note) {
    /** How a shell line was handled. */
    public enum Kind {
        /** Executed by a shell (Linux mode). */
        RAN,
        /** Understood and applied as an equivalent setting of the target (e.g. a known sysctl). */
        MAPPED,
        /** Not executed; {@link #note()} says why (e.g. "skipped in plugin mode"). */
        SKIPPED
    }

    public static ShellOutcome ran(int exitCode, String note) {
        return new ShellOutcome(Kind.RAN, exitCode, note);
    }

    public static ShellOutcome mapped(String note) {
        return new ShellOutcome(Kind.MAPPED, 0, note);
    }

    public static ShellOutcome skipped(String note) {
        return new ShellOutcome(Kind.SKIPPED, 0, note);
    }
}
