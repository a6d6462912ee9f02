package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.PcapWriter;
import io.nsaas.host.fabric.link.EmulatedLink;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator on the real NewReno plugin (the zips the build puts in {@code nsaas.test.plugins}).
 */
class SimulatorTest {
    private static final long GBPS = 1_000_000_000L;
    private static final long US = 1_000;
    private static final long MS = 1_000_000;

    @TempDir
    static Path work;
    private static PluginStackRegistry registry;

    @BeforeAll
    static void loadPlugins() {
        String dir = System.getProperty("nsaas.test.plugins");
        assertNotNull(dir, "Surefire sets nsaas.test.plugins to <repo>/target/plugins");
        registry = new StackPluginLoader(work.resolve("plugins")).load(List.of(Path.of(dir)));
        assertNotNull(registry.resolve("newreno", ""), "the newreno plugin zip is built before nsm-host");
    }

    @AfterAll
    static void closeRegistry() {
        registry.close();
    }

    static BottleneckSpec bottleneck(long rate, long delay, int bufferPackets, double loss, double corrupt) {
        return new BottleneckSpec(rate, delay, bufferPackets, -1, -1, -1, loss, 0, 0, corrupt);
    }

    static FlowSpec flow(int id, String stack, long start, long bytes) {
        return new FlowSpec(id, stack, start, bytes, "test.conf:" + (10 + id));
    }

    static Scenario scenario(long durationNanos, BottleneckSpec bottleneck, FlowSpec... flows) {
        return new Scenario("test.conf", "test", 42, durationNanos, 1500, bottleneck, List.of(flows));
    }

    private static SimSummary withoutWallTime(SimSummary s) {
        return new SimSummary(s.name(), s.seed(), s.simulatedSeconds(), 0, s.bottleneck(), s.flows(), s.jainFairness(),
            s.jainFairnessLastHalf(), s.packetsSent());
    }

    @Test
    void sameScenarioAndSeedGiveIdenticalRowsAndSummary() {
        Scenario scenario = scenario(300 * MS, bottleneck(GBPS, 50 * US, 20, 0.001, 0),
            flow(0, "newreno", 0, -1), flow(1, "newreno", 20 * MS, -1));
        RecordingTimeseries first = new RecordingTimeseries();
        RecordingTimeseries second = new RecordingTimeseries();
        SimSummary a = new Simulator(registry).run(scenario, first, (Path) null, null);
        SimSummary b = new Simulator(registry).run(scenario, second, (Path) null, null);

        assertEquals(withoutWallTime(a), withoutWallTime(b));
        assertEquals(first.columns, second.columns);
        assertEquals(first.rows, second.rows);
        assertTrue(first.rows.size() > 1000, "rows were sampled: " + first.rows.size());
        assertTrue(a.bottleneck().drops() > 0, "the lossy link dropped something, so recovery paths ran too");
        assertTrue(a.flows().get(1).bytesDelivered() > 0, "the late flow ran");
    }

    @Test
    void bottleneckConservesPacketsAndStaysWithinCapacity() {
        Scenario scenario = scenario(200 * MS, bottleneck(GBPS, 20 * US, 8, 0.002, 0),
            flow(0, "newreno", 0, -1), flow(1, "newreno", 0, -1), flow(2, "newreno", 5 * MS, -1));
        Simulator simulator = new Simulator(registry);
        SimSummary summary = simulator.run(scenario, null, (Path) null, null);

        Dumbbell net = simulator.lastNetwork();
        EmulatedLink link = net.bottleneck;
        assertEquals(link.offeredPackets() + link.duplicates(), link.deliveredPackets() + link.queueDrops()
            + link.lossDrops() + link.queuePackets() + link.inFlightPackets(), "delivered + dropped + queued == sent");
        assertTrue(link.queueDrops() > 0, "an 8-packet buffer overflows under three flows");
        assertEquals(link.queueDrops() + link.lossDrops(), summary.bottleneck().drops());
        assertEquals(0, net.otherDrops(), "only the bottleneck drops");
        assertTrue(summary.bottleneck().utilization() <= 1.0, "utilization " + summary.bottleneck().utilization());
        assertTrue(summary.bottleneck().utilization() > 0.5, "utilization " + summary.bottleneck().utilization());
        QueueStats queue = summary.bottleneck().queuePackets();
        assertTrue(queue.max() <= 8 && queue.p99() <= queue.max() && queue.p50() <= queue.p95(), queue.toString());
        double sum = summary.flows().stream().mapToDouble(FlowSummary::goodputBps).sum();
        assertTrue(sum <= GBPS, "goodput " + sum + " above capacity");
        assertTrue(summary.jainFairness() > 0 && summary.jainFairness() <= 1, "jain " + summary.jainFairness());
    }

    @Test
    void singleNewRenoFlowOnOneBdpBufferUsesTheLink() {
        // base RTT = 2 x (50 + 1) us + 12 us + 1.2 us = 115.2 us: BDP = 14,400 bytes, about 10 packets of 1500
        Scenario scenario = scenario(1500 * MS, bottleneck(GBPS, 50 * US, 10, 0, 0), flow(0, "newreno", 0, -1));
        RecordingTimeseries rows = new RecordingTimeseries();
        SimSummary summary = new Simulator(registry).run(scenario, rows, (Path) null, null);

        assertTrue(summary.bottleneck().utilization() >= 0.95, "utilization " + summary.bottleneck().utilization());
        assertEquals("ok", summary.flows().get(0).integrity());
        assertTrue(summary.flows().get(0).goodputBps() > 0.9 * GBPS, "goodput " + summary.flows().get(0).goodputBps());
        long[] last = rows.values.get(rows.values.size() - 1);
        assertEquals(summary.flows().get(0).bytesDelivered(), last[6], "the last row at the end shows all delivered bytes");
        assertEquals(1500 * MS, last[0]);
        long[] first = rows.values.get(0);
        long[] second = rows.values.get(1);
        assertTrue(second[0] - first[0] <= 115_200, "sampled at least once per base RTT");
    }

    @Test
    void finiteFlowDeliversExactlyItsBytesIntact() {
        Scenario scenario = scenario(1000 * MS, bottleneck(GBPS, 50 * US, 30, 0, 0),
            flow(0, "newreno", 10 * MS, 5_000_003));
        SimSummary summary = new Simulator(registry).run(scenario, null, (Path) null, null);

        FlowSummary flow = summary.flows().get(0);
        assertEquals("ok", flow.integrity());
        assertEquals(5_000_003, flow.bytesDelivered());
        // 5 MB at 1 Gbps takes about 40 ms plus slow start; goodput counts only the active time
        assertTrue(flow.goodputBps() > 0.5 * GBPS && flow.goodputBps() <= GBPS, "goodput " + flow.goodputBps());
    }

    @Test
    void lastHalfFairnessCountsOnlyWhatEachFlowDeliveredAfterHalfTime() {
        // flow 1 sends 2 MB and is done well before 500 ms; in the last half only flow 0 delivers
        Scenario scenario = scenario(1000 * MS, bottleneck(GBPS, 50 * US, 30, 0, 0),
            flow(0, "newreno", 0, -1), flow(1, "newreno", 0, 2_000_000));
        SimSummary summary = new Simulator(registry).run(scenario, null, (Path) null, null);

        assertEquals("ok", summary.flows().get(1).integrity());
        assertEquals(0.5, summary.jainFairnessLastHalf(), 1e-12, "one of two flows idle: n = 2, index 1/2");
        assertTrue(summary.jainFairness() > 0.5, "over the whole run both had goodput: " + summary.jainFairness());
        assertTrue(summary.packetsSent() > 2_000_000 / 1448, "data and ACK packets counted: " + summary.packetsSent());
    }

    @Test
    void jainIndexIsOneForEqualSharesAndOneOverNForOneFlowAlone() {
        assertEquals(1.0, Simulator.jainIndex(new double[] {3, 3, 3}), 1e-12);
        assertEquals(1.0 / 3, Simulator.jainIndex(new double[] {0, 5, 0}), 1e-12);
        assertEquals(0.9, Simulator.jainIndex(new double[] {1, 2}), 1e-12); // 9 / (2 * 5)
        assertEquals(0.0, Simulator.jainIndex(new double[] {0, 0}));
    }

    @Test
    void finiteFlowCutOffByTheEndIsIncomplete() {
        Scenario scenario = scenario(20 * MS, bottleneck(GBPS, 50 * US, 30, 0, 0), flow(0, "newreno", 0, 50_000_000));
        SimSummary summary = new Simulator(registry).run(scenario, null, (Path) null, null);

        assertEquals("incomplete", summary.flows().get(0).integrity());
        assertTrue(summary.flows().get(0).bytesDelivered() < 50_000_000);
    }

    @Test
    void corruptedPacketsAreCaughtByChecksumsAndRetransmitted() {
        Scenario scenario = scenario(3000 * MS, bottleneck(GBPS, 50 * US, 30, 0, 0.01),
            flow(0, "newreno", 0, 3_000_000));
        Simulator simulator = new Simulator(registry);
        SimSummary summary = simulator.run(scenario, null, (Path) null, null);

        assertTrue(simulator.lastNetwork().bottleneck.corruptions() > 0, "the link corrupted packets");
        FlowSummary flow = summary.flows().get(0);
        assertEquals("ok", flow.integrity());
        assertEquals(3_000_000, flow.bytesDelivered());
        assertTrue(flow.retransmits() > 0, "corrupted segments were retransmitted");
    }

    @Test
    void bottleneckCaptureIsStampedInVirtualTimeAndRepeatable() throws IOException {
        Scenario scenario = scenario(30 * MS, bottleneck(GBPS, 50 * US, 20, 0.01, 0), flow(0, "newreno", 2 * MS, -1));
        Path first = work.resolve("first.pcap");
        Path second = work.resolve("second.pcap");
        new Simulator(registry).run(scenario, null, first, null);
        Simulator simulator = new Simulator(registry);
        simulator.run(scenario, null, second, null);

        byte[] bytes = Files.readAllBytes(first);
        assertArrayEquals(bytes, Files.readAllBytes(second), "same seed, same capture byte for byte");
        ByteBuffer pcap = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(PcapWriter.MAGIC_NANOS, pcap.getInt(0));
        long firstStamp = pcap.getInt(24) * 1_000_000_000L + pcap.getInt(28);
        assertTrue(firstStamp >= 2 * MS && firstStamp < 3 * MS, "the SYN leaves the bottleneck just after the flow "
            + "starts at 2 ms of virtual time: " + firstStamp);
        EmulatedLink link = simulator.lastNetwork().bottleneck;
        long records = 0;
        for (int at = PcapWriter.FILE_HEADER_LENGTH; at < bytes.length; at += PcapWriter.RECORD_HEADER_LENGTH
            + pcap.getInt(at + 8)) {
            records++;
        }
        assertEquals(link.offeredPackets() - link.queueDrops() - link.lossDrops() - link.queuePackets(), records,
            "every packet that left the bottleneck queue is captured once");
    }

    @Test
    void unknownStackFailsNamingTheFlow() {
        Scenario scenario = scenario(10 * MS, bottleneck(GBPS, 50 * US, 30, 0, 0),
            flow(0, "newreno", 0, -1), flow(1, "nosuch", 0, -1));
        ScenarioException e = assertThrows(ScenarioException.class,
            () -> new Simulator(registry).run(scenario, null, (Path) null, null));
        assertTrue(e.getMessage().startsWith("test.conf:11: flows[1].stack: unknown stack 'nosuch'"), e.getMessage());
        assertTrue(e.getMessage().contains("newreno"), "lists what is installed: " + e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void socketLevelStackIsRefusedNamingTheFlow() {
        Scenario scenario = scenario(10 * MS, bottleneck(GBPS, 50 * US, 30, 0, 0), flow(0, "kernel", 0, -1));
        ScenarioException e = assertThrows(ScenarioException.class,
            () -> new Simulator(registry).run(scenario, null, (Path) null, null));
        assertTrue(e.getMessage().startsWith("test.conf:10: flows[0].stack: stack 'kernel' is socket-level"),
            e.getMessage());
    }
}
