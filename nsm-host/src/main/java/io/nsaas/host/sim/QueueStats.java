package io.nsaas.host.sim;

/**
 * Distribution of the bottleneck queue length (packets) over a run, time-weighted or per sample as
 * the simulator documents.
 */
public record QueueStats(double mean, double p50, double p95, double p99, double max) {
}
