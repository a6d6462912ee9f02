package io.nsaas.host.fabric.link;

import io.nsaas.host.fabric.FabricPort;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.spi.Endpoint;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

/**
 * A tenant's port on the in-host {@link io.nsaas.host.fabric.Switch} behind an emulated access link:
 * one {@link EmulatedLink} in each direction between the tenant and its {@link SwitchPort}, both with
 * the same {@link LinkProfile} and each with its own random stream of one seed.
 *
 * <pre>
 *   tenant --transmit--> toSwitch link --(due at poll)--> switch port --> Switch --> other tenants
 *   other tenants --> Switch --> switch port's inbound queue --(poll)--> fromSwitch link --(due at poll)--> tenant
 * </pre>
 *
 * <p><b>Driven in real time by the owner's duty cycle</b>, without a thread of its own: the links run
 * on the owner's clock, and each {@link #poll} first hands the switch what the {@code toSwitch} link
 * has delivered by now, then moves the switch port's queued packets into the {@code fromSwitch} link,
 * then delivers what that link has delivered by now to the sink; each step at most {@code limit}
 * packets. A packet therefore leaves a link at the first poll at or after its due time: under an
 * NSM's backoff idle strategy that is at most one park period (1 ms by default) late, and early
 * never.
 *
 * <p><b>Counters.</b> {@link #packetsSent()} counts packets the {@code toSwitch} link took (what it
 * drops is in its own counters, and what the switch refuses in the switch's);
 * {@link #packetsReceived()} counts packets delivered to the sink; {@link #inboundDrops()} counts
 * the switch port's full-queue drops plus the {@code fromSwitch} link's queue drops (its random losses
 * are in its own counters). The links' counters ({@link #toSwitch()}, {@link #fromSwitch()}) are the
 * owner thread's, as {@link EmulatedLink} says.
 *
 * <p><b>Threading</b> as {@link FabricPort}: {@link #transmit} and {@link #poll} on the owner's thread
 * (the tenant's NSM); the port's own counters and {@link #close} from any thread.
 */
public final class AccessLinkPort implements FabricPort {
    /** Direction index of the tenant-to-switch link in {@link LinkProfile#spec(long, int)}. */
    public static final int TO_SWITCH = 0;
    /** Direction index of the switch-to-tenant link. */
    public static final int FROM_SWITCH = 1;

    private final SwitchPort port;
    private final EmulatedLink toSwitch;
    private final EmulatedLink fromSwitch;
    private final PacketSink intoSwitch;
    private final PacketSink intoFromLink = this::offerFromSwitch;
    private final PacketSink toTenant = this::deliver;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong linkInboundDrops = new AtomicLong();
    private PacketSink sink;
    private volatile boolean closed;

    /**
     * @param port    the tenant's switch port ({@link io.nsaas.host.fabric.Switch#attach}); this port owns it
     *                from now on and closes it
     * @param profile what each direction of the link does
     * @param seed    the seed both directions derive their random streams from
     * @param clock   the owner's clock (the NSM's)
     * @throws IllegalArgumentException when {@code port} is an uplink, or the links' storage would exceed
     *                                  {@link EmulatedLink#MAX_STORAGE_BYTES}; the switch port stays the caller's then
     */
    public AccessLinkPort(SwitchPort port, LinkProfile profile, long seed, NanoClock clock) {
        if (port.isUplink()) {
            throw new IllegalArgumentException("port '" + port.name() + "' is the switch's uplink; an access link joins"
                + " a tenant port (Switch.attach) to the switch");
        }
        this.port = port;
        this.toSwitch = new EmulatedLink(port.name() + "-to-switch", profile.spec(seed, TO_SWITCH), clock, profile.mtu());
        this.fromSwitch = new EmulatedLink(port.name() + "-from-switch", profile.spec(seed, FROM_SWITCH), clock,
            profile.mtu());
        this.intoSwitch = port::transmit;
    }

    @Override
    public String name() {
        return port.name();
    }

    @Override
    public int address() {
        return port.address();
    }

    @Override
    public int prefixLength() {
        return port.prefixLength();
    }

    /** Hands the packet to the {@code toSwitch} link; false when the link lost or dropped it at once. */
    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        if (closed || !toSwitch.offer(packet, offset, length)) {
            return false;
        }
        increment(sent);
        return true;
    }

    /**
     * Moves what is due in both directions (see the class comment) and delivers up to {@code limit}
     * packets to {@code sink}.
     *
     * @return the packets delivered to {@code sink}
     */
    @Override
    public int poll(PacketSink sink, int limit) {
        if (closed) {
            return 0;
        }
        toSwitch.poll(intoSwitch, limit);
        port.poll(intoFromLink, limit);
        this.sink = sink;
        try {
            return fromSwitch.poll(toTenant, limit);
        } finally {
            this.sink = null;
        }
    }

    private void offerFromSwitch(DirectBuffer packet, int offset, int length) {
        long queueDropsBefore = fromSwitch.queueDrops();
        if (!fromSwitch.offer(packet, offset, length) && fromSwitch.queueDrops() != queueDropsBefore) {
            increment(linkInboundDrops);
        }
    }

    private void deliver(DirectBuffer packet, int offset, int length) {
        increment(received);
        sink.onPacket(packet, offset, length);
    }

    /** Single writer (the owner's thread): a release store instead of a locked add. */
    private static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }

    /** @return the link from the tenant to the switch (its counters are the owner thread's) */
    public EmulatedLink toSwitch() {
        return toSwitch;
    }

    /** @return the link from the switch to the tenant */
    public EmulatedLink fromSwitch() {
        return fromSwitch;
    }

    /** @return the switch port behind the links */
    public SwitchPort switchPort() {
        return port;
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
        return port.inboundDrops() + linkInboundDrops.get();
    }

    /** Closes the switch port; packets held in the links are discarded. Idempotent. */
    @Override
    public void close() {
        closed = true;
        port.close();
    }

    @Override
    public String toString() {
        return "port '" + port.name() + "' " + Endpoint.formatAddress(port.address()) + "/" + port.prefixLength()
            + " behind an access link";
    }
}
