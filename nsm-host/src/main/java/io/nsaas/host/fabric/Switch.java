package io.nsaas.host.fabric;

import io.nsaas.spi.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The in-host switch: connects packet-level tenants by IPv4 address. Each tenant owns a
 * {@link SwitchPort} with its address; a packet a port transmits is validated
 * ({@link Ipv4HeaderDescriptor#validate}), checked against the sender's address (a tenant cannot
 * send as another) and copied into the inbound queue of the port that owns the destination
 * address, or of the uplink port (the default route, where a TUN device or overlay attaches) when
 * no tenant owns it. Whatever cannot be delivered is dropped and counted by {@link DropReason}.
 * Only the IPv4 total length is forwarded: trailing bytes beyond it are trimmed.
 *
 * <p>An optional {@link PcapWriter} tap records every packet the switch delivered to a queue.
 *
 * <p>Threading: {@link #attach}, {@link #attachUplink} and port {@code close} may be called from
 * any thread; the routing table is copy-on-write, so forwarding (on the sending NSM's thread)
 * takes no lock and does not allocate.
 */
public final class Switch implements AutoCloseable {
    /** Default inbound queue per port: 1 MiB, which holds any IPv4 packet (max record = capacity / 8). */
    public static final int DEFAULT_QUEUE_BYTES = 1 << 20;

    private final PcapWriter tap;
    private final Object lock = new Object();
    private final List<SwitchPort> ports = new ArrayList<>();
    private volatile Int2ObjectHashMap<SwitchPort> routes = new Int2ObjectHashMap<>();
    private volatile SwitchPort uplink;
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong forwarded = new AtomicLong();

    /** A switch without a tap. */
    public Switch() {
        this(null);
    }

    /**
     * @param tap where every delivered packet is recorded, or null; the caller keeps ownership and
     *            closes it after the switch
     */
    public Switch(PcapWriter tap) {
        this.tap = tap;
    }

    /**
     * Attaches a tenant port that owns {@code address}.
     *
     * @param name       the tenant id, for messages and counters
     * @param queueBytes inbound queue size, a power of two ({@link #DEFAULT_QUEUE_BYTES})
     * @throws IllegalArgumentException when the address is 0.0.0.0 or taken, the prefix is outside
     *                                  0..32 or the queue size is not a power of two
     */
    public SwitchPort attach(String name, int address, int prefixLength, int queueBytes) {
        if (address == Endpoint.ANY_ADDRESS) {
            throw new IllegalArgumentException("port '" + name + "' needs an address; 0.0.0.0 is not one");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("port '" + name + "' has prefix length " + prefixLength
                + "; it must be 0..32");
        }
        synchronized (lock) {
            SwitchPort owner = routes.get(address);
            if (owner != null) {
                throw new IllegalArgumentException("address " + Endpoint.formatAddress(address)
                    + " of port '" + name + "' is already used by port '" + owner.name()
                    + "'; give each tenant its own address");
            }
            SwitchPort port = new SwitchPort(this, name, address, prefixLength, false, queueBytes);
            Int2ObjectHashMap<SwitchPort> next = new Int2ObjectHashMap<>(routes);
            next.put(address, port);
            ports.add(port);
            routes = next;
            return port;
        }
    }

    /**
     * Attaches the uplink: the default route for destinations no tenant port owns. Packets it
     * transmits may carry any source address.
     *
     * @throws IllegalStateException when an uplink is already attached
     */
    public SwitchPort attachUplink(String name, int queueBytes) {
        synchronized (lock) {
            if (uplink != null) {
                throw new IllegalStateException("the switch already has uplink '" + uplink.name()
                    + "'; close it before attaching '" + name + "'");
            }
            SwitchPort port = new SwitchPort(this, name, 0, 0, true, queueBytes);
            ports.add(port);
            uplink = port;
            return port;
        }
    }

    void detach(SwitchPort port) {
        synchronized (lock) {
            if (!ports.remove(port)) {
                return;
            }
            if (port.isUplink()) {
                uplink = null;
            } else {
                Int2ObjectHashMap<SwitchPort> next = new Int2ObjectHashMap<>(routes);
                next.remove(port.address());
                routes = next;
            }
        }
    }

    /** Forwards one packet from {@code from}; on the sender's thread. */
    boolean forward(SwitchPort from, DirectBuffer packet, int offset, int length) {
        DropReason invalid = Ipv4HeaderDescriptor.validate(packet, offset, length);
        if (invalid != null) {
            return countDrop(invalid);
        }
        if (!from.isUplink() && Ipv4HeaderDescriptor.source(packet, offset) != from.address()) {
            return countDrop(DropReason.SPOOFED_SOURCE);
        }
        SwitchPort to = routes.get(Ipv4HeaderDescriptor.destination(packet, offset));
        if (to == null) {
            to = uplink;
            if (to == null || to == from) {
                return countDrop(DropReason.NO_ROUTE);
            }
        }
        int totalLength = Ipv4HeaderDescriptor.totalLength(packet, offset);
        if (totalLength > to.maxPacketLength()) {
            return countDrop(DropReason.TOO_BIG);
        }
        if (!to.enqueue(packet, offset, totalLength)) {
            return countDrop(DropReason.QUEUE_FULL);
        }
        forwarded.incrementAndGet();
        if (tap != null) {
            tap.write(packet, offset, totalLength);
        }
        return true;
    }

    /** Counts a drop. @return false, so callers can {@code return countDrop(...)} */
    boolean countDrop(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
        return false;
    }

    /** @return packets dropped for {@code reason} since the switch was made */
    public long drops(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    /** @return packets dropped for any reason */
    public long totalDrops() {
        long total = 0;
        for (int i = 0; i < drops.length(); i++) {
            total += drops.get(i);
        }
        return total;
    }

    /** @return packets delivered into a port's inbound queue */
    public long forwarded() {
        return forwarded.get();
    }

    /** @return the attached ports, a snapshot */
    public List<SwitchPort> ports() {
        synchronized (lock) {
            return List.copyOf(ports);
        }
    }

    /** Closes every port. Does not close the tap, which the caller owns. */
    @Override
    public void close() {
        for (SwitchPort port : ports()) {
            port.close();
        }
    }
}
