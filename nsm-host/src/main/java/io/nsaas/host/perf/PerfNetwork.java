package io.nsaas.host.perf;

import io.nsaas.host.config.Ipv4Cidr;
import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.link.LinkShaping;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackDescriptor;
import org.agrona.concurrent.NanoClock;

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
 * <p>An {@link Impairment} (the {@code --impair-*} options, for links whose kernel lacks netem) and a
 * {@link LinkShaping} (the {@code --link-rate}, {@code --link-queue} and {@code --ecn-threshold}
 * options) apply in both directions between the TUN device and the switch, so they need a TUN device.
 *
 * @param address      the tenant's address (its {@code localAddress()})
 * @param prefixLength the tenant's subnet prefix
 * @param bindAddress  what the application binds, {@link Endpoint#ANY_ADDRESS} for any
 * @param tunDevice    the TUN device to attach as the uplink, or null
 * @param impairment   what the uplink does to packets in each direction, {@link Impairment#NONE} for nothing
 * @param shaping      the uplink's bottleneck in each direction, {@link LinkShaping#NONE} for none
 */
public record PerfNetwork(int address, int prefixLength, int bindAddress, String tunDevice, Impairment impairment,
                          LinkShaping shaping) {
    /** The address socket-level tenants are given when no {@code --address} names one: 127.0.0.1. */
    public static final int LOOPBACK = 0x7F00_0001;

    /**
     * @param tunDevice the {@code --tun} value or null
     * @param cidr      the {@code --address} value or null
     * @throws PerfException (exit 2) when the options do not fit the stack
     */
    public static PerfNetwork of(StackDescriptor stack, String tunDevice, Ipv4Cidr cidr) {
        return of(stack, tunDevice, cidr, Impairment.NONE, LinkShaping.NONE);
    }

    /**
     * @param impairment the {@code --impair-*} options, {@link Impairment#NONE} when none was given
     * @param shaping    the {@code --link-*} and {@code --ecn-threshold} options, {@link LinkShaping#NONE} when none was given
     * @throws PerfException (exit 2) when the options do not fit the stack, or an impairment or shaping comes
     *                       without a TUN device
     */
    public static PerfNetwork of(StackDescriptor stack, String tunDevice, Ipv4Cidr cidr, Impairment impairment,
                                 LinkShaping shaping) {
        if (stack.packetLevel()) {
            if (tunDevice == null || cidr == null) {
                throw PerfException.usage("stack '" + stack.id() + "' is packet-level, so it needs "
                    + (tunDevice == null && cidr == null ? "--tun DEV and --address CIDR"
                    : tunDevice == null ? "--tun DEV" : "--address CIDR")
                    + ": the TUN device to reach Linux through (ip tuntap add dev DEV mode tun) and this end's"
                    + " address on it, e.g. --tun nsaas0 --address 10.0.0.2/24");
            }
            return new PerfNetwork(cidr.address(), cidr.prefixLength(), cidr.address(), tunDevice, impairment, shaping);
        }
        if (!impairment.isNone()) {
            throw PerfException.usage("stack '" + stack.id() + "' is socket-level (host kernel sockets), so the --impair-*"
                + " options have nothing to act on: they apply between a TUN device and the switch; use a packet-level"
                + " stack with --tun, or tc netem where the kernel has it");
        }
        if (!shaping.isNone()) {
            throw PerfException.usage("stack '" + stack.id() + "' is socket-level (host kernel sockets), so --link-rate,"
                + " --link-queue and --ecn-threshold have nothing to act on: they apply between a TUN device and the"
                + " switch; use a packet-level stack with --tun, or a tc qdisc where the kernel has one");
        }
        if (tunDevice != null) {
            throw PerfException.usage("stack '" + stack.id() + "' is socket-level (host kernel sockets) and cannot use"
                + " a TUN device: leave out --tun, or pick a packet-level stack");
        }
        return cidr == null
            ? new PerfNetwork(LOOPBACK, 8, Endpoint.ANY_ADDRESS, null, Impairment.NONE, LinkShaping.NONE)
            : new PerfNetwork(cidr.address(), cidr.prefixLength(), cidr.address(), null, Impairment.NONE, LinkShaping.NONE);
    }

    /**
     * @param clock the host's clock, which times the impairment's delays and the shaping's rate
     * @return the TUN uplink to attach (impaired and shaped as asked), opened now, or null without a device
     */
    public PerfUplink openUplink(NanoClock clock) {
        return tunDevice == null ? null : TunUplink.open(tunDevice, impairment, shaping, clock);
    }
}
