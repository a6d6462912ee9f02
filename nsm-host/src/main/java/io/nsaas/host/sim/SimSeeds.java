package io.nsaas.host.sim;

/**
 * The seeds a run derives from its scenario seed, each a SplitMix64 mix of the seed and a fixed
 * salt, so every source is independent, stable across JDKs, and never 0 where 0 is invalid.
 */
final class SimSeeds {
    private static final long LINK_SALT = 0x6C696E6B5F626E65L;
    private static final long STREAM_SALT = 0x73747265616D5F30L;

    private SimSeeds() {
    }

    /** @return the bottleneck link's fault seed */
    static long link(long scenarioSeed) {
        return mix64(scenarioSeed ^ LINK_SALT);
    }

    /** @return the {@link io.nsaas.host.perf.PerfStream} seed of flow {@code flow}; never 0 */
    static long stream(long scenarioSeed, int flow) {
        long seed = mix64(mix64(scenarioSeed ^ STREAM_SALT) + flow);
        return seed == 0 ? 1 : seed;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
