package io.nsaas.host.fabric;

import org.agrona.DirectBuffer;

/**
 * One attachment point of a party (a tenant's stack, an uplink device) to a fabric: the in-host
 * {@link Switch}, and later an emulated link, a TUN device or an overlay.
 *
 * <p><b>Outward:</b> {@link #transmit} hands the fabric one IPv4 packet. It never blocks: a packet
 * the fabric cannot take (malformed, no route, full queue) is dropped, counted and reported as
 * {@code false}, as a NIC drops. The bytes are copied before it returns; the buffer stays the caller's.
 *
 * <p><b>Inward:</b> packets for this port wait in a bounded queue until the owner drains them with
 * {@link #poll}; the sink sees borrowed views.
 *
 * <p><b>Threading:</b> one owner thread calls {@link #transmit} and {@link #poll} (for a tenant: its
 * NSM thread). Other parties' threads deliver into this port's queue concurrently; implementations
 * make that safe. Counters may be read from any thread. {@link #close} may be called from any thread
 * and is idempotent; afterwards {@code transmit} returns false and {@code poll} delivers nothing.
 */
public interface FabricPort extends AutoCloseable {

    /** @return a short name for logs and counters, such as the tenant id */
    String name();

    /** @return the port's IPv4 address as a big-endian int, or 0 for an uplink without one */
    int address();

    /** @return the prefix length of the port's subnet, 0..32 */
    int prefixLength();

    /**
     * Sends one IPv4 packet outward. Copies the bytes; never blocks; never throws for bad bytes.
     *
     * @return true when the fabric took the packet, false when it was dropped
     */
    boolean transmit(DirectBuffer packet, int offset, int length);

    /**
     * Delivers up to {@code limit} queued inbound packets to {@code sink}, in arrival order.
     *
     * @return the number of packets delivered, 0 when none were waiting
     */
    int poll(PacketSink sink, int limit);

    /** @return packets this port's owner transmitted that the fabric took */
    long packetsSent();

    /** @return packets delivered to this port's owner through {@link #poll} */
    long packetsReceived();

    /** @return packets for this port dropped because its inbound queue was full */
    long inboundDrops();

    /** Detaches the port; queued packets are discarded. Idempotent. */
    @Override
    void close();

    /**
     * @return a port attached to nothing, for stacks that do not use the fabric (socket-level stacks):
     *         transmit drops everything, poll delivers nothing
     */
    static FabricPort unattached(String name) {
        return new UnattachedPort(name);
    }
}
