package io.nsaas.host.cli;

import io.nsaas.host.config.ConfigException;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.plugin.PluginReport;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import io.nsaas.spi.Capability;
import io.nsaas.spi.SpiVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nsaas stacks}: every plugin found in the configured plugin sources, started or rejected. */
@Command(name = "stacks", mixinStandardHelpOptions = true,
    description = "Lists every stack plugin found: id, version, SPI requirement, algorithm, capabilities, state and, for a rejected plugin, why.")
final class StacksCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostConfig hostConfig;
        try {
            hostConfig = config.load(err);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return e.exitCode();
        }
        try (PluginStackRegistry registry = new StackPluginLoader(hostConfig.host().workDir())
            .load(hostConfig.host().plugins())) {
            print(out, registry.reports());
            out.flush();
            return 0;
        }
    }

    /** Writes the table: one row per plugin, a reason line under each rejected one. */
    static void print(PrintWriter out, List<PluginReport> reports) {
        String format = "%-12s %-10s %-20s %-10s %-44s %s%n";
        out.printf(format, "ID", "VERSION", "REQUIRES", "ALGORITHM", "CAPABILITIES", "STATE");
        for (PluginReport report : reports) {
            boolean started = report.state() == PluginReport.State.STARTED;
            out.printf(format,
                orDash(report.pluginId()), orDash(report.version()), orDash(report.requires()),
                started ? report.descriptor().algorithm() : "-",
                started ? capabilities(report) : "-",
                report.state());
            out.printf("  source: %s%n", report.source());
            if (!started) {
                out.printf("  reason: %s%n", report.reason());
            }
        }
        long started = reports.stream().filter(r -> r.state() == PluginReport.State.STARTED).count();
        out.printf("%d plugin(s) found, %d started, %d rejected (host SPI %s)%n",
            reports.size(), started, reports.size() - started, SpiVersion.CURRENT);
    }

    private static String capabilities(PluginReport report) {
        return report.descriptor().capabilities().stream()
            .sorted()
            .map(Capability::name)
            .map(name -> name.toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(","));
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
