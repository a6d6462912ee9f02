package io.nsaas.host.sim;

public record SimSummary(String name, long seed, double simulatedSeconds, double wallSeconds, BottleneckSummary bottleneck,
                         java.util.List<FlowSummary> flows, double jainFairness) { }
