package io.nsaas.host.fabric.tun;

import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.link.EmulatedLink;
import io.nsaas.host.fabric.link.LinkShaping;
import io.nsaas.host.fabric.link.LinkSpec;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Joins a {@link TunDevice} to a {@link io.nsaas.host.fabric.Switch} through the switch's uplink
 * port, so tenants reach the Linux kernel (and whatever it routes to) and the kernel reaches them.
 *
 * <pre>
 *   tenant ports --transmit--> Switch --(no tenant owns dst)--> uplink queue --poll--> device.write --> kernel
 *   kernel --> device.read --(IPv4 only)--> uplink.transmit --> Switch --(validates, routes)--> tenant queue
 * </pre>
 *
 * <p>Each {@link #doWork} moves at most {@code packetsPerCycle} packets in each direction, without
 * waiting and without allocating. Packets read from the device that are not IPv4 (the kernel's IPv6
 * router solicitations and MLD reports, for instance) are dropped here; malformed IPv4 packets are
 * dropped by the switch's validation. A packet the device refuses ({@code -EAGAIN} when it is full,
 * {@code -EIO} while it is down) is dropped. All drops are counted in {@link #drops()}; read errors
 * other than "nothing waiting" also in {@link #deviceErrors()}.
 *
 * <p>Optionally (for links whose kernel has no netem or marking qdisc) an {@link Impairment} and a
 * {@link LinkShaping} apply to both directions: each has its own {@link EmulatedLink} stage between the
 * device and the switch (see {@link LinkSpec#of(Impairment, LinkShaping, int, int)}), which holds,
 * drops, reorders or duplicates packets and, with a shaping, serializes them at a rate through a
 * drop-tail queue that sets CE on ECT packets above the threshold; {@code doWork} then also releases
 * the packets that are due, again at most {@code packetsPerCycle} per direction.
 *
 * <pre>
 *   switch uplink --poll--> toDevice stage   --due--> device.write
 *   device.read --IPv4--> fromDevice stage --due--> uplink.transmit
 * </pre>
 *
 * <p>Threading: an agrona {@link Agent}; {@code doWork} runs on one thread, which owns the device's
 * read and write sides and the uplink port's poll and transmit. Counters may be read from any thread.
 * The bridge closes neither the device nor the port: their opener does, after the agent stopped.
 */
public final class TunBridge implements Agent {
    /** Packets an impairment stage holds per direction: 5 ms of 9.8 Gbit/s at 1500 bytes. */
    public static final int IMPAIRMENT_PACKET_LIMIT = 4096;

    private static final int IP_VERSION_4 = 4;

    private final TunDevice device;
    private final SwitchPort uplink;
    private final int packetsPerCycle;
    private final String roleName;
    private final UnsafeBuffer inbound;
    private final PacketSink toDevice = this::writeToDevice;
    private final PacketSink toSwitch = this::transmitToSwitch;
    private final EmulatedLink toDeviceStage;
    private final EmulatedLink fromDeviceStage;
    private final PacketSink fromSwitch;
    private final AtomicLong fromDevice = new AtomicLong();
    private final AtomicLong toDeviceCount = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong nonIpv4 = new AtomicLong();
    private final AtomicLong deviceErrors = new AtomicLong();
    private volatile int lastErrno;

    /**
     * @param device          an open TUN device
     * @param uplink          the port returned by {@link io.nsaas.host.fabric.Switch#attachUplink}
     * @param packetsPerCycle the most packets moved per direction in one {@link #doWork}, at least 1
     * @throws IllegalArgumentException when {@code uplink} is a tenant port or the bound is below 1
     */
    public TunBridge(TunDevice device, SwitchPort uplink, int packetsPerCycle) {
        this(device, uplink, packetsPerCycle, Impairment.NONE, null);
    }

    /**
     * A bridge that impairs both directions with {@code impairment} (each direction with its own
     * random stream of the impairment's seed, holding up to {@link #IMPAIRMENT_PACKET_LIMIT}
     * packets of up to the device's MTU).
     *
     * @param impairment what to do to packets in each direction; {@link Impairment#NONE} for nothing
     * @param clock      time of the impairment's delays; may be null only with {@link Impairment#NONE}
     * @throws IllegalArgumentException as the other constructor, or when an impairment comes without a clock
     */
    public TunBridge(TunDevice device, SwitchPort uplink, int packetsPerCycle, Impairment impairment, NanoClock clock) {
        this(device, uplink, packetsPerCycle, impairment, LinkShaping.NONE, clock);
    }

    /**
     * A bridge whose stages also shape both directions with {@code shaping} (a rate, a queue limit
     * instead of {@link #IMPAIRMENT_PACKET_LIMIT}, an ECN marking threshold).
     *
     * @param shaping the bottleneck of each direction; {@link LinkShaping#NONE} for none
     * @param clock   time of the stages; may be null only when both the impairment and the shaping are none
     * @throws IllegalArgumentException as the other constructors
     */
    public TunBridge(TunDevice device, SwitchPort uplink, int packetsPerCycle, Impairment impairment, LinkShaping shaping,
                     NanoClock clock) {
        if (!uplink.isUplink()) {
            throw new IllegalArgumentException("port '" + uplink.name() + "' is a tenant port; bridge TUN device "
                + device.name() + " to the port Switch.attachUplink returns");
        }
        if (packetsPerCycle < 1) {
            throw new IllegalArgumentException("packetsPerCycle is " + packetsPerCycle + " for TUN bridge "
                + device.name() + "; it must be at least 1 (for example 64)");
        }
        this.device = device;
        this.uplink = uplink;
        this.packetsPerCycle = packetsPerCycle;
        this.roleName = "tun-bridge-" + device.name();
        this.inbound = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            Ipv4HeaderDescriptor.MAX_PACKET_LENGTH + 1, BitUtil.CACHE_LINE_LENGTH));
        if (impairment.isNone() && shaping.isNone()) {
            this.toDeviceStage = null;
            this.fromDeviceStage = null;
            this.fromSwitch = toDevice;
        } else {
            if (clock == null) {
                throw new IllegalArgumentException("TUN bridge " + device.name() + " got impairment ("
                    + impairment.describe() + "; " + shaping.describe() + ") but no clock; pass the host's NanoClock");
            }
            int maxPacketBytes = Math.max(device.mtu(), TunDevice.DEFAULT_MTU);
            this.toDeviceStage = new EmulatedLink(device.name() + "-out",
                LinkSpec.of(impairment, shaping, 0, IMPAIRMENT_PACKET_LIMIT), clock, maxPacketBytes);
            this.fromDeviceStage = new EmulatedLink(device.name() + "-in",
                LinkSpec.of(impairment, shaping, 1, IMPAIRMENT_PACKET_LIMIT), clock, maxPacketBytes);
            EmulatedLink stage = toDeviceStage;
            this.fromSwitch = stage::offer;
        }
    }

    /** @return packets moved in both directions this cycle (0 lets the idle strategy back off) */
    @Override
    public int doWork() {
        int work = readFromDevice() + uplink.poll(fromSwitch, packetsPerCycle);
        if (toDeviceStage != null) {
            work += toDeviceStage.poll(toDevice, packetsPerCycle) + fromDeviceStage.poll(toSwitch, packetsPerCycle);
        }
        return work;
    }

    private int readFromDevice() {
        int moved = 0;
        while (moved < packetsPerCycle) {
            int length = device.read(inbound, 0, inbound.capacity());
            if (length == 0) {
                break;
            }
            if (length < 0) {
                lastErrno = -length;
                increment(deviceErrors);
                break;
            }
            moved++;
            if (((inbound.getByte(0) >>> 4) & 0xF) != IP_VERSION_4) {
                increment(nonIpv4);
                increment(drops);
            } else if (fromDeviceStage == null) {
                transmitToSwitch(inbound, 0, length);
            } else {
                fromDeviceStage.offer(inbound, 0, length);
            }
        }
        return moved;
    }

    private void transmitToSwitch(DirectBuffer packet, int offset, int length) {
        if (uplink.transmit(packet, offset, length)) {
            increment(fromDevice);
        } else {
            increment(drops);
        }
    }

    private void writeToDevice(DirectBuffer packet, int offset, int length) {
        int written = device.write(packet, offset, length);
        if (written == length) {
            increment(toDeviceCount);
        } else {
            if (written < 0) {
                lastErrno = -written;
            }
            increment(drops);
        }
    }

    /** Single writer (the agent thread): a release store instead of a locked add. */
    private static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }

    @Override
    public String roleName() {
        return roleName;
    }

    /** @return IPv4 packets read from the device that the switch took */
    public long packetsFromDevice() {
        return fromDevice.get();
    }

    /** @return packets from the switch the device took */
    public long packetsToDevice() {
        return toDeviceCount.get();
    }

    /**
     * @return the impairment stage between the switch and the device, null without impairment or shaping; its
     *         counters say what it did to the packets towards the device
     */
    public EmulatedLink toDeviceImpairment() {
        return toDeviceStage;
    }

    /** @return the impairment stage between the device and the switch, null without impairment or shaping */
    public EmulatedLink fromDeviceImpairment() {
        return fromDeviceStage;
    }

    /**
     * @return packets dropped in either direction: not IPv4, refused by the switch or by the device
     *         (the impairment stages count their own drops)
     */
    public long drops() {
        return drops.get();
    }

    /** @return packets read from the device that were not IPv4 (included in {@link #drops()}) */
    public long nonIpv4Drops() {
        return nonIpv4.get();
    }

    /** @return device reads that failed with an error other than "nothing waiting" */
    public long deviceErrors() {
        return deviceErrors.get();
    }

    /** @return the errno of the last failed device read or write, 0 when none failed */
    public int lastErrno() {
        return lastErrno;
    }
}
