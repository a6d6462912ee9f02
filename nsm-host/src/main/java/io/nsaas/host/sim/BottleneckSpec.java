package io.nsaas.host.sim;

/**
 * The shared link of a scenario (the {@code bottleneck} section), one direction: data from the senders
 * to the receivers.
 *
 * <p>The buffer is given either in packets or in bytes, never both: the other field is {@code -1}.
 * Likewise the ECN marking threshold K, and both are {@code -1} when the link does not mark.
 *
 * @param rateBps             serialization rate, bits per second, {@code > 0}
 * @param delayNanos          one-way propagation delay, {@code >= 0}
 * @param bufferPackets       drop-tail queue limit in packets, or -1 when given in bytes
 * @param bufferBytes         drop-tail queue limit in bytes, or -1 when given in packets
 * @param ecnThresholdPackets mark CE on ECT packets when the queue holds at least this many packets, or -1
 * @param ecnThresholdBytes   the same in bytes, or -1
 * @param loss                probability that a packet is lost, in [0,1]
 * @param duplicate           probability that a packet is delivered twice, in [0,1]
 * @param reorder             probability that a packet is delayed so later ones overtake it, in [0,1]
 * @param corrupt             probability that one bit of a packet is flipped, in [0,1]
 */
public record BottleneckSpec(long rateBps, long delayNanos, int bufferPackets, long bufferBytes,
                             int ecnThresholdPackets, long ecnThresholdBytes,
                             double loss, double duplicate, double reorder, double corrupt) {

    /** @return true when the link marks ECN-capable packets with CE at a queue threshold */
    public boolean marksEcn() {
        return ecnThresholdPackets >= 0 || ecnThresholdBytes >= 0;
    }
}
