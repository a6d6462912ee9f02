package io.nsaas.host.cli;

import io.nsaas.host.perf.PerfException;
import io.nsaas.host.perf.PerfHost;
import io.nsaas.host.perf.PerfNetwork;
import io.nsaas.host.perf.PerfOutcome;
import io.nsaas.host.perf.PerfOutcomes;
import io.nsaas.host.perf.PerfPlugins;
import io.nsaas.host.perf.PerfProgress;
import io.nsaas.host.perf.PerfServer;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Endpoint;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsaas perf server --stack ID [--tun DEV --address CIDR] --port P [--once] [--json]}: receives
 * connections to the end of stream and prints one result per connection.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Accepts connections on the stack, reads each to its end and prints per connection "
        + "{\"bytes\":N,\"sha256\":\"<hex of received bytes>\",\"seconds\":S,\"gbps\":G} (with --json), ending with "
        + "\"ecn\":{..} (as the client's) when the connection negotiated ECN.",
        "Runs until interrupted, or until the first connection ends with --once. Exit 0 ok, 1 failure, 2 bad usage."})
final class PerfServerCommand implements Callable<Integer> {
    private static final String NAME = "server";

    @Mixin
    private PerfOptions options;

    @Mixin
    private PerfOptions.Network network;

    @Mixin
    private PerfOptions.StackOptions stackOptions;

    @Option(names = "--port", required = true, paramLabel = "P", description = "Port to listen on, 1..65535.")
    private int port;

    @Option(names = "--once", description = "Exit after the first connection: 0 when it completed, 1 when it failed.")
    private boolean once;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 0xFFFF) {
            PerfCommand.error(err, NAME, "--port " + port + " is outside 1..65535");
            return PerfException.USAGE;
        }
        CountDownLatch released = once ? null : stopOnInterrupt();
        try (PerfPlugins plugins = PerfPlugins.load(options.plugins)) {
            LoadedStack stack = plugins.stack(options.stack);
            PerfNetwork where = PerfNetwork.of(stack.descriptor(), network.tun, network.address, network.impairment(),
                network.shaping());
            NanoClock clock = SystemNanoClock.INSTANCE;
            PerfOutcomes outcomes = new PerfOutcomes();
            PerfServer server = new PerfServer(clock, where.bindAddress(), port, once, options.timeoutNanos(), outcomes);
            try (PerfHost host = PerfHost.builder(clock)
                .tenant("perf-server", stack, where.address(), where.prefixLength(), server, stackOptions.values)
                .uplink(where.openUplink(clock))
                .start()) {
                return serve(server, outcomes, clock, stack.pluginId(), where);
            }
        } catch (PerfException e) {
            PerfCommand.error(err, NAME, e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            return 0; // stopped by Ctrl-C; the host and plugins are closed by now
        } finally {
            if (released != null) {
                released.countDown();
            }
        }
    }

    private int serve(PerfServer server, PerfOutcomes outcomes, NanoClock clock, String stackId, PerfNetwork where)
        throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long endpoint;
        try {
            endpoint = server.listening().get();
        } catch (ExecutionException e) {
            PerfCommand.error(err, NAME, e.getCause().getMessage());
            return PerfException.FAILURE;
        }
        err.println("nsaas perf server: listening on " + Endpoint.format(endpoint) + " with stack " + stackId
            + (where.tunDevice() == null ? "" : " via TUN device " + where.tunDevice()));
        err.flush();
        PerfProgress progress = new PerfProgress("nsaas perf server", server, clock, err);
        while (true) {
            PerfOutcome outcome = PerfCommand.next(outcomes, progress, options.json);
            if (outcome.ok()) {
                out.println(options.json ? outcome.result().toJson() : "received " + outcome.result().toHuman());
                out.flush();
            } else {
                PerfCommand.error(err, NAME, outcome.error());
            }
            if (once || outcome.fatal()) {
                return outcome.ok() ? 0 : PerfException.FAILURE;
            }
        }
    }

    /**
     * Makes Ctrl-C interrupt this thread, and holds the JVM's exit until the returned latch is released
     * (after the host closed its stacks and the plugins were unloaded).
     */
    private static CountDownLatch stopOnInterrupt() {
        Thread main = Thread.currentThread();
        CountDownLatch released = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.interrupt();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nsaas-perf-shutdown"));
        return released;
    }
}
