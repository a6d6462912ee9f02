package io.nsaas.host.fabric.link;

import io.nsaas.host.fabric.Impairment;

/**
 * What one direction of an {@link EmulatedLink} does: its rate, propagation delay, drop-tail queue
 * limit, ECN step-marking threshold and random faults. See {@link EmulatedLink} for the exact
 * semantics of each field.
 *
 * @param rateBitsPerSecond  serialization rate in bits per second, above 0; {@link #UNLIMITED_RATE}
 *                           ({@code Long.MAX_VALUE}) means no serialization delay at all (packets never
 *                           wait in the queue; the limits then bound the packets held on the wire, as
 *                           netem's {@code limit} does)
 * @param delayNanos         one-way propagation delay in nanoseconds, 0 or more
 * @param queueLimitPackets  drop-tail limit in packets, 1 or more, or {@link #NONE} for no packet limit
 * @param queueLimitBytes    drop-tail limit in bytes, 1 or more, or {@link #NONE}; at least one limit is set
 * @param ecnThresholdPackets step-marking threshold K in packets, 0 or more, or {@link #NONE} for no marking
 * @param ecnThresholdBytes  step-marking threshold K in bytes, 0 or more, or {@link #NONE}
 * @param loss               probability that an arriving packet is lost, in [0, 1]
 * @param duplicate          probability that a transmitted packet arrives twice, in [0, 1]
 * @param reorder            probability that a transmitted packet skips the propagation delay, in [0, 1]
 * @param corrupt            probability that an arriving copy has one random bit flipped, in [0, 1]
 * @param seed               seed of the link's one random source (any value)
 */
public record LinkSpec(long rateBitsPerSecond, long delayNanos, int queueLimitPackets, long queueLimitBytes,
                       int ecnThresholdPackets, long ecnThresholdBytes,
                       double loss, double duplicate, double reorder, double corrupt, long seed) {
    /** A rate that means "no serialization delay". */
    public static final long UNLIMITED_RATE = Long.MAX_VALUE;
    /** The value of a limit or threshold that is not set. */
    public static final int NONE = -1;

    private static final long DIRECTION_GAMMA = 0x9E37_79B9_7F4A_7C15L;

    /** @throws IllegalArgumentException naming the bad field, its value and the expected range */
    public LinkSpec {
        if (rateBitsPerSecond <= 0) {
            throw new IllegalArgumentException("link rateBitsPerSecond is " + rateBitsPerSecond
                + "; it must be above 0 (e.g. 1000000000 for 1 Gbps, or Long.MAX_VALUE for no serialization delay)");
        }
        if (delayNanos < 0) {
            throw new IllegalArgumentException("link delayNanos is " + delayNanos + "; it must be 0 or more (one-way delay)");
        }
        if (queueLimitPackets != NONE && queueLimitPackets < 1) {
            throw new IllegalArgumentException("link queueLimitPackets is " + queueLimitPackets
                + "; it must be 1 or more, or -1 for no packet limit");
        }
        if (queueLimitBytes != NONE && queueLimitBytes < 1) {
            throw new IllegalArgumentException("link queueLimitBytes is " + queueLimitBytes
                + "; it must be 1 or more, or -1 for no byte limit");
        }
        if (queueLimitPackets == NONE && queueLimitBytes == NONE) {
            throw new IllegalArgumentException("link has neither queueLimitPackets nor queueLimitBytes;"
                + " set at least one (e.g. 466 packets)");
        }
        if (ecnThresholdPackets != NONE && ecnThresholdPackets < 0) {
            throw new IllegalArgumentException("link ecnThresholdPackets is " + ecnThresholdPackets
                + "; it must be 0 or more, or -1 for no marking");
        }
        if (ecnThresholdBytes != NONE && ecnThresholdBytes < 0) {
            throw new IllegalArgumentException("link ecnThresholdBytes is " + ecnThresholdBytes
                + "; it must be 0 or more, or -1 for no marking");
        }
        requireProbability("loss", loss);
        requireProbability("duplicate", duplicate);
        requireProbability("reorder", reorder);
        requireProbability("corrupt", corrupt);
    }

    private static void requireProbability(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("link " + field + " probability is " + value
                + "; it must be in [0, 1] (e.g. 0.01 for 1 %)");
        }
    }

    /**
     * A link without rate, queueing or marking that only delays, loses, reorders and duplicates, as
     * Linux netem with {@code limit packetLimit} does: the {@code nsaas perf --impair-*} stage.
     *
     * @param impairment  the delay and fault probabilities and the seed
     * @param direction   which random stream of the seed to use: give the two directions of one link
     *                    different values (e.g. 0 and 1) so their choices are independent
     * @param packetLimit packets the stage holds at once, at least 1; an arrival beyond it is a queue drop
     */
    public static LinkSpec of(Impairment impairment, int direction, int packetLimit) {
        return of(impairment, LinkShaping.NONE, direction, packetLimit);
    }

    /**
     * As {@link #of(Impairment, int, int)}, behind a bottleneck: the {@code shaping}'s rate, queue limit
     * (when it sets one; {@code packetLimit} otherwise) and ECN step-marking threshold.
     */
    public static LinkSpec of(Impairment impairment, LinkShaping shaping, int direction, int packetLimit) {
        int queueLimit = shaping.queueLimitPackets() == NONE ? packetLimit : shaping.queueLimitPackets();
        return new LinkSpec(shaping.rateBitsPerSecond(), impairment.delayNanos(), queueLimit, NONE,
            shaping.ecnThresholdPackets(), NONE, impairment.loss(), impairment.duplicate(), impairment.reorder(), 0,
            directionSeed(impairment.seed(), direction));
    }

    /**
     * @return the seed of one direction of a link whose two directions share {@code seed}: the same
     *         for the same (seed, direction), different for the two directions
     */
    static long directionSeed(long seed, int direction) {
        return seed ^ (direction * DIRECTION_GAMMA);
    }

    /** @return true when the rate is {@link #UNLIMITED_RATE} */
    public boolean unlimitedRate() {
        return rateBitsPerSecond == UNLIMITED_RATE;
    }

    /** @return true when a packet or byte ECN threshold is set */
    public boolean marksEcn() {
        return ecnThresholdPackets != NONE || ecnThresholdBytes != NONE;
    }
}
