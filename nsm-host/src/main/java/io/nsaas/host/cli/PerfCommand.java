package io.nsaas.host.cli;

import io.nsaas.host.perf.PerfOutcome;
import io.nsaas.host.perf.PerfOutcomes;
import io.nsaas.host.perf.PerfProgress;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nsaas perf}: an iperf-like throughput and integrity tool over any stack plugin and fabric.
 * Its subcommands' interface is fixed (scripts depend on it): see README, section "nsaas perf".
 *
 * <p>Exit codes: 0 success, 1 a transfer or the stack failed, 2 bad usage.
 */
@Command(name = "perf", mixinStandardHelpOptions = true,
    description = "Measures throughput and checks integrity (SHA-256) of TCP transfers over a stack plugin.",
    subcommands = {PerfServerCommand.class, PerfClientCommand.class, PerfLocalCommand.class})
final class PerfCommand implements Runnable {
    /** How often progress lines are printed, in milliseconds. */
    static final long PROGRESS_MILLIS = 1_000;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints {@code nsaas perf <command>: <message>} on stderr. */
    static void error(PrintWriter err, String command, String message) {
        err.println("nsaas perf " + command + ": " + message);
        err.flush();
    }

    /** @return the next outcome, printing progress on stderr once a second unless JSON was asked for */
    static PerfOutcome next(PerfOutcomes outcomes, PerfProgress progress, boolean json) throws InterruptedException {
        return outcomes.take(PROGRESS_MILLIS, json ? () -> { } : progress);
    }
}
