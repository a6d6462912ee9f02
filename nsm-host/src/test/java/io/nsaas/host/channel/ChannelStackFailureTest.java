package io.nsaas.host.channel;

import static io.nsaas.host.channel.ChannelDetachTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.host.config.ChannelSettings;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.HostSettings;
import io.nsaas.host.config.TenantConfig;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.TestPackets;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.nsm.ProbeStack;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantState;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.host.runtime.UnattachedTenantEvents;
import io.nsaas.spi.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants whose stack fails: one that failed before anyone attached is refused; one that fails while
 * attached is detached (the guest sees it) and can attach again to a fresh instance.
 */
@Timeout(60)
class ChannelStackFailureTest {
    private static final int FRAGILE = Endpoint.parseAddress("10.0.0.1");
    private static final int BROKEN = Endpoint.parseAddress("10.0.0.2");

    @TempDir
    Path dir;

    private NsmGroup group;
    private ChannelHost channel;
    private Path controlSocket;

    @BeforeEach
    void start() throws Exception {
        ProbeStack probe = new ProbeStack();
        group = NsmGroup.builder(SystemNanoClock.INSTANCE)
            .tenant(new TenantSpec("fragile", FRAGILE, 24, "", probe.loaded(), Map.of("fail", "packet"), 1, "test:1"))
            .tenant(new TenantSpec("broken", BROKEN, 24, "", probe.loaded(), Map.of("fail", "work"), 1, "test:2"))
            .wiring(spec -> unattached(spec.tenantId()))
            .build();
        group.start();
        controlSocket = dir.resolve("control.sock");
        Path shm = Files.createDirectories(dir.resolve("shm"));
        HostSettings settings = new HostSettings(List.of(dir), dir.resolve("work"), controlSocket, shm, Optional.empty(), 1,
            new ChannelSettings(4096, 8, 8, 16384, 16), Map.of());
        HostConfig config = new HostConfig("test", settings, List.of(tenant("fragile", FRAGILE), tenant("broken", BROKEN)),
            List.of());
        channel = ChannelHost.start(config, group, ChannelStackFailureTest::unattached);
    }

    private static TenantWiring unattached(String tenantId) {
        return new TenantWiring(new UnattachedTenantEvents(), null);
    }

    private static TenantConfig tenant(String id, int address) {
        return new TenantConfig(id, "probe", "*", Map.of(), address, 24, token(id), id, true, Map.of());
    }

    private static String token(String id) {
        return "token-of-" + id + "-0123456789";
    }

    @AfterEach
    void stop() {
        channel.close();
        group.close();
    }

    @Test
    void aTenantWhoseStackFailedIsRefused() throws Exception {
        awaitTrue(() -> group.status("broken").orElseThrow().state() == TenantState.FAILED, "broken fails");
        try (RawControl raw = new RawControl(controlSocket)) {
            String reply = raw.send("ATTACH 1.0 broken " + token("broken") + "\n").readLine();
            assertTrue(reply.startsWith("ERR tenant 'broken' cannot attach: its stack 'probe' is FAILED"
                + " (stack 'probe' threw java.lang.IllegalStateException: probe fails in doWork"), reply);
            assertNull(raw.readLine());
        }
        assertEquals("FAILED", channel.status().stream().filter(r -> r.tenantId().equals("broken")).findFirst()
            .orElseThrow().state());
    }

    @Test
    void aStackThatFailsUnderAnAttachedGuestDetachesItAndRestartsFresh() throws Exception {
        ChannelGuest guest = ChannelGuest.attach(controlSocket, "fragile", token("fragile"));
        Path region = guest.regionPath();
        RegionView view = new RegionView(region);
        try (SwitchPort uplink = group.fabric().attachUplink("test", 64 * 1024)) {
            UnsafeBuffer packet = TestPackets.packet(Endpoint.parseAddress("192.0.2.1"), FRAGILE, new byte[8]);
            assertTrue(uplink.transmit(packet, 0, packet.capacity()));
        }
        awaitTrue(() -> !guest.isAttached(), "the guest sees the host detach it");
        awaitTrue(() -> !Files.exists(region), "region deleted");
        assertEquals(io.nsaas.nqe.RegionHeaderDescriptor.HOST_DETACHED, view.hostState());
        awaitTrue(() -> group.status("fragile").orElseThrow().state() == TenantState.RUNNING, "fresh instance runs");
        TenantReport report = channel.status().get(0);
        assertEquals("fragile", report.tenantId());
        assertFalse(report.attached());
        guest.close();
        try (ChannelGuest again = ChannelGuest.attach(controlSocket, "fragile", token("fragile"))) {
            assertTrue(again.isAttached());
        }
    }
}
