package io.nsaas.host.perf;

import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.tun.TunBridge;
import io.nsaas.host.fabric.tun.TunDevice;
import io.nsaas.host.fabric.tun.TunException;
import org.agrona.concurrent.Agent;

/**
 * A Linux TUN device as the switch's uplink: packets for addresses no tenant owns leave through the
 * device to the Linux stack, and packets Linux routes into the device come back to the tenants,
 * moved by a {@link TunBridge}.
 */
public final class TunUplink implements PerfUplink {
    /** Packets the bridge moves per duty cycle in each direction at most. */
    public static final int PACKETS_PER_CYCLE = 64;

    /** How long {@link #open} waits for the device's link to come up. */
    static final long LINK_UP_MILLIS = 3_000;

    private final TunDevice device;

    private TunUplink(TunDevice device) {
        this.device = device;
    }

    /**
     * Attaches to the TUN device {@code name} (made beforehand with {@code ip tuntap add dev NAME mode tun},
     * given the peer's address and set up) and waits until its link is up.
     *
     * @throws PerfException (exit 1) saying why the device cannot be used and how to fix it
     */
    public static TunUplink open(String name) {
        TunDevice device;
        try {
            device = TunDevice.open(name);
        } catch (TunException e) {
            throw PerfException.failure("TUN device '" + name + "': " + e.getMessage(), e);
        }
        if (!device.awaitLinkUp(LINK_UP_MILLIS)) {
            device.close();
            throw PerfException.failure("TUN device '" + name + "' is down after " + LINK_UP_MILLIS / 1000
                + " s: bring it up with ip link set dev " + name + " up (and give Linux its address, e.g. ip addr add"
                + " 10.0.0.1/24 dev " + name + ")", null);
        }
        return new TunUplink(device);
    }

    @Override
    public String name() {
        return "tun:" + device.name();
    }

    @Override
    public Agent bridge(SwitchPort uplink) {
        return new TunBridge(device, uplink, PACKETS_PER_CYCLE);
    }

    @Override
    public void close() {
        device.close();
    }
}
