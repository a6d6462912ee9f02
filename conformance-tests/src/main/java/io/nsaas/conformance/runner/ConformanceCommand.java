package io.nsaas.conformance.runner;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar nsaas-conformance.jar}: the conformance suite's command line.
 * <ul>
 *   <li>{@code certify --plugin ZIP --out DIR}: runs every TCK test against the plugin ({@link CertifyCommand});</li>
 *   <li>{@code run-script (--plugin ZIP | --linux) FILE.pkt}: runs one packetdrill-syntax script through
 *       the {@link ScriptRunner} found for the target ({@link RunScriptCommand});</li>
 *   <li>{@code list}: every TCK test with its level and requirement ids ({@link ListCommand}).</li>
 * </ul>
 * Exit codes: 0 certified / script passed; 1 not certified (a required test failed) / script failed;
 * 2 bad usage, or a plugin zip that is not a loadable stack plugin; 3 (run-script) cannot run here.
 */
@Command(name = "nsaas-conformance",
    mixinStandardHelpOptions = true,
    versionProvider = ConformanceCommand.Version.class,
    description = "Certifies an nsaas stack plugin against the socket contract and TCP wire behaviour.",
    subcommands = {CertifyCommand.class, RunScriptCommand.class, ListCommand.class, CommandLine.HelpCommand.class})
public final class ConformanceCommand implements Runnable {
    /** Certified, or the script passed. */
    public static final int EXIT_OK = 0;
    /** A required test failed, or the script failed. */
    public static final int EXIT_FAILED = 1;
    /** Bad usage or a plugin zip that is not a loadable stack plugin. */
    public static final int EXIT_USAGE = 2;

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

    /** @return a configured command line: usage errors exit 2 */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new ConformanceCommand());
        commandLine.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        }
        return commandLine;
    }

    /**
     * Runs the command line and exits with its code. The host's INFO log lines (one per plugin load,
     * i.e. per test class) would break the progress line, so the log level defaults to WARN here
     * unless {@code NSAAS_LOG_LEVEL} is set (read by the host's logback.xml).
     */
    public static void main(String[] args) {
        if (System.getenv("NSAAS_LOG_LEVEL") == null && System.getProperty("NSAAS_LOG_LEVEL") == null) {
            System.setProperty("NSAAS_LOG_LEVEL", "WARN");
        }
        System.exit(execute(args));
    }

    /** Prints the suite version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            SuiteIdentity suite = SuiteIdentity.of(ConformanceCommand.class);
            return new String[] {"nsaas conformance suite " + suite.version() + " (jar sha256 " + suite.jarSha256() + ")"};
        }
    }
}
