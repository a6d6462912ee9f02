package io.nsaas.host.cli;

import io.nsaas.spi.SpiVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nsaas}: the command line of the NSM host ({@code java -jar nsm-host/target/nsaas.jar}).
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 bad configuration or usage.
 */
@Command(name = "nsaas",
    mixinStandardHelpOptions = true,
    versionProvider = NsaasCommand.Version.class,
    description = "Network stack as a service: runs tenants' network stacks as plugins in an NSM host.",
    subcommands = {StacksCommand.class, HostCommand.class, StatusCommand.class, DemoCommand.class, PerfCommand.class,
        SimCommand.class,
        CommandLine.HelpCommand.class})
public final class NsaasCommand implements Runnable {
    /** Exit code for bad configuration, bad plugins named in it, or bad usage. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** @return the exit code of running {@code args} on stdout and stderr */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    /** @return a configured command line: usage errors exit 2, as config errors do */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new NsaasCommand());
        commandLine.getCommandSpec().exitCodeOnInvalidInput(EXIT_CONFIG);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(EXIT_CONFIG);
        }
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Prints the host version and the SPI version it provides. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NsaasCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "nsaas " + (version == null ? "(development build)" : version),
                "stack SPI " + SpiVersion.CURRENT
            };
        }
    }
}
