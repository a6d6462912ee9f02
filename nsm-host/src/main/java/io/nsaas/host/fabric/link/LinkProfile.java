package io.nsaas.host.fabric.link;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;

/**
 * A configured link as users write it (a scenario's {@code bottleneck}, a tenant's {@code link}):
 * what each direction does and the longest packet it carries, without a random seed; the owner
 * derives the seed of each direction ({@link #spec(long, int)}). The fields mean what the
 * {@link LinkSpec} fields of the same name mean; see {@link EmulatedLink} for the exact semantics.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rateBitsPerSecond   serialization rate, above 0, or {@link LinkSpec#UNLIMITED_RATE}
 * @param delayNanos          one-way propagation delay, 0 or more
 * @param queueLimitPackets   drop-tail limit in packets, or {@link LinkSpec#NONE}
 * @param queueLimitBytes     drop-tail limit in bytes, or {@link LinkSpec#NONE}; at least one limit is set
 * @param ecnThresholdPackets CE step-marking threshold K in packets, or {@link LinkSpec#NONE}
 * @param ecnThresholdBytes   the same in bytes, or {@link LinkSpec#NONE}
 * @param loss                probability that an arriving packet is lost, in [0, 1]
 * @param duplicate           probability that a transmitted packet arrives twice, in [0, 1]
 * @param reorder             probability that a transmitted packet skips the propagation delay, in [0, 1]
 * @param corrupt             probability that an arriving copy has one bit flipped, in [0, 1]
 * @param mtu                 the longest packet the link carries, in bytes (longer ones are dropped), 20..65535
 */
public record LinkProfile(long rateBitsPerSecond, long delayNanos, int queueLimitPackets, long queueLimitBytes,
                          int ecnThresholdPackets, long ecnThresholdBytes,
                          double loss, double duplicate, double reorder, double corrupt, int mtu) {

    /** @throws IllegalArgumentException as {@link LinkSpec} does, or when the MTU is out of range */
    public LinkProfile {
        new LinkSpec(rateBitsPerSecond, delayNanos, queueLimitPackets, queueLimitBytes, ecnThresholdPackets,
            ecnThresholdBytes, loss, duplicate, reorder, corrupt, 0);
        if (mtu < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH || mtu > Ipv4HeaderDescriptor.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("link mtu is " + mtu + "; it must be in " + Ipv4HeaderDescriptor.MIN_HEADER_LENGTH
                + ".." + Ipv4HeaderDescriptor.MAX_PACKET_LENGTH + " (e.g. 1500)");
        }
    }

    /** @return the spec of a link with this profile whose one random source starts at {@code seed} */
    public LinkSpec spec(long seed) {
        return new LinkSpec(rateBitsPerSecond, delayNanos, queueLimitPackets, queueLimitBytes, ecnThresholdPackets,
            ecnThresholdBytes, loss, duplicate, reorder, corrupt, seed);
    }

    /**
     * @param seed      the seed both directions of the link derive from
     * @param direction which direction, e.g. 0 and 1: each gets its own random stream of {@code seed}
     * @return the spec of one direction of a two-way link with this profile
     */
    public LinkSpec spec(long seed, int direction) {
        return spec(LinkSpec.directionSeed(seed, direction));
    }

    /**
     * @return the bytes one {@link EmulatedLink} with this profile preallocates (see
     *         {@link EmulatedLink#EmulatedLink})
     * @throws IllegalArgumentException when that exceeds {@link EmulatedLink#MAX_STORAGE_BYTES}, saying what to lower
     */
    public int storageBytes(String name) {
        return EmulatedLink.storageBytes(name, spec(0), mtu);
    }

    /** @return true when the rate is {@link LinkSpec#UNLIMITED_RATE} (no serialization delay) */
    public boolean unlimitedRate() {
        return rateBitsPerSecond == LinkSpec.UNLIMITED_RATE;
    }
}
