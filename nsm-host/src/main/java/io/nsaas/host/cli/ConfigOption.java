package io.nsaas.host.cli;

import io.nsaas.host.config.ConfigProblem;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.HostConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that read the host config. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "Host config (HOCON). Default: the embedded development config, which works from the repository root after the build.")
    Path file;

    /**
     * @param err where the config's warnings are printed
     * @return the validated config
     * @throws io.nsaas.host.config.ConfigException listing every problem as FILE:LINE: KEY: problem
     */
    HostConfig load(PrintWriter err) {
        HostConfigLoader loader = new HostConfigLoader();
        HostConfig config = file == null ? loader.loadDefault() : loader.load(file);
        for (ConfigProblem warning : config.warnings()) {
            err.println("warning: " + warning);
        }
        err.flush();
        return config;
    }
}
