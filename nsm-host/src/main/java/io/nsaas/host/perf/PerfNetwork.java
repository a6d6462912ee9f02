package io.nsaas.host.perf;

import io.nsaas.host.config.Ipv4Cidr;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackDescriptor;

/**
 * Where one perf tenant sits, decided from its stack's level and the {@code --tun}/{@code --address}
 * options.
 *
 * <ul>
 *   <li>Packet-level stack: both options are required. The tenant owns the {@code --address} CIDR on
 *       the in-host switch, binds that address, and the TUN device is the switch's uplink, so every
 *       packet to another address leaves through the device (and Linux routes the subnet into it).</li>
 *   <li>Socket-level stack (kernel): host sockets, no fabric. {@code --tun} is refused; {@code --address}
 *       is optional and, when given, is the local address to bind (it must exist on the host);
 *       otherwise the server binds 0.0.0.0 and the client lets the kernel choose.</li>
 * </ul>
 *
 * @param address      the tenant's address (its {@code localAddress()})
 * @param prefixLength the tenant's subnet prefix
 * @param bindAddress  what the application binds, {@link Endpoint#ANY_ADDRESS} for any
 * @param tunDevice    the TUN device to attach as the uplink, or null
 */
public record PerfNetwork(int address, int prefixLength, int bindAddress, String tunDevice) {
    /** The address socket-level tenants are given when no {@code --address} names one: 127.0.0.1. */
    public static final int LOOPBACK = 0x7F00_0001;

    /**
     * @param tunDevice the {@code --tun} value or null
     * @param cidr      the {@code --address} value or null
     * @throws PerfException (exit 2) when the options do not fit the stack
     */
    public static PerfNetwork of(StackDescriptor stack, String tunDevice, Ipv4Cidr cidr) {
        if (stack.packetLevel()) {
            if (tunDevice == null || cidr == null) {
                throw PerfException.usage("stack '" + stack.id() + "' is packet-level, so it needs "
                    + (tunDevice == null && cidr == null ? "--tun DEV and --address CIDR"
                    : tunDevice == null ? "--tun DEV" : "--address CIDR")
                    + ": the TUN device to reach Linux through (ip tuntap add dev DEV mode tun) and this end's"
                    + " address on it, e.g. --tun nsaas0 --address 10.0.0.2/24");
            }
            return new PerfNetwork(cidr.address(), cidr.prefixLength(), cidr.address(), tunDevice);
        }
        if (tunDevice != null) {
            throw PerfException.usage("stack '" + stack.id() + "' is socket-level (host kernel sockets) and cannot use"
                + " a TUN device: leave out --tun, or pick a packet-level stack");
        }
        return cidr == null
            ? new PerfNetwork(LOOPBACK, 8, Endpoint.ANY_ADDRESS, null)
            : new PerfNetwork(cidr.address(), cidr.prefixLength(), cidr.address(), null);
    }

    /** @return the TUN uplink to attach, opened now, or null without a device */
    public PerfUplink openUplink() {
        return tunDevice == null ? null : TunUplink.open(tunDevice);
    }
}
