package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The issue 5 experiments (docs/experiments/README.md) on the repository's scenario files, shortened to
 * keep the suite fast (flows' start times scale with the duration): DCTCP holds the queue near its
 * marking threshold and CUBIC far above it, both near full utilization; two flows of one stack share
 * the link fairly in the last half of the run; a CUBIC flow's cwnd follows W_cubic(t) between losses.
 */
class ExperimentScenariosTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    static Path work;
    private static PluginStackRegistry registry;
    private static SimSummary dctcpPair;

    @BeforeAll
    static void loadPlugins() {
        String dir = System.getProperty("nsaas.test.plugins");
        assertNotNull(dir, "Surefire sets nsaas.test.plugins to <repo>/target/plugins");
        registry = new StackPluginLoader(work.resolve("plugins")).load(List.of(Path.of(dir)));
        assertNotNull(registry.resolve("cubic", ""), "the cubic plugin zip is built before nsm-host");
        assertNotNull(registry.resolve("dctcp", ""), "the dctcp plugin zip is built before nsm-host");
    }

    @AfterAll
    static void closeRegistry() {
        registry.close();
    }

    /** @return the scenario file's scenario, lasting {@code durationNanos}, with flow starts scaled to match */
    static Scenario shortened(String file, long durationNanos) {
        Scenario s = new ScenarioLoader().load(SCENARIOS.resolve(file));
        List<FlowSpec> flows = new ArrayList<>();
        for (FlowSpec f : s.flows()) {
            long start = Math.round((double) f.startNanos() * durationNanos / s.durationNanos());
            flows.add(new FlowSpec(f.id(), f.stack(), start, f.bytes(), f.where()));
        }
        return new Scenario(s.source(), s.name(), s.seed(), durationNanos, s.mtu(), s.bottleneck(), flows);
    }

    private static SimSummary run(Scenario scenario, TimeseriesSink sink) {
        SimSummary summary = new Simulator(registry).run(scenario, sink, (Path) null, null);
        for (FlowSummary flow : summary.flows()) {
            assertEquals(FlowSummary.OK, flow.integrity(), scenario.name() + " flow " + flow.id());
            assertTrue(flow.bytesDelivered() > 0, scenario.name() + " flow " + flow.id() + " delivered nothing");
        }
        return summary;
    }

    private static synchronized SimSummary dctcpPair() {
        if (dctcpPair == null) {
            dctcpPair = run(shortened("dctcp-pair.conf", 2 * SECOND), null);
        }
        return dctcpPair;
    }

    @Test
    void dctcpHoldsTheQueueNearTheMarkingThresholdAtFullUtilization() {
        BottleneckSummary b = dctcpPair().bottleneck();
        assertTrue(b.queuePackets().p50() >= 10 && b.queuePackets().p50() <= 40, "DCTCP queue p50 " + b.queuePackets());
        assertTrue(b.utilization() >= 0.9, "utilization " + b.utilization());
        assertTrue(b.ceMarks() > 0, "the bottleneck marked CE");
        assertEquals(0, b.drops(), "the 700 KB buffer never overflows under DCTCP");
    }

    @Test
    void cubicOnDropTailStandsAQueueAtLeastFiveTimesDctcpsAtFullUtilization() {
        BottleneckSummary cubic = run(shortened("cubic-pair.conf", 4 * SECOND), null).bottleneck();
        BottleneckSummary dctcp = dctcpPair().bottleneck();
        assertTrue(cubic.queuePackets().p50() >= 5 * dctcp.queuePackets().p50(),
            "CUBIC queue " + cubic.queuePackets() + " vs DCTCP " + dctcp.queuePackets());
        assertTrue(cubic.utilization() >= 0.9, "utilization " + cubic.utilization());
        assertEquals(0, cubic.ceMarks(), "drop-tail: no marks");
        assertTrue(cubic.drops() > 0, "CUBIC fills the buffer until it overflows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"newreno", "cubic", "dctcp"})
    void twoFlowsOfOneStackShareTheLinkFairlyInTheLastHalf(String stack) {
        SimSummary s = run(shortened("fairness-" + stack + ".conf", 4 * SECOND), null);
        assertEquals(2, s.flows().size());
        assertTrue(s.flows().get(1).bytesDelivered() < s.flows().get(0).bytesDelivered(), "the second flow started later");
        assertTrue(s.jainFairnessLastHalf() >= 0.9, stack + ": Jain over the last half " + s.jainFairnessLastHalf());
        assertTrue(s.bottleneck().utilization() >= 0.9, stack + ": utilization " + s.bottleneck().utilization());
    }

    @Test
    void cubicCwndFollowsTheWindowFunctionBetweenPeriodicLosses() {
        CubicWindowFit fit = new CubicWindowFit(0);
        run(shortened("cubic-periodic-loss.conf", 30 * SECOND), fit);
        CubicWindowFit.Result r = fit.result();

        assertEquals(1448, r.mss(), "MSS of a 1500-byte MTU with timestamps");
        assertTrue(r.epochs() >= 3, "epochs between losses: " + r);
        assertTrue(r.concaveSamples() > 1000 && r.convexSamples() > 0, "both regions were compared: " + r);
        assertTrue(r.medianError() < 0.01, "median relative error below 1%: " + r);
        assertTrue(r.p90Error() < 0.02, "90th percentile below 2%: " + r);
        assertTrue(r.maxWmaxDeviation() < 1e-3, "the stack's W_max is the RFC's: " + r);
        assertTrue(r.maxKDeviationMs() < 1, "the stack's K is the RFC's: " + r);
    }
}
