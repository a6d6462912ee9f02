package io.nsaas.host.fabric;

import io.nsaas.spi.Endpoint;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A port of the in-host {@link Switch}: a tenant's (or an uplink's) attachment with a bounded inbound
 * queue. The queue is an agrona {@link ManyToOneRingBuffer}: any NSM thread forwarding through the
 * switch copies packets in, the owner drains them in its duty cycle; when it is full the packet is
 * dropped and counted, as a NIC's receive ring drops.
 *
 * <p>Threading as {@link FabricPort}: {@link #transmit} and {@link #poll} on the owner's thread only.
 */
public final class SwitchPort implements FabricPort {
    private static final int PACKET_MSG_TYPE_ID = 1;

    private final Switch fabric;
    private final String name;
    private final int address;
    private final int prefixLength;
    private final boolean uplink;
    private final ManyToOneRingBuffer inbound;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong inboundDrops = new AtomicLong();
    private final MessageHandler dispatcher = this::dispatch;
    private PacketSink sink;
    private volatile boolean closed;

    SwitchPort(Switch fabric, String name, int address, int prefixLength, boolean uplink, int queueBytes) {
        if (!BitUtil.isPowerOfTwo(queueBytes) || queueBytes < ManyToOneRingBuffer.MIN_CAPACITY) {
            throw new IllegalArgumentException("inbound queue of port '" + name + "' is " + queueBytes
                + " bytes; it must be a power of two of at least " + ManyToOneRingBuffer.MIN_CAPACITY
                + " (for example " + Switch.DEFAULT_QUEUE_BYTES + ")");
        }
        this.fabric = fabric;
        this.name = name;
        this.address = address;
        this.prefixLength = prefixLength;
        this.uplink = uplink;
        UnsafeBuffer memory = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            queueBytes + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH));
        this.inbound = new ManyToOneRingBuffer(memory);
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

    /** @return whether this port is the switch's default route (takes packets no other port owns) */
    public boolean isUplink() {
        return uplink;
    }

    /** @return whether the port was closed */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        if (closed) {
            fabric.countDrop(DropReason.PORT_CLOSED);
            return false;
        }
        if (fabric.forward(this, packet, offset, length)) {
            sent.incrementAndGet();
            return true;
        }
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
        received.incrementAndGet();
        sink.onPacket(buffer, index, length);
    }

    /** Copies a forwarded packet into the inbound queue; any thread. @return false when the queue is full */
    boolean enqueue(DirectBuffer packet, int offset, int length) {
        if (inbound.write(PACKET_MSG_TYPE_ID, packet, offset, length)) {
            return true;
        }
        inboundDrops.incrementAndGet();
        return false;
    }

    /** @return the largest packet the inbound queue takes in one record */
    int maxPacketLength() {
        return inbound.maxMsgLength();
    }

    /** @return bytes waiting in the inbound queue */
    public int queuedBytes() {
        return inbound.size();
    }

    @Override
    public long packetsSent() {
        return sent.get();
    }

    @Override
    public long packetsReceived() {
        return received.get();
    }

    @Override
    public long inboundDrops() {
        return inboundDrops.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            fabric.detach(this);
        }
    }

    @Override
    public String toString() {
        return (uplink ? "uplink port '" : "port '") + name + "' "
            + Endpoint.formatAddress(address) + "/" + prefixLength;
    }
}
