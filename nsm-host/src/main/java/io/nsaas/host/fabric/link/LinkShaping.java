package io.nsaas.host.fabric.link;

/**
 * A bottleneck for each direction of the TUN uplink ({@code nsaas perf --link-rate}, {@code --link-queue},
 * {@code --ecn-threshold}): a serialization rate, a drop-tail queue limit and an ECN step-marking
 * threshold K, with the meaning of the {@link LinkSpec} fields of the same name (see {@link EmulatedLink}).
 * Used where the kernel has no rate-limiting or CE-marking qdisc, and because packets a stack sends to
 * Linux through the TUN device never pass a Linux qdisc before Linux's TCP receives them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rateBitsPerSecond   serialization rate, above 0, or {@link LinkSpec#UNLIMITED_RATE} for none
 * @param queueLimitPackets   drop-tail limit in packets, 1 or more, or {@link LinkSpec#NONE} for the stage's default
 * @param ecnThresholdPackets CE step-marking threshold K in packets, 0 or more, or {@link LinkSpec#NONE} for no
 *                            marking; needs a rate (without one no queue ever builds) and must be below the queue limit
 */
public record LinkShaping(long rateBitsPerSecond, int queueLimitPackets, int ecnThresholdPackets) {
    /** No rate, the default queue limit, no marking. */
    public static final LinkShaping NONE = new LinkShaping(LinkSpec.UNLIMITED_RATE, LinkSpec.NONE, LinkSpec.NONE);

    /** @throws IllegalArgumentException naming the bad field, its value and what to give instead */
    public LinkShaping {
        if (rateBitsPerSecond <= 0) {
            throw new IllegalArgumentException("link rate is " + rateBitsPerSecond + " bit/s; it must be above 0 (e.g. 100Mbps)");
        }
        if (queueLimitPackets != LinkSpec.NONE && queueLimitPackets < 1) {
            throw new IllegalArgumentException("link queue limit is " + queueLimitPackets + " packets; it must be 1 or more");
        }
        if (ecnThresholdPackets != LinkSpec.NONE && ecnThresholdPackets < 0) {
            throw new IllegalArgumentException("ECN threshold is " + ecnThresholdPackets + " packets; it must be 0 or more");
        }
        if (ecnThresholdPackets != LinkSpec.NONE && rateBitsPerSecond == LinkSpec.UNLIMITED_RATE) {
            throw new IllegalArgumentException("ECN threshold " + ecnThresholdPackets + " packets needs a link rate:"
                + " without one no queue builds to mark at (e.g. a rate of 100Mbps)");
        }
        if (ecnThresholdPackets != LinkSpec.NONE && queueLimitPackets != LinkSpec.NONE
            && ecnThresholdPackets >= queueLimitPackets) {
            throw new IllegalArgumentException("ECN threshold " + ecnThresholdPackets + " packets is not below the queue"
                + " limit of " + queueLimitPackets + " packets, so the queue would drop before it marks; lower the"
                + " threshold or raise the limit");
        }
    }

    /** @return true when packets pass without a rate, queue limit or marking of its own */
    public boolean isNone() {
        return equals(NONE);
    }

    /** @return e.g. {@code rate 100 Mbps, queue 1000 packets, ecn threshold 20 packets} */
    public String describe() {
        return "rate " + (rateBitsPerSecond == LinkSpec.UNLIMITED_RATE ? "unlimited" : BitRate.human(rateBitsPerSecond))
            + ", queue " + (queueLimitPackets == LinkSpec.NONE ? "default" : queueLimitPackets + " packets")
            + ", ecn threshold " + (ecnThresholdPackets == LinkSpec.NONE ? "none" : ecnThresholdPackets + " packets");
    }
}
