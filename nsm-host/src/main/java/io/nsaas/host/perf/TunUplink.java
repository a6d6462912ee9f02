package io.nsaas.host.perf;

import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.link.EmulatedLink;
import io.nsaas.host.fabric.link.LinkShaping;
import io.nsaas.host.fabric.tun.TunBridge;
import io.nsaas.host.fabric.tun.TunDevice;
import io.nsaas.host.fabric.tun.TunException;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux TUN device as the switch's uplink: packets for addresses no tenant owns leave through the
 * device to the Linux stack, and packets Linux routes into the device come back to the tenants,
 * moved by a {@link TunBridge}, optionally impaired in both directions (delay, loss, reordering; for
 * links whose kernel lacks netem) and shaped (a rate, a queue limit, ECN marking at a threshold; for
 * kernels without marking qdiscs, and for what a stack sends, which no Linux qdisc sees before Linux's
 * TCP does). With either, {@link #close} logs what the stages did per direction (CE marks included).
 */
public final class TunUplink implements PerfUplink {
    /** Packets the bridge moves per duty cycle in each direction at most. */
    public static final int PACKETS_PER_CYCLE = 64;

    /** How long {@link #open} waits for the device's link to come up. */
    static final long LINK_UP_MILLIS = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(TunUplink.class);

    private final TunDevice device;
    private final Impairment impairment;
    private final LinkShaping shaping;
    private final NanoClock clock;
    private volatile TunBridge bridge;

    private TunUplink(TunDevice device, Impairment impairment, LinkShaping shaping, NanoClock clock) {
        this.device = device;
        this.impairment = impairment;
        this.shaping = shaping;
        this.clock = clock;
    }

    /**
     * Attaches to the TUN device {@code name} (made beforehand with {@code ip tuntap add dev NAME mode tun},
     * given the peer's address and set up) and waits until its link is up.
     *
     * @throws PerfException (exit 1) saying why the device cannot be used and how to fix it
     */
    public static TunUplink open(String name) {
        return open(name, Impairment.NONE, LinkShaping.NONE, null);
    }

    /**
     * As {@link #open(String)}, with {@code impairment} applied in both directions between the device
     * and the switch, behind the bottleneck {@code shaping}, timed by {@code clock} (which may be null
     * only with {@link Impairment#NONE} and {@link LinkShaping#NONE}).
     */
    public static TunUplink open(String name, Impairment impairment, LinkShaping shaping, NanoClock clock) {
        if ((!impairment.isNone() || !shaping.isNone()) && clock == null) {
            throw new IllegalArgumentException("TUN uplink " + name + ": an impairment or shaping needs the host's clock");
        }
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
        return new TunUplink(device, impairment, shaping, clock);
    }

    @Override
    public String name() {
        return "tun:" + device.name();
    }

    @Override
    public Agent bridge(SwitchPort uplink) {
        TunBridge made;
        try {
            made = new TunBridge(device, uplink, PACKETS_PER_CYCLE, impairment, shaping, clock);
        } catch (IllegalArgumentException e) {
            throw PerfException.usage("TUN device '" + device.name() + "' cannot be impaired and shaped as asked: "
                + e.getMessage());
        }
        bridge = made;
        if (!impairment.isNone()) {
            LOG.info("TUN device {} impaired in both directions: {}", device.name(), impairment.describe());
        }
        if (!shaping.isNone()) {
            LOG.info("TUN device {} shaped in both directions: {}", device.name(), shaping.describe());
        }
        return made;
    }

    @Override
    public void close() {
        TunBridge made = bridge;
        if (made != null && made.toDeviceImpairment() != null && !device.isClosed()) {
            log("switch -> " + device.name(), made.toDeviceImpairment());
            log(device.name() + " -> switch", made.fromDeviceImpairment());
        }
        device.close();
    }

    private static void log(String direction, EmulatedLink stage) {
        LOG.info("TUN link {}: {}", direction, stage.describeCounters());
    }
}
