package io.nsaas.host.fabric.tun;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.SwitchPort;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
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
 * <p>Threading: an agrona {@link Agent}; {@code doWork} runs on one thread, which owns the device's
 * read and write sides and the uplink port's poll and transmit. Counters may be read from any thread.
 * The bridge closes neither the device nor the port: their opener does, after the agent stopped.
 */
public final class TunBridge implements Agent {
    private static final int IP_VERSION_4 = 4;

    private final TunDevice device;
    private final SwitchPort uplink;
    private final int packetsPerCycle;
    private final String roleName;
    private final UnsafeBuffer inbound;
    private final PacketSink toDevice = this::writeToDevice;
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
    }

    /** @return packets moved in both directions this cycle (0 lets the idle strategy back off) */
    @Override
    public int doWork() {
        return readFromDevice() + uplink.poll(toDevice, packetsPerCycle);
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
            } else if (uplink.transmit(inbound, 0, length)) {
                increment(fromDevice);
            } else {
                increment(drops);
            }
        }
        return moved;
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

    /** @return packets dropped in either direction: not IPv4, refused by the switch or by the device */
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
