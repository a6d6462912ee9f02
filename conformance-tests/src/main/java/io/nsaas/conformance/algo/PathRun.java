package io.nsaas.conformance.algo;

import io.nsaas.host.plugin.StackRegistry;
import io.nsaas.host.sim.BottleneckSpec;
import io.nsaas.host.sim.FlowSpec;
import io.nsaas.host.sim.FlowSummary;
import io.nsaas.host.sim.Scenario;
import io.nsaas.host.sim.SimSummary;
import io.nsaas.host.sim.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulator run of a stack under test: {@code flows} flows of that stack over one bottleneck, in
 * virtual time, with a fixed seed, sampled into a {@link FlowSamples} of flow 0. A run on a bottleneck
 * that marks ECN also captures the bottleneck to a temporary pcap file, read into an {@link EcnCapture}.
 *
 * @param name          the run's name, in messages
 * @param seed          seed of the links' faults and the stacks' random choices
 * @param durationNanos virtual time the run lasts
 * @param bottleneck    the shared link, with its faults
 * @param flowBytes     bytes each flow sends, or {@link FlowSpec#BULK} to send until the end
 * @param flows         number of flows, all starting at time 0
 */
record PathRun(String name, long seed, long durationNanos, BottleneckSpec bottleneck, long flowBytes, int flows) {
    static final long MS = 1_000_000L;
    static final long MBPS = 1_000_000L;

    /** @return a drop-tail bottleneck without faults */
    static BottleneckSpec dropTail(long rateBps, long delayNanos, int bufferPackets) {
        return new BottleneckSpec(rateBps, delayNanos, bufferPackets, -1, -1, -1, 0, 0, 0, 0);
    }

    /** @return the bottleneck with its random faults replaced */
    static BottleneckSpec withFaults(BottleneckSpec b, double loss, double duplicate, double reorder, double corrupt) {
        return new BottleneckSpec(b.rateBps(), b.delayNanos(), b.bufferPackets(), b.bufferBytes(), b.ecnThresholdPackets(),
            b.ecnThresholdBytes(), loss, duplicate, reorder, corrupt);
    }

    /** @return a bottleneck that marks CE on ECN-capable packets once its queue holds {@code k} packets */
    static BottleneckSpec marking(long rateBps, long delayNanos, int bufferPackets, int k) {
        return new BottleneckSpec(rateBps, delayNanos, bufferPackets, -1, k, -1, 0, 0, 0, 0);
    }

    /**
     * Result of a run: the summary, flow 0's samples and, when the bottleneck marks ECN, what its capture
     * shows of ECN (else null).
     */
    record Outcome(SimSummary summary, FlowSamples samples, EcnCapture ecn) {
        FlowSummary flow(int id) {
            return summary.flows().get(id);
        }
    }

    /** Runs this on {@code stackId} from {@code registry} (which must hold it as a packet-level stack). */
    Outcome run(StackRegistry registry, String stackId) {
        List<FlowSpec> specs = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            specs.add(new FlowSpec(i, stackId, 0, flowBytes, "tck:" + name + ":flow" + i));
        }
        Scenario scenario = new Scenario("tck:" + name, name, seed, durationNanos, 1500, bottleneck, specs);
        FlowSamples samples = new FlowSamples(0);
        if (!bottleneck.marksEcn()) {
            return new Outcome(new Simulator(registry).run(scenario, samples, (Path) null, null), samples, null);
        }
        Path pcap = null;
        try {
            pcap = Files.createTempFile("nsaas-tck-" + name, ".pcap");
            SimSummary summary = new Simulator(registry).run(scenario, samples, pcap, null);
            return new Outcome(summary, samples, EcnCapture.read(pcap));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary capture file for " + name + " in "
                + System.getProperty("java.io.tmpdir"), e);
        } finally {
            deleteQuietly(pcap);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is harmless; the run's result stands
            }
        }
    }
}
