package io.nsaas.host.cli;

import io.nsaas.host.channel.StatusClient;
import io.nsaas.host.channel.TenantReport;
import io.nsaas.host.config.ConfigException;
import io.nsaas.host.perf.ByteCount;
import io.nsaas.host.perf.JsonLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsaas status}: a running host's tenants, stacks, attachments, sockets and byte counters. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows a running host's tenants: stack, NSM, state, whether a guest is attached, its open sockets,"
        + " bytes sent and received and NQEs processed. Exit 1 when no host answers.")
final class StatusCommand implements Callable<Integer> {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Mixin
    private ConfigOption config;

    @Option(names = "--control", paramLabel = "PATH",
        description = "The host's control socket (instead of reading it from --config).")
    private Path control;

    @Option(names = "--json", description = "Print one JSON object {\"tenants\":[...]} instead of a table.")
    private boolean json;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (control != null && config.file != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --control or --config, not both");
        }
        Path socket = control;
        if (socket == null) {
            try {
                socket = config.load(err).host().controlSocket();
            } catch (ConfigException e) {
                err.println(e.getMessage());
                err.flush();
                return e.exitCode();
            }
        }
        List<TenantReport> reports;
        try {
            reports = StatusClient.fetch(socket, TIMEOUT_NANOS);
        } catch (IOException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        if (json) {
            out.println(json(reports));
        } else {
            table(out, reports);
        }
        out.flush();
        return 0;
    }

    static void table(PrintWriter out, List<TenantReport> reports) {
        String format = "%-12s %-18s %-16s %-8s %-18s %-8s %7s %12s %12s %10s%n";
        out.printf(format, "TENANT", "STACK", "NSM", "STATE", "ADDRESS", "ATTACHED", "SOCKETS", "SENT", "RECEIVED", "NQES");
        for (TenantReport r : reports) {
            out.printf(format, r.tenantId(), r.stack(), r.nsm(), r.state(), r.address(), r.attached() ? "yes" : "no",
                r.sockets(), ByteCount.human(r.sent()), ByteCount.human(r.received()), r.nqes());
        }
    }

    static String json(List<TenantReport> reports) {
        List<JsonLine> tenants = new ArrayList<>();
        for (TenantReport r : reports) {
            tenants.add(new JsonLine().field("tenant", r.tenantId()).field("stack", r.stack()).field("nsm", r.nsm())
                .field("state", r.state()).field("address", r.address()).field("attached", r.attached())
                .field("sockets", r.sockets()).field("bytes_sent", r.sent()).field("bytes_received", r.received())
                .field("nqes", r.nqes()));
        }
        return new JsonLine().field("tenants", tenants).toString();
    }
}
