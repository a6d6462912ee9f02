package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.HostConfigLoader;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.runtime.HostModule;
import io.nsaas.host.runtime.HostRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * An in-process host with the NQE channel open: a temp config (tenants vm-a and vm-b on newreno at
 * 10.0.0.1 and 10.0.0.2, plus vm-k on kernel), a temp shm dir and control socket, plugins from
 * target/plugins.
 */
final class ChannelHostFixture implements AutoCloseable {
    static final Path PLUGINS = Paths.get(System.getProperty("nsaas.test.plugins", "../target/plugins"));

    final Path dir;
    final Path shmDir;
    final Path controlSocket;
    final HostConfig config;
    final HostRuntime runtime;
    final NsmGroup group;
    final ChannelHost channel;

    /** @param channelSection the body of {@code nsaas.host.channel}, e.g. {@code "chunk-size = 4KiB"} */
    ChannelHostFixture(Path dir, String channelSection) throws IOException {
        this.dir = dir;
        this.shmDir = Files.createDirectories(dir.resolve("shm"));
        this.controlSocket = dir.resolve("run").resolve("control.sock");
        Path plugin = PLUGINS.resolve("newreno-1.0.0.zip");
        assertTrue(Files.isRegularFile(plugin), plugin + " is missing: build with mvn package first");
        Path file = dir.resolve("host.conf");
        Files.writeString(file, "nsaas {\n"
            + "  host {\n"
            + "    plugins = [ \"" + plugin + "\", \"" + PLUGINS.resolve("kernel-1.0.0.zip") + "\" ]\n"
            + "    work-dir = \"" + dir.resolve("work") + "\"\n"
            + "    control-socket = \"" + controlSocket + "\"\n"
            + "    shm-dir = \"" + shmDir + "\"\n"
            + "    channel { " + channelSection + " }\n"
            + "  }\n"
            + "  tenants {\n"
            + tenant("vm-a", "newreno", "10.0.0.1/24")
            + tenant("vm-b", "newreno", "10.0.0.2/24")
            + tenant("vm-k", "kernel", "10.0.0.3/24")
            + "  }\n"
            + "}\n");
        this.config = new HostConfigLoader().load(file);
        this.runtime = Guice.createInjector(new HostModule(config)).getInstance(HostRuntime.class);
        try {
            this.group = runtime.buildNsms();
            group.start();
            this.channel = runtime.startChannel();
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private static String tenant(String id, String stack, String address) {
        return "    " + id + " { stack = " + stack + ", address = \"" + address + "\", token = \"" + token(id) + "\" }\n";
    }

    /** @return the configured token of a tenant */
    static String token(String tenantId) {
        return "token-of-" + tenantId + "-0123456789";
    }

    /** @return the region files currently in the shm dir */
    long regionFiles() throws IOException {
        try (Stream<Path> files = Files.list(shmDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".region")).count();
        }
    }

    /** @return the status line of one tenant */
    TenantReport report(String tenantId) {
        return channel.status().stream().filter(r -> r.tenantId().equals(tenantId)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
