package io.nsaas.host.sim;

public interface SimProgress { void update(long simulatedNanos, long totalNanos, long packets); }
