package io.nsaas.conformance.runner;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs one packetdrill-syntax script for {@code run-script}; implementations are found with
 * {@link java.util.ServiceLoader}.
 */
public interface ScriptRunner {
    /** What a runner executes scripts against. */
    enum Target { PLUGIN, LINUX }

    /** @return the target this implementation serves (wire helper: PLUGIN; linuxgate: LINUX) */
    Target target();

    /**
     * Runs one packetdrill-syntax script.
     * @param script          the .pkt file (exists and is a regular file: checked by the command)
     * @param pluginZipOrNull the plugin zip for Target.PLUGIN (exists: checked by the command);
     *                        null for Target.LINUX
     * @param out             where to print progress, the verdict and, on failure, the readable
     *                        diff of expected vs actual packet (the command passes System.out)
     * @return EXIT_PASS (0) script passed; EXIT_FAIL (1) script ran and an expectation failed;
     *         EXIT_USAGE (2) bad input: script parse error (print file:line: message), plugin zip
     *         not a loadable stack plugin; EXIT_ENVIRONMENT (3) cannot run here (e.g. --linux
     *         without root/TUN; print why in one line)
     */
    int run(Path script, Path pluginZipOrNull, PrintStream out);

    int EXIT_PASS = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_ENVIRONMENT = 3;
}
