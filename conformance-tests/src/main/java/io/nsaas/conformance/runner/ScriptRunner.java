package io.nsaas.conformance.runner;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The script interpreter behind {@code run-script}: {@link ConformanceCommand} parses the command
 * line and checks that the files exist, then finds the implementation for the requested
 * {@link Target} with {@link java.util.ServiceLoader} and calls {@link #run}. An implementation is a
 * public class with a public no-argument constructor, listed in
 * {@code META-INF/services/io.nsaas.conformance.runner.ScriptRunner} (the wire interpreter serves
 * {@link Target#PLUGIN}, the Linux reference gate {@link Target#LINUX}).
 *
 * <p>Threading: called once, on the command's thread. An exception escaping {@link #run} is reported
 * by the command as a usage error (exit 2) with its message; prefer returning {@link #EXIT_USAGE}
 * after printing a one-line message.
 */
public interface ScriptRunner {
    /** The script passed. */
    int EXIT_PASS = 0;
    /** The script ran and an expectation failed; the readable diff was printed. */
    int EXIT_FAIL = 1;
    /** Bad input: a script parse error ({@code file:line: message}), or a plugin zip that is not a loadable stack. */
    int EXIT_USAGE = 2;
    /** The script cannot run here (for example {@code --linux} without root or TUN); one line says why. */
    int EXIT_ENVIRONMENT = 3;

    /** What a runner executes scripts against. */
    enum Target { PLUGIN, LINUX }

    /** @return the target this implementation serves */
    Target target();

    /**
     * Runs one packetdrill-syntax script.
     *
     * @param script          the {@code .pkt} file (an existing regular file)
     * @param pluginZipOrNull the plugin zip (an existing file) for {@link Target#PLUGIN}; null for {@link Target#LINUX}
     * @param out             where progress, the verdict and, on failure, the expected-vs-actual diff go
     * @return {@link #EXIT_PASS}, {@link #EXIT_FAIL}, {@link #EXIT_USAGE} or {@link #EXIT_ENVIRONMENT}
     */
    int run(Path script, Path pluginZipOrNull, PrintStream out);
}
