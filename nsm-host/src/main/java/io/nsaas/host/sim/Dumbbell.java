package io.nsaas.host.sim;

import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.PcapWriter;
import io.nsaas.host.fabric.link.EmulatedLink;
import io.nsaas.host.fabric.link.LinkSpec;
import io.nsaas.host.nsm.Nsm;
import io.nsaas.host.nsm.NsmSettings;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantStartException;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.host.plugin.LoadedStack;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated network of a {@link Scenario}: every flow's sender on the left, its receiver on the
 * right, one shared bottleneck between them.
 *
 * <pre>
 *  flow i sender 10.1.0.(i+1)/16 --access link i--+                      +--&gt; flow i receiver 10.2.0.(i+1)/16
 *                                                 +--&gt; BOTTLENECK --&gt; router
 *  flow j sender 10.1.0.(j+1)/16 --access link j--+   (scenario: rate,        +--&gt; flow j receiver 10.2.0.(j+1)/16
 *          ^                                          delay, buffer, ECN,                 |
 *          |                                          faults)                             |
 *        router &lt;------------------------- REVERSE link (shared, ACKs) &lt;----------------------+
 * </pre>
 *
 * <ul>
 *   <li>Access link (one per sender): {@value #RATE_FACTOR} x the bottleneck rate, {@value #ACCESS_DELAY_NANOS} ns,
 *       no faults, a byte limit of the flow's socket buffer (so it never drops: TCP cannot have more in flight).</li>
 *   <li>Bottleneck: exactly the scenario's bottleneck; the only place packets queue, drop, get marked or
 *       impaired; the pcap tap sits here.</li>
 *   <li>Reverse link (shared by all receivers): {@value #RATE_FACTOR} x the bottleneck rate, delay = bottleneck
 *       delay + {@value #ACCESS_DELAY_NANOS} ns, no faults, never drops.</li>
 *   <li>Base RTT = 2 x (bottleneck delay + 1 us) of propagation, plus serialization of one MTU packet at the access
 *       and bottleneck rates (and of the ACK at the reverse rate, not counted in {@link #baseRttNanos}).</li>
 * </ul>
 *
 * <p>All tenants share one NSM ("sim"; the architecture lets tenants share an NSM, and one timer wheel polled
 * once per pass is the cheapest in virtual time); each tenant has its own
 * stack instance created from the plugin with options {@code mtu}, {@code sndbuf}, {@code rcvbuf} (socket
 * buffers sized to twice the BDP plus the bottleneck buffer, 256 KiB..64 MiB, so the receive window never
 * limits a flow). A stack that rejects these options gets its defaults instead (logged).
 * Tenant seeds are the scenario seed (each tenant's random source mixes in its tenant id).
 *
 * <p>Threading: the simulator's thread.
 */
final class Dumbbell implements AutoCloseable {
    /** Access and reverse links run at this multiple of the bottleneck rate. */
    static final long RATE_FACTOR = 10;
    /** One-way delay of every access link. */
    static final long ACCESS_DELAY_NANOS = 1_000;
    /** The receivers' listening port. */
    static final int PORT = 5201;
    /** Most flows one dumbbell holds: host numbers 1..65534 of a /16. */
    static final int MAX_FLOWS = 65_534;
    /** NSM timer tick: 1024 ns, fine enough for links of tens of microseconds. */
    static final long TIMER_TICK_NANOS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Dumbbell.class);
    private static final int SENDER_NET = 0x0A01_0000;
    private static final int RECEIVER_NET = 0x0A02_0000;
    private static final int PREFIX_LENGTH = 16;
    private static final int INBOUND_QUEUE_BYTES = 256 * 1024;
    private static final int POLL_LIMIT = 64;
    private static final long MIN_SOCKET_BUFFER = 256 * 1024;
    private static final long MAX_SOCKET_BUFFER = 64L << 20;

    final SimClock clock;
    final EmulatedLink bottleneck;
    private final EmulatedLink reverse;
    private final EmulatedLink[] access;
    private final Nsm nsm;
    final BulkSender[] senders;
    final VerifyingReceiver[] receivers;
    private final LinkPort[] ports;
    private final AddressRouter router = new AddressRouter();
    private final PacketSink intoBottleneck;
    private final long baseRttNanos;

    Dumbbell(Scenario scenario, List<LoadedStack> stacks, SimClock clock, PcapWriter pcap) {
        BottleneckSpec b = scenario.bottleneck();
        int flows = scenario.flows().size();
        this.clock = clock;
        long fastRate = b.rateBps() > Long.MAX_VALUE / RATE_FACTOR ? Long.MAX_VALUE : b.rateBps() * RATE_FACTOR;
        this.baseRttNanos = 2 * (b.delayNanos() + ACCESS_DELAY_NANOS) + serializationNanos(scenario.mtu(), b.rateBps())
            + serializationNanos(scenario.mtu(), fastRate);
        long bufferBytes = b.bufferBytes() >= 0 ? b.bufferBytes() : (long) b.bufferPackets() * scenario.mtu();
        long bdpBytes = (long) (b.rateBps() / 8.0 * baseRttNanos / 1e9);
        long socketBuffer = Math.max(MIN_SOCKET_BUFFER, Math.min(MAX_SOCKET_BUFFER, 2 * (bdpBytes + bufferBytes)));

        this.bottleneck = new EmulatedLink("bottleneck", new LinkSpec(b.rateBps(), b.delayNanos(), b.bufferPackets(),
            b.bufferBytes(), b.ecnThresholdPackets(), b.ecnThresholdBytes(), b.loss(), b.duplicate(), b.reorder(),
            b.corrupt(), SimSeeds.link(scenario.seed())), clock, scenario.mtu());
        if (pcap != null) {
            bottleneck.tap(pcap);
        }
        this.intoBottleneck = bottleneck::offer;
        long sideQueueBytes = Math.max(socketBuffer, (long) flows * 64 * 1024);
        this.reverse = new EmulatedLink("reverse", quietLink(fastRate, b.delayNanos() + ACCESS_DELAY_NANOS,
            sideQueueBytes), clock, scenario.mtu());
        this.access = new EmulatedLink[flows];
        this.senders = new BulkSender[flows];
        this.receivers = new VerifyingReceiver[flows];
        this.ports = new LinkPort[2 * flows];
        NsmSettings settings = new NsmSettings(TIMER_TICK_NANOS, 4096, 256, 64, 64, INBOUND_QUEUE_BYTES);
        this.nsm = new Nsm("sim", clock, settings);
        Map<String, String> options = Map.of("mtu", Integer.toString(scenario.mtu()),
            "sndbuf", Long.toString(socketBuffer), "rcvbuf", Long.toString(socketBuffer));
        for (int i = 0; i < flows; i++) {
            FlowSpec flow = scenario.flows().get(i);
            long streamSeed = SimSeeds.stream(scenario.seed(), i);
            access[i] = new EmulatedLink("access-" + i, quietLink(fastRate, ACCESS_DELAY_NANOS, socketBuffer), clock,
                scenario.mtu());
            int senderAddress = SENDER_NET | (i + 1);
            int receiverAddress = RECEIVER_NET | (i + 1);
            receivers[i] = new VerifyingReceiver(clock, receiverAddress, PORT, streamSeed);
            senders[i] = new BulkSender(clock, flow.startNanos(), flow.bytes(), streamSeed, receiverAddress, PORT);
            LinkPort receiverPort = new LinkPort("flow" + i + "-receiver", receiverAddress, PREFIX_LENGTH, reverse,
                INBOUND_QUEUE_BYTES);
            LinkPort senderPort = new LinkPort("flow" + i + "-sender", senderAddress, PREFIX_LENGTH, access[i],
                INBOUND_QUEUE_BYTES);
            ports[2 * i] = senderPort;
            ports[2 * i + 1] = receiverPort;
            router.attach(receiverPort);
            router.attach(senderPort);
            addTenant(nsm, flow, stacks.get(i), receiverPort, new TenantWiring(receivers[i], receivers[i]), options,
                scenario.seed());
            addTenant(nsm, flow, stacks.get(i), senderPort, new TenantWiring(senders[i], senders[i]), options,
                scenario.seed());
        }
    }

    private static LinkSpec quietLink(long rate, long delayNanos, long queueBytes) {
        return new LinkSpec(rate, delayNanos, -1, queueBytes, -1, -1, 0, 0, 0, 0, 1);
    }

    /** @return nanoseconds to put {@code bytes} on a wire of {@code rateBps}, rounded up */
    static long serializationNanos(int bytes, long rateBps) {
        return rateBps == Long.MAX_VALUE ? 0 : (long) Math.ceil(bytes * 8e9 / rateBps);
    }

    private static void addTenant(Nsm nsm, FlowSpec flow, LoadedStack stack, LinkPort port, TenantWiring wiring,
                                  Map<String, String> options, long seed) {
        String role = port.name().substring(port.name().indexOf('-') + 1);
        try {
            nsm.addTenant(new TenantSpec(port.name(), port.address(), PREFIX_LENGTH, nsm.name(), stack, options, seed,
                flow.where()), port, wiring);
        } catch (TenantStartException e) {
            if (!(e.getCause() instanceof IllegalArgumentException)) {
                throw new ScenarioException(flow.where() + ": flows[" + flow.id() + "].stack: the " + role
                    + " of stack '" + flow.stack() + "' did not start: " + e.getMessage());
            }
            LOG.warn("flow {}: stack '{}' rejected the simulator's options {} ({}); it runs with its defaults",
                flow.id(), flow.stack(), options, e.getCause().getMessage());
            try {
                nsm.addTenant(new TenantSpec(port.name(), port.address(), PREFIX_LENGTH, nsm.name(), stack, Map.of(),
                    seed, flow.where()), port, wiring);
            } catch (TenantStartException again) {
                throw new ScenarioException(flow.where() + ": flows[" + flow.id() + "].stack: the " + role
                    + " of stack '" + flow.stack() + "' did not start: " + again.getMessage());
            }
        }
    }

    /** @return the base round-trip time as documented above */
    long baseRttNanos() {
        return baseRttNanos;
    }

    /**
     * One pass over everything at the current instant: links deliver what has arrived, then the NSM runs
     * one duty cycle (packets, timers, stacks, applications).
     *
     * @return the work done; 0 when everything is idle at this instant
     */
    int step() {
        int work = 0;
        for (EmulatedLink link : access) {
            work += link.poll(intoBottleneck, POLL_LIMIT);
        }
        work += bottleneck.poll(router, POLL_LIMIT);
        work += reverse.poll(router, POLL_LIMIT);
        work += nsm.doWork();
        return work;
    }

    /**
     * @return the earliest future instant at which a link or an NSM timer has something to do, or
     *         {@link Long#MAX_VALUE}; a timer that is due but did not fire moves to the next timer tick
     */
    long nextEventNanos(long now) {
        long next = timerEvent(nsm, now);
        for (EmulatedLink link : access) {
            next = Math.min(next, link.nextEventNanos());
        }
        next = Math.min(next, bottleneck.nextEventNanos());
        return Math.min(next, reverse.nextEventNanos());
    }

    private static long timerEvent(Nsm nsm, long now) {
        long deadline = nsm.nextTimerDeadline();
        if (deadline > now) {
            return deadline;
        }
        return (now / TIMER_TICK_NANOS + 1) * TIMER_TICK_NANOS;
    }

    /** @return packets all tenants transmitted */
    long packetsSent() {
        long packets = 0;
        for (LinkPort port : ports) {
            packets += port.packetsSent();
        }
        return packets;
    }

    /** @return packets dropped outside the bottleneck: full inbound queues, refused by an access or reverse link, unroutable */
    long otherDrops() {
        long drops = router.unroutable();
        for (LinkPort port : ports) {
            drops += port.inboundDrops();
        }
        for (EmulatedLink link : access) {
            drops += link.queueDrops() + link.lossDrops();
        }
        return drops + reverse.queueDrops() + reverse.lossDrops();
    }

    /** Stops every tenant (their stacks are destroyed). */
    @Override
    public void close() {
        nsm.onClose();
    }
}
