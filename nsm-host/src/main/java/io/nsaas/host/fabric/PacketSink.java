package io.nsaas.host.fabric;

import org.agrona.DirectBuffer;

/**
 * Receives inbound IPv4 packets from a {@link FabricPort#poll}.
 *
 * <p>Threading: called on the thread that polls the port. The buffer is a borrowed view valid only
 * during the call (it is the port's queue memory); a sink that keeps bytes copies them. An exception
 * thrown here propagates out of {@link FabricPort#poll}; the packet counts as delivered.
 */
@FunctionalInterface
public interface PacketSink {

    /** One packet: {@code length} bytes starting at {@code offset}, beginning with the IPv4 header. */
    void onPacket(DirectBuffer packet, int offset, int length);
}
