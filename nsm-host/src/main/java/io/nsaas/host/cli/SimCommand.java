package io.nsaas.host.cli;

import io.nsaas.host.perf.PerfException;
import io.nsaas.host.perf.PerfPlugins;
import io.nsaas.host.sim.Scenario;
import io.nsaas.host.sim.ScenarioException;
import io.nsaas.host.sim.ScenarioLoader;
import io.nsaas.host.sim.SimPlots;
import io.nsaas.host.sim.SimSummary;
import io.nsaas.host.sim.Simulator;
import io.nsaas.host.sim.SummaryJson;
import io.nsaas.host.sim.SummaryText;
import io.nsaas.host.sim.TimeseriesCsvWriter;
import io.nsaas.host.sim.TimeseriesSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.agrona.concurrent.SystemNanoClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nsaas sim SCENARIO.conf --out DIR [--pcap] [--plugins DIR]}: runs the real stack plugins on
 * emulated links in virtual time and writes the results into DIR (an exact interface: see README,
 * section "nsaas sim").
 *
 * <p>Exit codes: 0 success, 1 runtime failure (the simulation or writing the results failed), 2 bad
 * scenario or usage.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a scenario (HOCON: bottleneck link, flows of stack plugins) in virtual time and writes into DIR:",
        "  summary.json, timeseries.csv, cwnd.png, queue.png, goodput.png, and with --pcap bottleneck.pcap.",
        "Prints a progress line on stderr for runs that take more than 2 s and a summary on stdout.",
        "Exit 0 ok, 1 runtime failure, 2 bad scenario or usage. The scenario format is in README.md, section nsaas sim."})
final class SimCommand implements Callable<Integer> {
    /** The capture of the bottleneck in the output directory. */
    static final String PCAP = "bottleneck.pcap";
    static final int EXIT_FAILURE = 1;

    @Parameters(index = "0", paramLabel = "SCENARIO.conf", description = "The scenario file.")
    private Path scenarioFile;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Directory for the results; created if missing, files in it replaced.")
    private Path outDir;

    @Option(names = "--pcap", description = "Also capture the bottleneck (data direction) as DIR/" + PCAP
        + ", stamped with virtual time from 0.")
    private boolean pcap;

    @Option(names = "--plugins", paramLabel = "DIR",
        description = "Where the stack plugins are. Default: target/plugins relative to the working directory.")
    private Path plugins;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try (PerfPlugins loaded = PerfPlugins.load(plugins)) {
            Scenario scenario = new ScenarioLoader(loaded.registry().stacks()).load(scenarioFile);
            createOutDir();
            SimSummary summary = run(scenario, loaded, err);
            out.println(SummaryText.render(summary));
            out.println("results in " + outDir + ": " + SummaryJson.FILE_NAME + ", " + TimeseriesCsvWriter.FILE_NAME + ", "
                + SimPlots.CWND + ", " + SimPlots.QUEUE + ", " + SimPlots.GOODPUT + (pcap ? ", " + PCAP : ""));
            out.flush();
            return 0;
        } catch (ScenarioException e) {
            return error(err, e.getMessage(), e.exitCode());
        } catch (PerfException e) {
            return error(err, "nsaas sim: " + e.getMessage(), e.exitCode());
        } catch (IOException | UncheckedIOException e) {
            return error(err, "nsaas sim: " + e.getMessage(), EXIT_FAILURE);
        } catch (RuntimeException e) {
            return error(err, "nsaas sim: the simulation failed: " + e, EXIT_FAILURE);
        }
    }

    private SimSummary run(Scenario scenario, PerfPlugins loaded, PrintWriter err) throws IOException {
        SimProgressLine progress = new SimProgressLine(err, SystemNanoClock.INSTANCE);
        SimPlots plots = new SimPlots(scenario.flows());
        SimSummary summary;
        try (TimeseriesCsvWriter csv = TimeseriesCsvWriter.open(outDir.resolve(TimeseriesCsvWriter.FILE_NAME))) {
            Path capture = pcap ? outDir.resolve(PCAP) : null;
            try {
                summary = new Simulator(loaded.registry()).run(scenario, TimeseriesSink.all(csv, plots), capture, progress);
            } finally {
                progress.finish();
            }
        }
        SummaryJson.write(summary, outDir.resolve(SummaryJson.FILE_NAME));
        plots.write(outDir);
        return summary;
    }

    private void createOutDir() throws IOException {
        try {
            Files.createDirectories(outDir);
        } catch (FileAlreadyExistsException e) {
            throw PerfException.usage("--out " + outDir + " is a file; give a directory (created when missing)");
        }
    }

    private static int error(PrintWriter err, String message, int exitCode) {
        err.println(message);
        err.flush();
        return exitCode;
    }
}
