package io.nsaas.host.cli;

import io.nsaas.host.perf.LocalTransfer;
import io.nsaas.host.perf.PerfException;
import io.nsaas.host.perf.PerfPlugins;
import io.nsaas.host.perf.PerfProgress;
import io.nsaas.host.plugin.LoadedStack;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsaas perf local --stack ID [--stack2 ID] --bytes N [--json]}: a server tenant and a client
 * tenant of one host, each on its own NSM, over the in-host switch (or host loopback for the kernel
 * stack); prints the client's result, the server's, and whether they match.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = {"Runs a perf server tenant (--stack) and a perf client tenant (--stack2, default the same) in one "
        + "host, over the in-host switch (10.77.0.1/24 and 10.77.0.2/24) or, for socket-level stacks, over 127.0.0.1.",
        "Prints {\"bytes\":..,\"sha256\":..,\"seconds\":..,\"gbps\":..,\"retransmits\":..,\"server_bytes\":..,"
        + "\"server_sha256\":..,\"server_seconds\":..,\"server_gbps\":..,\"integrity\":\"ok\"} (with --json).",
        "Exit 0 ok, 1 failure or integrity mismatch, 2 bad usage."})
final class PerfLocalCommand implements Callable<Integer> {
    private static final String NAME = "local";

    @Mixin
    private PerfOptions options;

    @Mixin
    private PerfOptions.Seed seed;

    @Option(names = "--stack2", paramLabel = "ID", description = "Stack plugin of the client tenant. Default: the same as --stack.")
    private String stack2;

    @Mixin
    private PerfOptions.Bytes bytes;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PerfPlugins plugins = PerfPlugins.load(options.plugins)) {
            LoadedStack serverStack = plugins.stack(options.stack);
            LoadedStack clientStack = stack2 == null ? serverStack : plugins.stack(stack2);
            NanoClock clock = SystemNanoClock.INSTANCE;
            LocalTransfer.Outcome outcome;
            try (LocalTransfer transfer = LocalTransfer.start(clock, serverStack, clientStack, bytes.value, seed.value,
                options.timeoutNanos())) {
                PerfProgress progress = new PerfProgress("nsaas perf local", transfer.client(), clock, err);
                outcome = transfer.await(PerfCommand.PROGRESS_MILLIS, options.json ? () -> { } : progress);
            }
            boolean complete = outcome.client().ok() && outcome.server() != null && outcome.server().ok();
            if (complete) {
                out.println(options.json ? outcome.toJson() : human(outcome, serverStack, clientStack));
                out.flush();
            }
            String problem = outcome.problem();
            if (problem != null) {
                PerfCommand.error(err, NAME, problem);
                return PerfException.FAILURE;
            }
            return 0;
        } catch (PerfException e) {
            PerfCommand.error(err, NAME, e.getMessage());
            return e.exitCode();
        }
    }

    private static String human(LocalTransfer.Outcome outcome, LoadedStack server, LoadedStack client) {
        return "client (" + client.pluginId() + ") sent " + outcome.client().result().toHuman() + "\n"
            + "server (" + server.pluginId() + ") received " + outcome.server().result().toHuman() + "\n"
            + "integrity: " + (outcome.intact() ? "ok" : "MISMATCH");
    }
}
