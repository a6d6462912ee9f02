package io.nsaas.host.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.DropReason;
import io.nsaas.host.fabric.FabricPort;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.random.RandomGenerator;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives {@link Nsm#doWork()} directly under a virtual clock. */
class NsmTest {
    private static final int A = Endpoint.parseAddress("10.0.0.1");
    private static final int B = Endpoint.parseAddress("10.0.0.2");
    private static final int C = Endpoint.parseAddress("10.0.0.3");
    private static final long MS = 1_000_000L;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final ProbeStack stack = new ProbeStack();
    private final Switch fabric = new Switch();
    private final RecordingEvents events = new RecordingEvents();
    private final NsmSettings settings = NsmSettings.defaults();

    @AfterEach
    void closeFabric() {
        fabric.close();
    }

    private TenantSpec spec(String id, int address, Map<String, String> options) {
        return new TenantSpec(id, address, 24, "", stack.loaded(), options, 42L, "test.conf:" + id.length());
    }

    private void add(Nsm nsm, String id, int address, Map<String, String> options) {
        add(nsm, id, address, options, TenantWork.NONE);
    }

    private void add(Nsm nsm, String id, int address, Map<String, String> options, TenantWork work) {
        SwitchPort port = fabric.attach(id, address, 24, settings.inboundQueueBytes());
        nsm.addTenant(spec(id, address, options), port, new TenantWiring(events, work));
    }

    private static TenantStatus statusOf(Nsm nsm, String tenantId) {
        return nsm.status().stream().filter(s -> s.tenantId().equals(tenantId)).findFirst().orElseThrow();
    }

    @Test
    void tenantsOnTwoNsmsExchangePacketsThroughTheSwitch() {
        Nsm one = new Nsm("one", clock, settings);
        Nsm two = new Nsm("two", clock, settings);
        add(one, "a", A, Map.of("hello", "10.0.0.2"));
        add(two, "b", B, Map.of("echo", "true"));

        assertEquals(1, one.doWork(), "a sends its hello");
        assertEquals(1, two.doWork(), "b receives it and echoes");
        assertEquals(1, one.doWork(), "a receives the echo");
        assertEquals(0, one.doWork() + two.doWork(), "idle");

        ProbeStack.Probe a = stack.instance("a");
        ProbeStack.Probe b = stack.instance("b");
        assertEquals(1, b.packets);
        assertEquals(A, b.lastSource);
        assertEquals(1, a.packets);
        assertEquals(2, a.lastSeq);
        assertEquals(1, statusOf(one, "a").packetsSent());
        assertEquals(1, statusOf(one, "a").packetsReceived());
    }

    @Test
    void severalTenantsShareOneNsm() {
        Nsm shared = new Nsm("shared", clock, settings);
        add(shared, "a", A, Map.of("hello", "10.0.0.2"));
        add(shared, "b", B, Map.of("echo", "true"));
        add(shared, "c", C, Map.of("hello", "10.0.0.2"));
        for (int i = 0; i < 5; i++) {
            shared.doWork();
        }
        assertEquals(2, stack.instance("b").packets);
        assertEquals(1, stack.instance("a").packets);
        assertEquals(1, stack.instance("c").packets);
        assertEquals(3, shared.status().size());
        assertTrue(shared.status().stream().allMatch(s -> s.state() == TenantState.RUNNING));
        assertEquals("nsm-shared", shared.roleName());
    }

    @Test
    void stackTimersFireAtTheirVirtualTimeInOrder() {
        clock.update(10_000 * MS);
        Nsm nsm = new Nsm("t", clock, settings);
        add(nsm, "a", A, Map.of());
        ProbeStack.Probe a = stack.instance("a");
        StackHost host = a.host;
        long second = host.scheduleTimer(clock.nanoTime() + 20 * MS);
        long first = host.scheduleTimer(clock.nanoTime() + 5 * MS);
        long cancelled = host.scheduleTimer(clock.nanoTime() + 10 * MS);
        assertTrue(host.cancelTimer(cancelled));
        assertEquals(clock.nanoTime() + 5 * MS, nsm.nextTimerDeadline());

        clock.advance(5 * MS - 1);
        nsm.doWork();
        assertEquals(0, a.timersFired.size());
        clock.update(nsm.nextTimerDeadline());
        nsm.doWork();
        clock.update(nsm.nextTimerDeadline());
        nsm.doWork();
        assertEquals(TimerService.NO_DEADLINE, nsm.nextTimerDeadline());

        assertEquals(2, a.timersFired.size());
        assertEquals(first, a.timersFired.get(0)[0]);
        assertEquals(10_005 * MS, a.timersFired.get(0)[1]);
        assertEquals(second, a.timersFired.get(1)[0]);
        assertEquals(10_020 * MS, a.timersFired.get(1)[1]);
        assertFalse(host.cancelTimer(first), "fired timers cannot be cancelled");
        assertEquals(10_020 * MS, host.nanoTime());
    }

    @Test
    void randomIsDeterministicPerSeedAndDiffersPerTenant() {
        Nsm nsm = new Nsm("r", clock, settings);
        add(nsm, "a", A, Map.of());
        add(nsm, "b", B, Map.of());
        Nsm again = new Nsm("again", clock, settings);
        fabric.close();
        Switch other = new Switch();
        again.addTenant(spec("a", A, Map.of()), other.attach("a", A, 24, 1 << 16), new TenantWiring(events, null));

        RandomGenerator a = stack.instances.get(0).host.random();
        RandomGenerator b = stack.instances.get(1).host.random();
        RandomGenerator aAgain = stack.instances.get(2).host.random();
        assertSame(a, stack.instances.get(0).host.random(), "one source per tenant");
        long[] first = {a.nextLong(), a.nextLong(), a.nextLong()};
        long[] same = {aAgain.nextLong(), aAgain.nextLong(), aAgain.nextLong()};
        long[] otherTenant = {b.nextLong(), b.nextLong(), b.nextLong()};
        assertEquals(List.of(first[0], first[1], first[2]), List.of(same[0], same[1], same[2]));
        assertNotEquals(first[0], otherTenant[0]);
        assertNotEquals(TenantHost.tenantSeed(42, "a"), TenantHost.tenantSeed(43, "a"));
        assertEquals(TenantHost.tenantSeed(42, "a"), TenantHost.tenantSeed(42, "a"));
        other.close();
    }

    @Test
    void aStackThrowingInOnPacketFailsOnlyItsTenant() {
        Nsm nsm = new Nsm("f", clock, settings);
        add(nsm, "a", A, Map.of("hello", "10.0.0.2"));
        add(nsm, "b", B, Map.of("fail", "packet"));
        add(nsm, "c", C, Map.of());
        ProbeStack.Probe b = stack.instance("b");
        long timer = b.host.scheduleTimer(clock.nanoTime() + MS);
        nsm.doWork();
        nsm.doWork();

        TenantStatus failed = statusOf(nsm, "b");
        assertEquals(TenantState.FAILED, failed.state());
        assertTrue(failed.reason().contains("IllegalStateException: probe fails on packets"), failed.reason());
        assertTrue(failed.reason().contains("onPacket"), failed.reason());
        assertTrue(b.destroyed);
        assertEquals(0, nsm.armedTimers(), "its timers are cancelled");
        assertFalse(b.host.cancelTimer(timer));

        // the others keep working: a packet to b is now undeliverable, a to c still goes through
        ProbeStack.Probe a = stack.instance("a");
        assertFalse(a.send(B, 7));
        assertEquals(1, fabric.drops(DropReason.NO_ROUTE));
        assertTrue(a.send(C, 8));
        nsm.doWork();
        assertEquals(1, stack.instance("c").packets);
        assertEquals(8, stack.instance("c").lastSeq);
        assertEquals(TenantState.RUNNING, statusOf(nsm, "a").state());
    }

    @Test
    void aStackThrowingInDoWorkOrOnTimerFailsOnlyItsTenant() {
        Nsm nsm = new Nsm("f", clock, settings);
        add(nsm, "worker", A, Map.of("fail", "work"));
        add(nsm, "timed", B, Map.of("fail", "timer"));
        add(nsm, "fine", C, Map.of("echo", "true"));
        stack.instance("timed").host.scheduleTimer(clock.nanoTime() + MS);
        nsm.doWork();
        clock.advance(2 * MS);
        nsm.doWork();

        assertEquals(TenantState.FAILED, statusOf(nsm, "worker").state());
        assertTrue(statusOf(nsm, "worker").reason().contains("in doWork"), statusOf(nsm, "worker").reason());
        assertEquals(TenantState.FAILED, statusOf(nsm, "timed").state());
        assertTrue(statusOf(nsm, "timed").reason().contains("in onTimer"), statusOf(nsm, "timed").reason());
        int callsAfterFailure = stack.instance("worker").doWorkCalls;
        nsm.doWork();
        assertEquals(callsAfterFailure, stack.instance("worker").doWorkCalls, "a failed stack is not called again");
        assertEquals(TenantState.RUNNING, statusOf(nsm, "fine").state());
        assertTrue(stack.instance("fine").doWorkCalls >= 3);
    }

    @Test
    void badOptionsNameTheTenantTheLocationAndThePluginMessage() {
        Nsm nsm = new Nsm("o", clock, settings);
        FabricPort port = fabric.attach("alice", A, 24, 1 << 16);
        TenantStartException error = assertThrows(TenantStartException.class, () -> nsm.addTenant(
            new TenantSpec("alice", A, 24, "", stack.loaded(), Map.of("speed", "fast"), 1, "hosts.conf:12"),
            port, new TenantWiring(events, null)));
        assertEquals("tenant 'alice' (hosts.conf:12): stack 'probe' 1.0.0 rejected its options [speed]: "
            + "unknown option 'speed' (known: echo, fail, hello)", error.getMessage());
        assertEquals("alice", error.tenantId());
        assertEquals("hosts.conf:12", error.where());
        assertEquals(0, nsm.status().size());
    }

    @Test
    void tenantWorkIsDrainedWithItsBoundAndItsFailureIsIsolated() {
        Nsm nsm = new Nsm("w", clock, settings);
        List<Integer> limits = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        TenantWork counting = (instance, limit) -> {
            limits.add(limit);
            return limits.size() <= 2 ? limit : 0;
        };
        TenantWork throwing = new TenantWork() {
            @Override
            public int doWork(StackInstance instance, int limit) {
                throw new IllegalStateException("ring corrupt");
            }

            @Override
            public void onStackGone(TenantState state, String reason) {
                gone.add(state + ": " + reason);
            }
        };
        add(nsm, "a", A, Map.of(), counting);
        add(nsm, "b", B, Map.of(), throwing);
        assertEquals(settings.jobsPerCycle() + 1, nsm.doWork(), "a's jobs plus b's failure");
        assertEquals(settings.jobsPerCycle(), nsm.doWork());
        assertEquals(0, nsm.doWork());
        assertEquals(List.of(64, 64, 64), limits);
        assertEquals(1, gone.size());
        assertTrue(gone.get(0).startsWith("FAILED: stack 'probe' threw java.lang.IllegalStateException: ring corrupt"),
            gone.get(0));
    }

    @Test
    void inboundPacketsAreDeliveredWithABoundPerCycle() {
        Nsm nsm = new Nsm("b", clock, settings.withPacketsPerCycle(4));
        add(nsm, "a", A, Map.of());
        add(nsm, "b", B, Map.of());
        ProbeStack.Probe a = stack.instance("a");
        for (int i = 0; i < 10; i++) {
            assertTrue(a.send(B, i));
        }
        ProbeStack.Probe b = stack.instance("b");
        nsm.doWork();
        assertEquals(4, b.packets);
        nsm.doWork();
        assertEquals(8, b.packets);
        nsm.doWork();
        assertEquals(10, b.packets);
        assertEquals(9, b.lastSeq);
    }

    @Test
    void removingATenantDestroysItsInstanceCancelsTimersAndFreesItsAddress() {
        Nsm nsm = new Nsm("x", clock, settings);
        add(nsm, "a", A, Map.of());
        add(nsm, "b", B, Map.of());
        stack.instance("b").host.scheduleTimer(clock.nanoTime() + MS);
        assertTrue(nsm.removeTenant("b"));
        assertFalse(nsm.removeTenant("b"));
        assertTrue(stack.instance("b").destroyed);
        assertEquals(0, nsm.armedTimers());
        assertEquals(1, nsm.status().size());
        assertFalse(stack.instance("a").send(B, 1));
        fabric.attach("b-again", B, 24, 1 << 16);
        assertTrue(stack.instance("a").send(B, 1));
    }

    @Test
    void closingStopsEveryTenant() {
        Nsm nsm = new Nsm("x", clock, settings);
        add(nsm, "a", A, Map.of());
        nsm.onClose();
        assertTrue(stack.instance("a").destroyed);
        assertEquals(TenantState.STOPPED, statusOf(nsm, "a").state());
        assertEquals("host stopped", statusOf(nsm, "a").reason());
        assertThrows(IllegalStateException.class, () -> nsm.addTenant(spec("b", B, Map.of()),
            FabricPort.unattached("b"), new TenantWiring(events, null)));
    }

    @Test
    void addTenantFromAnotherThreadAfterStartIsRefusedButRequestAddRunsOnTheNsmThread() throws Exception {
        Nsm nsm = new Nsm("threads", clock, settings);
        Thread agentThread = new Thread(nsm::onStart, "nsm-threads");
        agentThread.start();
        agentThread.join();
        SwitchPort port = fabric.attach("a", A, 24, 1 << 16);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> nsm.addTenant(spec("a", A, Map.of()), port, new TenantWiring(events, null)));
        assertTrue(refused.getMessage().contains("requestAddTenant"), refused.getMessage());

        // simulate the NSM thread being this one again: a fresh NSM drives its own commands
        Nsm local = new Nsm("local", clock, settings);
        CompletableFuture<TenantStatus> added = local.requestAddTenant(spec("a", A, Map.of()), port,
            new TenantWiring(events, null));
        CompletableFuture<TenantStatus> clash = local.requestAddTenant(spec("a", A, Map.of()),
            FabricPort.unattached("a"), new TenantWiring(events, null));
        assertFalse(added.isDone(), "runs on the next duty cycle");
        local.doWork();
        assertEquals(TenantState.RUNNING, added.get().state());
        ExecutionException error = assertThrows(ExecutionException.class, clash::get);
        assertTrue(error.getCause() instanceof TenantStartException);
        assertFalse(local.requestRemoveTenant("a").isDone(), "runs on the next duty cycle");
        local.doWork();
        assertEquals(0, local.status().size());
    }

    @Test
    void loggerLinesArePrefixedWithTenantAndStack() {
        assertEquals("[alice/probe] ", new TenantLogger("alice", "probe").prefix());
        assertEquals("[a\\{}b/probe] ", new TenantLogger("a{}b", "probe").prefix());
        Nsm nsm = new Nsm("l", clock, settings);
        add(nsm, "a", A, Map.of());
        StackHost host = stack.instance("a").host;
        host.logger().info("hello {}", 1);
        assertEquals("a", host.tenantId());
        assertEquals(A, host.localAddress());
    }
}
