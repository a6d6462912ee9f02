package io.nsaas.host.sim;

import io.nsaas.host.fabric.FabricPort;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.link.EmulatedLink;
import io.nsaas.spi.Endpoint;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A simulated tenant's NIC: what the tenant transmits goes into its egress {@link EmulatedLink} (the
 * access link of a sender, the reverse link of a receiver); what the {@link AddressRouter} hands it
 * waits in a bounded inbound queue until the tenant's NSM polls it, as a NIC's receive ring.
 *
 * <p>Threading: the simulator's single thread (the NSMs' thread); the inbound queue is an agrona
 * {@link OneToOneRingBuffer} only for its allocation-free record copying.
 */
final class LinkPort implements FabricPort {
    private static final int PACKET_MSG_TYPE_ID = 1;

    private final String name;
    private final int address;
    private final int prefixLength;
    private final EmulatedLink egress;
    private final OneToOneRingBuffer inbound;
    private final MessageHandler dispatcher = this::dispatch;
    private PacketSink sink;
    private long sent;
    private long received;
    private long inboundDrops;
    private long egressDrops;
    private boolean closed;

    /**
     * @param inboundQueueBytes the inbound ring's capacity, a power of two
     */
    LinkPort(String name, int address, int prefixLength, EmulatedLink egress, int inboundQueueBytes) {
        if (!BitUtil.isPowerOfTwo(inboundQueueBytes)) {
            throw new IllegalArgumentException("inbound queue of port '" + name + "' is " + inboundQueueBytes
                + " bytes; it must be a power of two");
        }
        this.name = name;
        this.address = address;
        this.prefixLength = prefixLength;
        this.egress = egress;
        this.inbound = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            inboundQueueBytes + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int address() {
        return address;
    }

    @Override
    public int prefixLength() {
        return prefixLength;
    }

    /** Hands the packet to the egress link; a packet the link drops (loss, full queue) returns false. */
    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        if (closed) {
            return false;
        }
        sent++;
        if (egress.offer(packet, offset, length)) {
            return true;
        }
        egressDrops++;
        return false;
    }

    @Override
    public int poll(PacketSink sink, int limit) {
        if (closed) {
            return 0;
        }
        this.sink = sink;
        try {
            return inbound.read(dispatcher, limit);
        } finally {
            this.sink = null;
        }
    }

    private void dispatch(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        received++;
        sink.onPacket(buffer, index, length);
    }

    /** Queues one packet arriving from the fabric (copied). @return false when the inbound queue is full */
    boolean deliver(DirectBuffer packet, int offset, int length) {
        if (!closed && inbound.write(PACKET_MSG_TYPE_ID, packet, offset, length)) {
            return true;
        }
        inboundDrops++;
        return false;
    }

    /** @return every packet the tenant transmitted, including those its egress link dropped at once */
    @Override
    public long packetsSent() {
        return sent;
    }

    @Override
    public long packetsReceived() {
        return received;
    }

    @Override
    public long inboundDrops() {
        return inboundDrops;
    }

    /** @return transmitted packets the egress link refused (random loss or a full queue) */
    long egressDrops() {
        return egressDrops;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "port '" + name + "' " + Endpoint.formatAddress(address) + "/" + prefixLength;
    }
}
