package io.nsaas.host.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nsaas.host.fabric.link.AccessLinkPort;
import io.nsaas.host.fabric.link.LinkProfile;
import io.nsaas.host.fabric.link.LinkSpec;
import io.nsaas.host.perf.PerfClient;
import io.nsaas.host.perf.PerfOutcome;
import io.nsaas.host.perf.PerfOutcomes;
import io.nsaas.host.perf.PerfResult;
import io.nsaas.host.perf.PerfServer;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants of one in-process host on the real NewReno plugin, a server and a client moving a
 * verified byte stream over the in-host switch, with and without access links: the links run in
 * real time, driven by the tenants' NSM duty cycles.
 */
class TenantLinkHostTest {
    private static final int SERVER = 0x0A4D_0001;
    private static final int CLIENT = 0x0A4D_0002;
    private static final int PORT = 5201;
    private static final long MS = 1_000_000;
    private static final long MBPS = 1_000_000;
    private static final long HOST_SEED = 42;
    private static final long IDLE_TIMEOUT_NANOS = 30_000 * MS;

    @TempDir
    static Path work;
    private static PluginStackRegistry registry;
    private static LoadedStack newreno;

    @BeforeAll
    static void loadPlugins() {
        String dir = System.getProperty("nsaas.test.plugins");
        assertNotNull(dir, "Surefire sets nsaas.test.plugins to <repo>/target/plugins");
        registry = new StackPluginLoader(work.resolve("plugins")).load(List.of(Path.of(dir)));
        newreno = registry.resolve("newreno", "");
        assertNotNull(newreno, "the newreno plugin zip is built before nsm-host");
    }

    @AfterAll
    static void closeRegistry() {
        registry.close();
    }

    private static LinkProfile link(long rate, long delay, double loss) {
        return new LinkProfile(rate, delay, 1000, LinkSpec.NONE, LinkSpec.NONE, LinkSpec.NONE, loss, 0, 0, 0, 1500);
    }

    @Test
    void theLinksDelayRaisesTheHandshakeTimeAndTheMeasuredRtt() throws Exception {
        Transfer direct = Transfer.run(null, null, 64 * 1024);
        // 25 ms each way on both tenants' links: a round trip crosses four link directions
        LinkProfile delayed = link(LinkSpec.UNLIMITED_RATE, 25 * MS, 0);
        Transfer linked = Transfer.run(delayed, delayed, 64 * 1024);

        direct.assertIntact();
        linked.assertIntact();
        assertTrue(linked.handshakeNanos >= 100 * MS, "handshake over 4 x 25 ms: " + linked.handshakeNanos / 1e6 + " ms");
        assertTrue(linked.minRttUs >= 100_000, "the stack's own RTT sample: " + linked.minRttUs + " us");
        assertTrue(direct.handshakeNanos < 100 * MS, "without links: " + direct.handshakeNanos / 1e6 + " ms");
        assertTrue(direct.minRttUs < linked.minRttUs, "min RTT " + direct.minRttUs + " us direct, " + linked.minRttUs + " us linked");
    }

    @Test
    void theLinksRateBoundsTheThroughput() throws Exception {
        long rate = 10 * MBPS;
        long bytes = 1_000_000;
        Transfer limited = Transfer.run(null, link(rate, 0, 0), bytes);

        limited.assertIntact();
        double goodputBps = bytes * 8 / limited.client.result().seconds();
        assertTrue(goodputBps <= rate, "payload at " + goodputBps / 1e6 + " Mbit/s over a 10 Mbit/s link");
        assertTrue(goodputBps >= rate / 10.0, "the link, not something else, set the pace: " + goodputBps / 1e6 + " Mbit/s");
        assertTrue(limited.clientLink.toSwitch().busyNanos() >= bytes * 8 * 1_000_000_000L / rate,
            "the client's link was busy at least the payload's serialization time");
    }

    @Test
    void lossOnBothLinksStillDeliversEveryByte() throws Exception {
        LinkProfile lossy = link(LinkSpec.UNLIMITED_RATE, 2 * MS, 0.05);
        Transfer transfer = Transfer.run(lossy, lossy, 256 * 1024);

        transfer.assertIntact();
        long lost = transfer.clientLink.toSwitch().lossDrops() + transfer.clientLink.fromSwitch().lossDrops()
            + transfer.serverLink.toSwitch().lossDrops() + transfer.serverLink.fromSwitch().lossDrops();
        assertTrue(lost > 0, "the links lost packets");
        assertTrue(transfer.client.result().retransmits() > 0, "the stack repaired the losses by retransmitting");
    }

    @Test
    void linkSeedsComeFromTheHostSeedAndTheTenantId() {
        TenantSpec a = spec("vm-a", 42);
        TenantSpec b = spec("vm-b", 42);

        assertEquals(a.linkSeed(), spec("vm-a", 42).linkSeed());
        assertNotEquals(a.linkSeed(), b.linkSeed());
        assertNotEquals(a.linkSeed(), spec("vm-a", 43).linkSeed());
        assertNotEquals(a.linkSeed(), TenantHost.tenantSeed(42, "vm-a"), "independent of the stack's random source");
    }

    private static TenantSpec spec(String id, long seed) {
        return new TenantSpec(id, CLIENT, 24, "", newreno, Map.of(), seed, "test", link(LinkSpec.UNLIMITED_RATE, 0, 0));
    }

    @Test
    void aTenantWithoutALinkGetsAPlainSwitchPort() throws Exception {
        NsmGroup group = NsmGroup.builder(SystemNanoClock.INSTANCE)
            .tenant(new TenantSpec("plain", SERVER, 24, "", newreno, Map.of(), HOST_SEED, "test"))
            .tenant(spec("linked", HOST_SEED))
            .wiring(spec -> new TenantWiring(new IgnoredEvents(), null))
            .build();
        try {
            assertNull(group.accessLink("plain"));
            assertNotNull(group.accessLink("linked"));
            assertEquals("linked", group.accessLink("linked").name());
        } finally {
            group.close();
        }
    }

    /** One server/client transfer on a fresh group; the outcome and the links' counters after the group stopped. */
    private static final class Transfer {
        PerfOutcome client;
        PerfOutcome server;
        long handshakeNanos;
        long minRttUs;
        AccessLinkPort serverLink;
        AccessLinkPort clientLink;

        static Transfer run(LinkProfile serverLink, LinkProfile clientLink, long bytes) throws Exception {
            NanoClock clock = SystemNanoClock.INSTANCE;
            PerfOutcomes serverOutcomes = new PerfOutcomes();
            PerfOutcomes clientOutcomes = new PerfOutcomes();
            PerfServer server = new PerfServer(clock, SERVER, PORT, true, IDLE_TIMEOUT_NANOS, serverOutcomes);
            TimedClient client = new TimedClient(clock, new PerfClient(clock, bytes, 7, Endpoint.ANY_ADDRESS,
                IDLE_TIMEOUT_NANOS, clientOutcomes));
            NsmGroup group = NsmGroup.builder(clock)
                .tenant(new TenantSpec("server", SERVER, 24, "", newreno, Map.of(), HOST_SEED, "test", serverLink))
                .tenant(new TenantSpec("client", CLIENT, 24, "", newreno, Map.of(), HOST_SEED, "test", clientLink))
                .wiring(spec -> spec.tenantId().equals("server") ? new TenantWiring(server, server) : new TenantWiring(client, client))
                .build();
            Transfer transfer = new Transfer();
            try {
                group.start();
                long endpoint = server.listening().get(10, TimeUnit.SECONDS);
                client.connect(endpoint);
                transfer.client = clientOutcomes.take(100, () -> { });
                transfer.server = serverOutcomes.poll(30_000);
            } finally {
                group.close();
            }
            transfer.handshakeNanos = client.connectedAt - client.connectAt;
            transfer.minRttUs = client.minRttUs;
            transfer.serverLink = group.accessLink("server");
            transfer.clientLink = group.accessLink("client");
            return transfer;
        }

        void assertIntact() {
            if (!client.ok() || server == null || !server.ok()) {
                fail("transfer failed: client " + client + ", server " + server);
            }
            PerfResult sent = client.result();
            PerfResult received = server.result();
            assertEquals(sent.bytes(), received.bytes(), "every byte arrived");
            assertEquals(sent.sha256(), received.sha256(), "the bytes that arrived are the bytes sent");
        }
    }

    /**
     * A {@link PerfClient} that also notes when the connect was asked for, when the stack reported the
     * connection established, and the stack's smallest RTT sample while the socket was open.
     */
    private static final class TimedClient implements io.nsaas.host.perf.PerfApp {
        private final NanoClock clock;
        private final PerfClient client;
        private final TcpInfo info = new TcpInfo();
        volatile long connectAt;
        volatile long connectedAt;
        volatile long minRttUs;
        private int socket = -1;

        TimedClient(NanoClock clock, PerfClient client) {
            this.clock = clock;
            this.client = client;
        }

        void connect(long endpoint) {
            connectAt = clock.nanoTime();
            client.connect(endpoint);
        }

        @Override
        public int doWork(StackInstance stack, int limit) {
            if (socket >= 0 && stack.info(socket, info) >= 0 && info.minRttUs > 0) {
                minRttUs = info.minRttUs;
            }
            return client.doWork(stack, limit);
        }

        @Override
        public void onStackGone(TenantState state, String reason) {
            client.onStackGone(state, reason);
        }

        @Override
        public long progressBytes() {
            return client.progressBytes();
        }

        @Override
        public void onConnected(int socket) {
            if (connectedAt == 0) {
                connectedAt = clock.nanoTime();
                this.socket = socket;
            }
            client.onConnected(socket);
        }

        @Override
        public void onReadable(int socket) {
            client.onReadable(socket);
        }

        @Override
        public void onWritable(int socket) {
            client.onWritable(socket);
        }

        @Override
        public void onAcceptable(int socket) {
            client.onAcceptable(socket);
        }

        @Override
        public void onClosed(int socket, int errno) {
            if (socket == this.socket) {
                this.socket = -1;
            }
            client.onClosed(socket, errno);
        }
    }

    /** Events of a tenant nothing runs on. */
    private static final class IgnoredEvents implements StackEvents {
        @Override
        public void onConnected(int socket) {
        }

        @Override
        public void onReadable(int socket) {
        }

        @Override
        public void onWritable(int socket) {
        }

        @Override
        public void onAcceptable(int socket) {
        }

        @Override
        public void onClosed(int socket, int errno) {
        }
    }
}
