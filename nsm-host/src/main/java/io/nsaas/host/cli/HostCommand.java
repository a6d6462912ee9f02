package io.nsaas.host.cli;

import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import io.nsaas.host.channel.ChannelHost;
import io.nsaas.host.config.ConfigException;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.LinkSectionReader;
import io.nsaas.host.config.ResolvedTenant;
import io.nsaas.host.config.TenantConfig;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.nsm.TenantStartException;
import io.nsaas.host.nsm.TenantStatus;
import io.nsaas.host.runtime.HostModule;
import io.nsaas.host.runtime.HostRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsaas host}: loads the plugins, resolves every tenant's stack, starts the NSMs and runs
 * until interrupted; with {@code --check} it validates all of that and exits.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
    description = "Runs the NSM host until interrupted (Ctrl-C). Exit 2 on a bad config.")
final class HostCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Option(names = "--check",
        description = "Validate the config, plugin resolution and every tenant's stack options, then exit (0 ok, 2 problems).")
    private boolean check;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HostRuntime runtime;
        HostConfig hostConfig;
        try {
            hostConfig = config.load(err);
            runtime = Guice.createInjector(new HostModule(hostConfig)).getInstance(HostRuntime.class);
        } catch (ConfigException e) {
            return configProblem(err, e.getMessage(), e.exitCode());
        } catch (ProvisionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("cannot load plugins: " + cause.getMessage());
            err.flush();
            return 1;
        }
        try {
            NsmGroup group;
            try {
                group = runtime.buildNsms();
            } catch (ConfigException e) {
                return configProblem(err, e.getMessage(), e.exitCode());
            } catch (TenantStartException e) {
                return configProblem(err, e.getMessage(), NsaasCommand.EXIT_CONFIG);
            }
            if (check) {
                out.printf("%s: OK: %d tenant(s) on %d NSM(s), %d plugin(s) started%n",
                    hostConfig.source(), group.status().size(), group.nsms().size(), runtime.registry().stacks().size());
                printLinks(out, hostConfig);
                out.flush();
                return 0;
            }
            return run(out, err, hostConfig, runtime, group);
        } finally {
            runtime.close();
        }
    }

    private int run(PrintWriter out, PrintWriter err, HostConfig hostConfig, HostRuntime runtime, NsmGroup group)
        throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nsaas-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            group.start();
            ChannelHost channel;
            try {
                channel = runtime.startChannel();
            } catch (IOException e) {
                err.println("cannot open the control socket: " + e.getMessage());
                err.flush();
                return 1;
            }
            out.printf("nsaas host running from %s: %d tenant(s), %d NSM thread(s)%n",
                hostConfig.source(), group.status().size(), group.threadNames().size());
            out.printf("  control socket %s (tenants attach here; nsaas status reads it)%n", channel.controlSocket());
            for (ResolvedTenant resolved : runtime.resolveTenants()) {
                TenantStatus status = group.status(resolved.tenant().id()).orElseThrow();
                out.printf("  tenant %-12s %-18s stack %s %s on NSM %s: %s%n", status.tenantId(), status.cidr(),
                    status.stackId(), status.stackVersion(), status.nsm(), status.state());
            }
            printLinks(out, hostConfig);
            out.println("press Ctrl-C to stop");
            out.flush();
            stopped.await();
            runtime.close();
            out.println("nsaas host stopped");
            out.flush();
            return 0;
        } finally {
            released.countDown();
        }
    }

    /** One line per tenant with an access link: what the link does, in the config's own syntax. */
    private static void printLinks(PrintWriter out, HostConfig hostConfig) {
        for (TenantConfig tenant : hostConfig.tenants()) {
            if (tenant.link() != null) {
                out.printf("  tenant %s link to the switch (each way): %s%n", tenant.id(), LinkSectionReader.describe(tenant.link()));
            }
        }
    }

    private static int configProblem(PrintWriter err, String message, int exitCode) {
        err.println(message);
        err.flush();
        return exitCode;
    }
}
