package io.nsaas.host.sim;

import java.util.Objects;

/**
 * What happened at the bottleneck during a run.
 *
 * @param capacityBps  the link rate, bits per second
 * @param utilization  fraction of the run the link was transmitting, in [0,1]
 * @param queuePackets distribution of the queue length in packets
 * @param drops        packets dropped (queue overflow plus random loss)
 * @param ceMarks      packets marked CE
 */
public record BottleneckSummary(long capacityBps, double utilization, QueueStats queuePackets, long drops, long ceMarks) {

    public BottleneckSummary {
        Objects.requireNonNull(queuePackets, "queuePackets");
    }
}
