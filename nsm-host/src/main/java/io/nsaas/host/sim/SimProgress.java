package io.nsaas.host.sim;

/**
 * Told how far a run has got, from the simulation thread, every so often (the simulator decides how
 * often; implementations must be cheap and must not read anything from the simulated path).
 */
@FunctionalInterface
public interface SimProgress {
    /** Does nothing. */
    SimProgress NONE = (simulatedNanos, totalNanos, packets) -> { };

    /**
     * @param simulatedNanos virtual time reached
     * @param totalNanos     virtual time the run will last
     * @param packets        packets the bottleneck has carried so far
     */
    void update(long simulatedNanos, long totalNanos, long packets);
}
