package io.nsaas.host.sim;

public record Scenario(String source, String name, long seed, long durationNanos, int mtu,
                       BottleneckSpec bottleneck, java.util.List<FlowSpec> flows) { }
