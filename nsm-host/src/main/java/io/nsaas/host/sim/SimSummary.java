package io.nsaas.host.sim;

import java.util.List;
import java.util.Objects;

/**
 * The result of a simulation run: what {@link SummaryJson} writes as {@code summary.json}.
 *
 * @param name             the scenario's name
 * @param seed             the scenario's seed
 * @param simulatedSeconds virtual time simulated
 * @param wallSeconds      wall-clock time the run took (the only value that differs between two runs
 *                         of the same scenario)
 * @param bottleneck       the bottleneck's figures
 * @param flows            one per flow, in id order
 * @param jainFairness     Jain's fairness index of the flows' goodputs, (sum x)^2 / (n * sum x^2), in (0,1];
 *                         1 for a single flow
 * @param jainFairnessLastHalf Jain's index of the flows' goodputs in the last half of the run only (bytes
 *                         delivered between duration/2 and the end), which leaves out start-up transients
 * @param packetsSent      packets all tenants transmitted (data and ACKs); per wall second, the simulation speed
 */
public record SimSummary(String name, long seed, double simulatedSeconds, double wallSeconds, BottleneckSummary bottleneck,
                         List<FlowSummary> flows, double jainFairness, double jainFairnessLastHalf, long packetsSent) {

    public SimSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bottleneck, "bottleneck");
        flows = List.copyOf(flows);
    }

    /** @return a copy with {@link #wallSeconds} replaced (the simulator measures it around the run) */
    public SimSummary withWallSeconds(double seconds) {
        return new SimSummary(name, seed, simulatedSeconds, seconds, bottleneck, flows, jainFairness, jainFairnessLastHalf,
            packetsSent);
    }

    /** @return simulated packets ({@link #packetsSent}) per wall second; 0 when no wall time was measured */
    public double packetsPerWallSecond() {
        return wallSeconds > 0 ? packetsSent / wallSeconds : 0;
    }
}
