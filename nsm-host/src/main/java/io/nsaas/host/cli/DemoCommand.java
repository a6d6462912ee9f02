package io.nsaas.host.cli;

import io.nsaas.host.config.ConfigException;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.HostConfigLoader;
import io.nsaas.host.demo.DemoArtifacts;
import io.nsaas.host.demo.DemoException;
import io.nsaas.host.demo.DemoRun;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsaas demo}: starts a host (the embedded default config's plugins, the demo's own tenants and
 * control socket) and runs unmodified JDK programs in tenant JVMs under the nsaas agent; see
 * {@link DemoRun}. Exit 0 when every exchange arrived intact, 1 otherwise, 2 on bad usage or config.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts an nsaas host and runs unmodified JDK programs (HttpServer/HttpClient, ServerSocket/Socket)"
        + " in tenant JVMs under the nsaas agent; prints tenants, stacks, bytes, throughput, latency and SHA-256 checks.",
        "Run from the repository root after `mvn -B -DskipTests package`. Exit 0 on success, 1 on a failed exchange."})
final class DemoCommand implements Callable<Integer> {
    private static final String KERNEL_STACK = "kernel";

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "10MiB", converter = PerfOptions.BytesConverter.class,
        description = "HTTP body size, each way (download and upload). Default: ${DEFAULT-VALUE}.")
    long httpBytes;

    @Option(names = "--throughput-bytes", paramLabel = "N", defaultValue = "32MiB", converter = PerfOptions.BytesConverter.class,
        description = "Bytes each way of the Socket/ServerSocket throughput run. Default: ${DEFAULT-VALUE}.")
    long throughputBytes;

    @Option(names = "--pings", paramLabel = "N", defaultValue = "200",
        description = "Small HTTP requests timed for latency. Default: ${DEFAULT-VALUE}.")
    int pings;

    @Option(names = "--server-stack", paramLabel = "ID", defaultValue = "newreno",
        description = "Packet-level stack of tenant vm-a (the servers). Default: ${DEFAULT-VALUE}.")
    String serverStack;

    @Option(names = "--client-stack", paramLabel = "ID", defaultValue = "cubic",
        description = "Packet-level stack of tenant vm-b (the clients). Default: ${DEFAULT-VALUE}.")
    String clientStack;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
        description = "Limit on each step (host start, each program run). Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Print every line the host and the programs print.")
    boolean verbose;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (httpBytes < 1 || throughputBytes < 1 || pings < 1 || timeoutSeconds < 1) {
            err.println("nsaas demo: --bytes, --throughput-bytes, --pings and --timeout must be at least 1");
            err.flush();
            return NsaasCommand.EXIT_CONFIG;
        }
        for (String stack : new String[] {serverStack, clientStack}) {
            if (KERNEL_STACK.equals(stack)) {
                err.println("nsaas demo: --server-stack/--client-stack kernel: the kernel stack is socket-level (host sockets,"
                    + " no switch address), and vm-a and vm-b meet on the in-host switch; choose packet-level stacks"
                    + " (newreno, cubic, dctcp). The demo's tenant vm-k runs on the kernel stack already.");
                err.flush();
                return NsaasCommand.EXIT_CONFIG;
            }
        }
        HostConfig defaults;
        DemoArtifacts artifacts;
        try {
            defaults = new HostConfigLoader().loadDefault();
            artifacts = DemoArtifacts.locate(Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            err.println("nsaas demo: the embedded default config does not load here: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (DemoException e) {
            err.println("nsaas demo: " + e.getMessage());
            err.flush();
            return 1;
        }
        Path workDir = null;
        // Ctrl-C: the host and tenant JVMs are this JVM's children; stop them (politely) rather than orphan them.
        Thread stopChildren = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
            "nsaas-demo-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try {
            workDir = Files.createTempDirectory("nsaas-demo-");
            new DemoRun(new DemoRun.Settings(httpBytes, throughputBytes, pings, serverStack, clientStack,
                Duration.ofSeconds(timeoutSeconds), artifacts, defaults.host().plugins(), hostClasspath(),
                workDir, verbose), out).run();
            return 0;
        } catch (DemoException e) {
            err.println("nsaas demo: FAILED: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("nsaas demo: FAILED: " + e);
            err.flush();
            return 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopChildren);
            deleteQuietly(workDir);
        }
    }

    /** @return this JVM's class path with absolute entries: the host's JVM runs the same code */
    private static String hostClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
