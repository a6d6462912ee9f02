package io.nsaas.host.sim;

public record BottleneckSummary(long capacityBps, double utilization, QueueStats queuePackets, long drops, long ceMarks) { }
