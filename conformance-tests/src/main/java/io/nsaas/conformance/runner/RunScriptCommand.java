package io.nsaas.conformance.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run-script (--plugin ZIP | --linux) FILE.pkt}: checks the arguments, then hands the script to
 * the {@link ScriptRunner} for the target, found with {@link ServiceLoader}, and exits with its code
 * (0 pass, 1 fail, 2 bad script or plugin, 3 cannot run here).
 *
 * <p>The contract for interpreters: a public class with a public no-argument constructor implementing
 * {@link ScriptRunner}, listed in {@code META-INF/services/io.nsaas.conformance.runner.ScriptRunner};
 * the first one whose {@link ScriptRunner#target()} matches runs. This command has already checked
 * that the script (and for PLUGIN the zip) is an existing file; the runner prints its verdict and
 * diff to the stream it is given (System.out). An exception escaping {@link ScriptRunner#run} is
 * reported here as exit 2 with its message. No runner for the target in this build is exit 2.
 */
@Command(name = "run-script", mixinStandardHelpOptions = true,
    description = "Runs one packetdrill-syntax script against a stack plugin or against Linux kernel TCP.")
final class RunScriptCommand implements Callable<Integer> {

    static final class TargetChoice {
        @Option(names = "--plugin", paramLabel = "ZIP", description = "run against this stack plugin zip (virtual time)")
        Path plugin;

        @Option(names = "--linux", description = "run against Linux kernel TCP through a TUN device (needs root)")
        boolean linux;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice target;

    @Parameters(index = "0", paramLabel = "FILE.pkt", description = "the script")
    Path script;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (!Files.isRegularFile(script)) {
            err.println("run-script: script " + script + " does not exist or is not a file");
            return ConformanceCommand.EXIT_USAGE;
        }
        if (target.plugin != null && !Files.isRegularFile(target.plugin)) {
            err.println("run-script: plugin zip " + target.plugin + " does not exist or is not a file");
            return ConformanceCommand.EXIT_USAGE;
        }
        ScriptRunner.Target wanted = target.linux ? ScriptRunner.Target.LINUX : ScriptRunner.Target.PLUGIN;
        ScriptRunner runner = ServiceLoader.load(ScriptRunner.class, RunScriptCommand.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get).filter(r -> r.target() == wanted).findFirst().orElse(null);
        if (runner == null) {
            err.println("run-script " + (target.linux ? "--linux" : "--plugin") + ": no script interpreter for target "
                + wanted + " in this build");
            return ConformanceCommand.EXIT_USAGE;
        }
        try {
            return runner.run(script, target.plugin, System.out);
        } catch (RuntimeException e) {
            err.println("run-script: " + script + ": " + e.getMessage());
            return ConformanceCommand.EXIT_USAGE;
        }
    }
}
