package io.nsaas.host.sim;

public record QueueStats(double mean, double p50, double p95, double p99, double max) { }
