package io.nsaas.host.sim;

public record BottleneckSpec(long rateBps, long delayNanos, int bufferPackets /* -1 if given in bytes */, long bufferBytes /* -1 if in packets */,
                             int ecnThresholdPackets /* -1 none */, long ecnThresholdBytes /* -1 none */,
                             double loss, double duplicate, double reorder, double corrupt) { }
