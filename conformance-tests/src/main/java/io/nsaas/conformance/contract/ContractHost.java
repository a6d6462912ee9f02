package io.nsaas.conformance.contract;

import com.google.inject.Guice;
import io.nsaas.conformance.PluginUnderTest;
import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.HostConfigLoader;
import io.nsaas.host.runtime.HostModule;
import io.nsaas.host.runtime.HostRuntime;
import io.nsaas.spi.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An in-process NSM host whose only plugin is the zip under test, with its NQE channel open and two
 * tenants attached through the real control socket with the real {@link ChannelGuest}: {@code vm-a}
 * (10.0.0.1/24, the side that listens) and {@code vm-b} (10.0.0.2/24, the side that connects). Every
 * socket call of a contract test therefore travels guest -> NQE ring -> host core -> plugin.
 *
 * <p>Addresses: a packet-level stack owns the tenant address, so vm-b reaches vm-a at 10.0.0.1 over
 * the in-host switch. A socket-level stack (the kernel plugin) passes binds and connects to real host
 * sockets and ignores tenant addresses: listeners bind the wildcard and vm-b connects to 127.0.0.1.
 * Ports are always chosen by the stack (bind port 0), so runs never collide with each other or with
 * other processes on the host.
 *
 * <p>Threading: create and close on one thread; the guests are thread-safe.
 */
public final class ContractHost implements AutoCloseable {
    /** The listening tenant's configured address. */
    static final String SERVER_CIDR = "10.0.0.1/24";
    /** The connecting tenant's configured address. */
    static final String CLIENT_CIDR = "10.0.0.2/24";
    private static final int LOOPBACK = Endpoint.parseAddress("127.0.0.1");
    private static final String CHANNEL = "chunk-size = 16KiB, tx-chunks = 64, rx-chunks = 64, ring-capacity = 64KiB";

    private final Path dir;
    private final HostRuntime runtime;
    private final ChannelGuest server;
    private final ChannelGuest client;
    private final int serverAddress;

    private ContractHost(Path dir, HostRuntime runtime, ChannelGuest server, ChannelGuest client, int serverAddress) {
        this.dir = dir;
        this.runtime = runtime;
        this.server = server;
        this.client = client;
        this.serverAddress = serverAddress;
    }

    /**
     * Starts a host running {@code plugin}'s zip for two tenants and attaches both.
     *
     * @throws IOException when the host cannot start its channel or a guest cannot attach
     */
    public static ContractHost start(PluginUnderTest plugin) throws IOException {
        Path dir = Files.createTempDirectory("nsaas-contract-");
        HostRuntime runtime = null;
        ChannelGuest server = null;
        try {
            Path controlSocket = dir.resolve("run").resolve("control.sock");
            Path config = writeConfig(dir, plugin, controlSocket);
            HostConfig hostConfig = new HostConfigLoader().load(config);
            runtime = Guice.createInjector(new HostModule(hostConfig)).getInstance(HostRuntime.class);
            runtime.buildNsms().start();
            runtime.startChannel();
            server = ChannelGuest.attach(controlSocket, "vm-a", token("vm-a"));
            ChannelGuest client = ChannelGuest.attach(controlSocket, "vm-b", token("vm-b"));
            if (!client.stackId().equals(plugin.descriptor().id())) {
                client.close();
                throw new IllegalStateException("the contract host runs tenant vm-b on stack " + client.stackId()
                    + ", not on the stack under test " + plugin.descriptor().id());
            }
            int address = plugin.descriptor().packetLevel() ? server.localAddress() : LOOPBACK;
            return new ContractHost(dir, runtime, server, client, address);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            deleteTree(dir);
            throw e;
        }
    }

    private static Path writeConfig(Path dir, PluginUnderTest plugin, Path controlSocket) throws IOException {
        String stack = plugin.descriptor().id();
        return Files.writeString(dir.resolve("host.conf"), "nsaas {\n"
            + "  host {\n"
            + "    plugins = [ " + quoted(plugin.zip().toAbsolutePath()) + " ]\n"
            + "    work-dir = " + quoted(dir.resolve("work")) + "\n"
            + "    control-socket = " + quoted(controlSocket) + "\n"
            + "    shm-dir = " + quoted(Files.createDirectories(dir.resolve("shm"))) + "\n"
            + "    channel { " + CHANNEL + " }\n"
            + "  }\n"
            + "  tenants {\n"
            + tenant("vm-a", stack, SERVER_CIDR)
            + tenant("vm-b", stack, CLIENT_CIDR)
            + "  }\n"
            + "}\n");
    }

    private static String tenant(String id, String stack, String cidr) {
        return "    " + id + " { stack = " + stack + ", address = \"" + cidr + "\", token = \"" + token(id) + "\" }\n";
    }

    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String token(String tenantId) {
        return "contract-token-of-" + tenantId;
    }

    /** @return the tenant that listens and accepts ({@code vm-a}) */
    public ChannelGuest server() {
        return server;
    }

    /** @return the tenant that connects ({@code vm-b}) */
    public ChannelGuest client() {
        return client;
    }

    /** @return the address {@link #client()} connects to so that it reaches {@link #server()}'s listeners */
    public int serverAddress() {
        return serverAddress;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        runtime.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the contract host's directory " + root, e);
        }
    }
}
