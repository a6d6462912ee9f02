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

    private final TunDevice device;
    private boolean closed;

    private TunUplink(TunDevice device) {
        this.device = device;
    }

    /**
     * Attaches to the TUN device {@code name}.
     *
     * @throws PerfException (exit 1) saying why the device cannot be used and how to fix it
     */
    public static TunUplink open(String name) {
        try {
            return new TunUplink(TunDevice.open(name));
        } catch (TunException e) {
            throw PerfException.failure("cannot use TUN device '" + name + "': " + e.getMessage()
                + " (create it with: ip tuntap add dev " + name + " mode tun && ip link set " + name + " up)", e);
        }
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
    public synchronized void close() {
        if (!closed) {
            closed = true;
            device.close();
        }
    }
}
