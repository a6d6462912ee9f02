package io.nsaas.host.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.PcapWriter;
import io.nsaas.spi.Capability;
import io.nsaas.spi.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsmGroupTest {
    private static final int A = Endpoint.parseAddress("10.0.0.1");
    private static final int B = Endpoint.parseAddress("10.0.0.2");
    private static final int C = Endpoint.parseAddress("10.0.0.3");

    @TempDir
    Path dir;

    private final ProbeStack stack = new ProbeStack();
    private final RecordingEvents events = new RecordingEvents();

    private TenantSpec spec(String id, int address, String nsm, Map<String, String> options) {
        return new TenantSpec(id, address, 24, nsm, stack.loaded(), options, 7L, "hosts.conf:" + id);
    }

    private NsmGroup.Builder builder(org.agrona.concurrent.NanoClock clock) {
        return NsmGroup.builder(clock).wiring(spec -> new TenantWiring(events, TenantWork.NONE));
    }

    @Test
    void makesOneNsmPerNameAndADedicatedOneForTenantsWithoutAName() {
        try (NsmGroup group = builder(new CachedNanoClock())
            .tenant(spec("a", A, "edge", Map.of()))
            .tenant(spec("b", B, "edge", Map.of()))
            .tenant(spec("c", C, "", Map.of()))
            .build()) {
            assertEquals(List.of("edge", "tenant-c"), group.nsms().stream().map(Nsm::name).collect(Collectors.toList()));
            assertEquals(2, group.nsm("edge").status().size());
            assertEquals(3, group.fabric().ports().size());
            TenantStatus c = group.status("c").orElseThrow();
            assertEquals("tenant-c", c.nsm());
            assertEquals("10.0.0.3/24", c.cidr());
            assertEquals("probe", c.stackId());
            assertEquals(TenantState.RUNNING, c.state());
        }
    }

    @Test
    void runsNsmsOnAgentThreadsAndDestroysInstancesOnThemAtClose() throws Exception {
        NsmGroup group = builder(SystemNanoClock.INSTANCE)
            .idleStrategy(YieldingIdleStrategy::new)
            .tenant(spec("a", A, "one", Map.of("hello", "10.0.0.2")))
            .tenant(spec("b", B, "two", Map.of("echo", "true")))
            .build();
        group.start();
        assertTrue(group.isRunning());
        assertThrows(IllegalStateException.class, group::start);
        ProbeStack.Probe a = stack.instance("a");
        ProbeStack.Probe b = stack.instance("b");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (a.packets == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, b.packets, "b got a's hello");
        assertEquals(1, a.packets, "a got b's echo");
        assertEquals(List.of("nsm-one", "nsm-two"), group.threadNames());
        assertEquals("nsm-one", a.workThread);
        group.close();
        assertFalse(group.isRunning());
        assertEquals("nsm-one", a.destroyThread, "destroy runs on the NSM thread");
        assertEquals("nsm-two", b.destroyThread);
        assertTrue(group.status().stream().allMatch(s -> s.state() == TenantState.STOPPED));
    }

    @Test
    void replaceTenantRestartsItWithNewWiringOnAFreshPortWithTheSameAddress() throws Exception {
        try (NsmGroup group = builder(SystemNanoClock.INSTANCE)
            .idleStrategy(YieldingIdleStrategy::new)
            .tenant(spec("a", A, "", Map.of("hello", "10.0.0.2")))
            .tenant(spec("b", B, "", Map.of("echo", "true")))
            .build()) {
            group.start();
            ProbeStack.Probe first = stack.instance("a");
            awaitPackets(first);
            RecordingEvents second = new RecordingEvents();

            TenantStatus status = group.replaceTenant("a", new TenantWiring(second, TenantWork.NONE))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertEquals(TenantState.RUNNING, status.state());
            assertEquals("10.0.0.1/24", status.cidr());
            assertEquals("nsm-tenant-a", first.destroyThread, "the old instance is destroyed on its NSM");
            ProbeStack.Probe fresh = stack.instances.get(stack.instances.size() - 1);
            assertEquals("a", fresh.host.tenantId());
            awaitPackets(fresh);
            assertEquals(1, fresh.packets, "the new instance's hello was echoed back to the same address");
            assertEquals(2, group.fabric().ports().size(), "the old port was detached");
            assertThrows(IllegalArgumentException.class, () -> group.replaceTenant("zz", new TenantWiring(second, null)));
        }
    }

    private static void awaitPackets(ProbeStack.Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (probe.packets == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void packsNsmsOntoFewerThreadsWithACompositeAgent() throws Exception {
        try (NsmGroup group = builder(SystemNanoClock.INSTANCE)
            .threads(1)
            .idleStrategy(YieldingIdleStrategy::new)
            .tenant(spec("a", A, "", Map.of("hello", "10.0.0.2")))
            .tenant(spec("b", B, "", Map.of("echo", "true")))
            .build()) {
            group.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (stack.instance("a").packets == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(1, stack.instance("a").packets);
            assertEquals(List.of("[nsm-tenant-a,nsm-tenant-b]"), group.threadNames());
        }
    }

    @Test
    void aBadOptionFailsTheBuildNamingTheTenantAndLeavesNothingRunning() {
        TenantStartException error = assertThrows(TenantStartException.class, () -> builder(new CachedNanoClock())
            .tenant(spec("a", A, "", Map.of()))
            .tenant(spec("b", B, "", Map.of("fail", "sometimes")))
            .build());
        assertEquals("tenant 'b' (hosts.conf:b): stack 'probe' 1.0.0 rejected its options [fail]: "
            + "option fail='sometimes' must be none, packet, work or timer", error.getMessage());
        assertTrue(stack.instance("a").destroyed, "the tenant already made is destroyed again");
    }

    @Test
    void clashingTenantsFailTheBuildWithClearMessages() {
        TenantStartException sameId = assertThrows(TenantStartException.class, () -> builder(new CachedNanoClock())
            .tenant(spec("a", A, "", Map.of()))
            .tenant(new TenantSpec("a", B, 24, "", stack.loaded(), Map.of(), 7L, "other.conf:3"))
            .build());
        assertEquals("tenant 'a' (other.conf:3): tenant id is also used at hosts.conf:a; give every tenant its own id",
            sameId.getMessage());

        TenantStartException sameAddress = assertThrows(TenantStartException.class, () -> builder(new CachedNanoClock())
            .tenant(spec("a", A, "", Map.of()))
            .tenant(spec("b", A, "", Map.of()))
            .build());
        assertEquals("tenant 'b' (hosts.conf:b): address 10.0.0.1 of port 'b' is already used by port 'a'; "
            + "give each tenant its own address", sameAddress.getMessage());

        TenantStartException reserved = assertThrows(TenantStartException.class, () -> builder(new CachedNanoClock())
            .tenant(spec("a", A, "", Map.of()))
            .tenant(spec("b", B, "tenant-a", Map.of()))
            .build());
        assertTrue(reserved.getMessage().contains("is the dedicated NSM of tenant 'a'"), reserved.getMessage());
    }

    @Test
    void socketLevelStacksGetNoSwitchPort() {
        ProbeStack kernel = new ProbeStack("kernelish", Capability.SOCKET_LEVEL);
        try (NsmGroup group = builder(new CachedNanoClock())
            .tenant(new TenantSpec("k", A, 24, "", kernel.loaded(), Map.of(), 1L, "hosts.conf:1"))
            .build()) {
            assertEquals(0, group.fabric().ports().size());
            assertFalse(kernel.instance("k").send(B, 1));
        }
    }

    @Test
    void tapsDeliveredPacketsToAPcapClosedWithTheGroup() throws Exception {
        CachedNanoClock clock = new CachedNanoClock();
        Path file = dir.resolve("group.pcap");
        NsmGroup group = builder(clock)
            .pcap(file, 0)
            .tenant(spec("a", A, "", Map.of("hello", "10.0.0.2")))
            .tenant(spec("b", B, "", Map.of()))
            .build();
        PcapWriter tap = group.pcap();
        assertNotNull(tap);
        for (Nsm nsm : group.nsms()) {
            nsm.doWork();
        }
        group.close();
        assertEquals(1, tap.packetsWritten());
        assertNull(tap.failure());
        assertEquals(24 + 16 + 28, Files.size(file));
    }
}
