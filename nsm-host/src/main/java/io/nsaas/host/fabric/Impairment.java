package io.nsaas.host.fabric;

/**
 * What an impairment stage does to the packets of one link direction, with netem-like meaning (the
 * stage is an {@link io.nsaas.host.fabric.link.EmulatedLink} without a rate, made by
 * {@link io.nsaas.host.fabric.link.LinkSpec#of(Impairment, int, int)}, which states the exact semantics):
 *
 * <ul>
 *   <li>{@code delayNanos}: every packet is held this long (fixed one-way delay), unless it is
 *       chosen for reordering;</li>
 *   <li>{@code loss}: probability that a packet is dropped;</li>
 *   <li>{@code reorder}: probability that a packet (not lost) is sent at once, without the delay, so
 *       it overtakes the delayed packets before it (as netem's {@code reorder}, which also needs a
 *       delay to have anything to overtake);</li>
 *   <li>{@code duplicate}: probability that a packet (not lost) is sent twice;</li>
 *   <li>{@code seed}: seed of the random choices, so runs repeat.</li>
 * </ul>
 *
 * @param delayNanos fixed one-way delay in nanoseconds, {@code >= 0}
 * @param loss       loss probability in [0, 1]
 * @param reorder    reordering probability in [0, 1]; above 0 only with a delay above 0
 * @param duplicate  duplication probability in [0, 1]
 * @param seed       seed of the random choices (any value)
 */
public record Impairment(long delayNanos, double loss, double reorder, double duplicate, long seed) {
    /** Seed used when none is given. */
    public static final long DEFAULT_SEED = 1;

    /** No delay, no loss, no reordering, no duplication. */
    public static final Impairment NONE = new Impairment(0, 0, 0, 0, DEFAULT_SEED);

    /** @throws IllegalArgumentException naming the bad parameter and its allowed range */
    public Impairment {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("impairment delay is " + delayNanos + " ns; it must be 0 or more");
        }
        requireProbability("loss", loss);
        requireProbability("reorder", reorder);
        requireProbability("duplicate", duplicate);
        if (reorder > 0 && delayNanos == 0) {
            throw new IllegalArgumentException("impairment reorder probability " + reorder + " needs a delay above 0:"
                + " a reordered packet is one sent without the delay, overtaking the delayed ones (e.g. delay 5 ms)");
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("impairment " + name + " probability " + value
                + " is outside [0, 1]; write e.g. 0.01 for 1 %");
        }
    }

    /** @return true when packets pass unchanged and at once */
    public boolean isNone() {
        return delayNanos == 0 && loss == 0 && reorder == 0 && duplicate == 0;
    }

    /** @return e.g. {@code delay 5 ms, loss 0.01, reorder 0, duplicate 0, seed 1} */
    public String describe() {
        return "delay " + (delayNanos % 1_000_000 == 0 ? delayNanos / 1_000_000 + " ms" : delayNanos + " ns")
            + ", loss " + loss + ", reorder " + reorder + ", duplicate " + duplicate + ", seed " + seed;
    }
}
