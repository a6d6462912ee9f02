package io.nsaas.host.perf;

import java.util.Objects;

/**
 * How one connection (or the whole run) of a perf application ended: a measured result, or a
 * one-line error.
 *
 * @param result the measurement when the transfer completed, else null
 * @param error  what went wrong, one line naming the peer and the errno, else null
 * @param fatal  whether the application stopped for good (a server cannot listen, the stack failed);
 *               a failed connection of a server that keeps serving is not fatal
 */
public record PerfOutcome(PerfResult result, String error, boolean fatal) {

    public PerfOutcome {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("an outcome has either a result or an error");
        }
    }

    /** @return a completed transfer */
    public static PerfOutcome completed(PerfResult result) {
        return new PerfOutcome(Objects.requireNonNull(result, "result"), null, false);
    }

    /** @return a failed connection after which the application may go on */
    public static PerfOutcome failed(String error) {
        return new PerfOutcome(null, Objects.requireNonNull(error, "error"), false);
    }

    /** @return a failure that stopped the application */
    public static PerfOutcome stopped(String error) {
        return new PerfOutcome(null, Objects.requireNonNull(error, "error"), true);
    }

    /** @return whether the transfer completed */
    public boolean ok() {
        return result != null;
    }
}
