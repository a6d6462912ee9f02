package io.nsaas.host.cli;

import io.nsaas.host.perf.PerfClient;
import io.nsaas.host.perf.PerfException;
import io.nsaas.host.perf.PerfHost;
import io.nsaas.host.perf.PerfNetwork;
import io.nsaas.host.perf.PerfOutcome;
import io.nsaas.host.perf.PerfOutcomes;
import io.nsaas.host.perf.PerfPlugins;
import io.nsaas.host.perf.PerfProgress;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Endpoint;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsaas perf client --stack ID [--tun DEV --address CIDR] --connect IP:PORT --bytes N [--json]}:
 * sends N bytes of the perf stream, closes, waits for the peer to close and prints the result.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = {"Connects, sends N bytes of the deterministic perf stream, shuts down sending, waits for the "
        + "server to close and prints {\"bytes\":N,\"sha256\":\"<hex of sent bytes>\",\"seconds\":S,\"gbps\":G,"
        + "\"retransmits\":R} (with --json), ending with \"ecn\":{\"ce_received\":..,\"ece_received\":..,"
        + "\"reductions\":..,\"cwr_sent\":..} when the connection negotiated ECN.",
        "Exit 0 ok, 1 failure (refused, reset, timed out), 2 bad usage."})
final class PerfClientCommand implements Callable<Integer> {
    private static final String NAME = "client";

    @Mixin
    private PerfOptions options;

    @Mixin
    private PerfOptions.Network network;

    @Mixin
    private PerfOptions.StackOptions stackOptions;

    @Mixin
    private PerfOptions.Seed seed;

    @Option(names = "--connect", required = true, paramLabel = "IP:PORT", converter = PerfOptions.EndpointConverter.class,
        description = "The server to send to, e.g. 10.0.0.1:5201.")
    private long connect;

    @Mixin
    private PerfOptions.Bytes bytes;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PerfPlugins plugins = PerfPlugins.load(options.plugins)) {
            LoadedStack stack = plugins.stack(options.stack);
            PerfNetwork where = PerfNetwork.of(stack.descriptor(), network.tun, network.address, network.impairment(),
                network.shaping());
            NanoClock clock = SystemNanoClock.INSTANCE;
            PerfOutcomes outcomes = new PerfOutcomes();
            PerfClient client = new PerfClient(clock, bytes.value, seed.value, where.bindAddress(), options.timeoutNanos(), outcomes);
            client.connect(connect);
            PerfOutcome outcome;
            try (PerfHost host = PerfHost.builder(clock)
                .tenant("perf-client", stack, where.address(), where.prefixLength(), client, stackOptions.values)
                .uplink(where.openUplink(clock))
                .start()) {
                outcome = PerfCommand.next(outcomes, new PerfProgress("nsaas perf client", client, clock, err), options.json);
            }
            if (!outcome.ok()) {
                PerfCommand.error(err, NAME, outcome.error());
                return PerfException.FAILURE;
            }
            out.println(options.json ? outcome.result().toJson()
                : "sent " + outcome.result().toHuman() + " to " + Endpoint.format(connect) + " with stack " + stack.pluginId());
            out.flush();
            return 0;
        } catch (PerfException e) {
            PerfCommand.error(err, NAME, e.getMessage());
            return e.exitCode();
        }
    }
}
