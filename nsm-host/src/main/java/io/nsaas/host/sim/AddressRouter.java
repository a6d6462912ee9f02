package io.nsaas.host.sim;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The far end of a simulated link: hands each packet to the {@link LinkPort} that owns its IPv4
 * destination address (exact match; the dumbbell gives every tenant its own address). A packet
 * shorter than an IPv4 header or addressed to nobody (a corrupted destination, for instance) is
 * dropped and counted.
 *
 * <p>Threading: the simulator's thread. Routing does not allocate.
 */
final class AddressRouter implements PacketSink {
    private final Int2ObjectHashMap<LinkPort> ports = new Int2ObjectHashMap<>();
    private long unroutable;

    /** @throws IllegalArgumentException when another port already owns the address */
    void attach(LinkPort port) {
        if (ports.putIfAbsent(port.address(), port) != null) {
            throw new IllegalArgumentException("two simulated ports share address of " + port);
        }
    }

    @Override
    public void onPacket(DirectBuffer packet, int offset, int length) {
        LinkPort port = length < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH ? null
            : ports.get(Ipv4HeaderDescriptor.destination(packet, offset));
        if (port == null) {
            unroutable++;
        } else {
            port.deliver(packet, offset, length);
        }
    }

    /** @return packets dropped because no port owns their destination */
    long unroutable() {
        return unroutable;
    }
}
