package io.nsaas.host.demo;

import com.typesafe.config.ConfigUtil;
import io.nsaas.host.cli.NsaasCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An {@code nsaas host} running in a child JVM on a config written for it: the given tenants, the
 * given plugins, and a private control socket under a directory of its own, so that it never meets
 * another host's socket. Used by {@code nsaas demo} and the end-to-end tests; stopping it
 * ({@link #close()}) is what Ctrl-C does to {@code nsaas host}.
 */
public final class DemoHost implements AutoCloseable {

    /** What {@code nsaas host} prints once its NSMs run and its control socket listens. */
    static final String RUNNING_LINE = "press Ctrl-C to stop";

    /** The host's JVM options: what nsaas.jar's manifest grants when started with {@code java -jar}. */
    private static final List<String> HOST_JVM_OPTIONS = List.of(
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED");

    private final ChildJvm jvm;
    private final Path controlSocket;

    private DemoHost(ChildJvm jvm, Path controlSocket) {
        this.jvm = jvm;
        this.controlSocket = controlSocket;
    }

    /**
     * Writes {@code dir/host.conf} and starts {@code nsaas host --config} on it, waiting until the host
     * says it runs and its control socket exists.
     *
     * @param classpath the class path holding nsaas (nsaas.jar, or the module's classes and libraries)
     * @param echo      gets the host's output lines as they arrive, or null
     * @throws DemoException when the host exits (a bad config: its message is in the exception) or
     *                           does not come up within {@code timeout}
     */
    public static DemoHost start(String classpath, List<Path> plugins, List<DemoTenant> tenants, Path dir,
                                 Duration timeout, Consumer<String> echo)
        throws IOException, DemoException, InterruptedException {
        Files.createDirectories(dir);
        Path controlSocket = dir.resolve("control.sock").toAbsolutePath();
        Path config = dir.resolve("host.conf");
        Files.writeString(config, configText(plugins, controlSocket, tenants), StandardCharsets.UTF_8);
        ChildJvm jvm = ChildJvm.start("nsaas host", HOST_JVM_OPTIONS, classpath, NsaasCommand.class.getName(),
            List.of("host", "--config", config.toAbsolutePath().toString()), echo);
        DemoHost host = new DemoHost(jvm, controlSocket);
        try {
            awaitRunning(jvm, controlSocket, timeout);
            return host;
        } catch (DemoException | InterruptedException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private static void awaitRunning(ChildJvm jvm, Path controlSocket, Duration timeout)
        throws DemoException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        jvm.awaitLine(RUNNING_LINE, timeout);
        while (!Files.exists(controlSocket)) {
            if (System.nanoTime() > deadline) {
                throw jvm.failure("runs but its control socket " + controlSocket + " did not appear within "
                    + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** @return the HOCON of a host with these plugins, control socket and tenants (defaults for the rest) */
    static String configText(List<Path> plugins, Path controlSocket, List<DemoTenant> tenants) {
        StringBuilder text = new StringBuilder("nsaas {\n  host {\n");
        text.append("    plugins = [ ").append(plugins.stream()
            .map(p -> ConfigUtil.quoteString(p.toAbsolutePath().toString())).collect(Collectors.joining(", ")))
            .append(" ]\n");
        text.append("    control-socket = ").append(ConfigUtil.quoteString(controlSocket.toString())).append('\n');
        text.append("  }\n  tenants {\n");
        for (DemoTenant tenant : tenants) {
            text.append("    ").append(tenant.id()).append(" { stack = ").append(ConfigUtil.quoteString(tenant.stack()))
                .append(", address = ").append(ConfigUtil.quoteString(tenant.cidr()))
                .append(", token = ").append(ConfigUtil.quoteString(tenant.token())).append(" }\n");
        }
        return text.append("  }\n}\n").toString();
    }

    /** @return the control socket tenants attach through */
    public Path controlSocket() {
        return controlSocket;
    }

    /** Stops the host as Ctrl-C would (its tenants are detached and their regions freed). */
    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
