package io.nsaas.host.nsm;

import io.nsaas.host.fabric.FabricPort;
import io.nsaas.host.fabric.PcapWriter;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.link.AccessLinkPort;
import io.nsaas.spi.StackDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NSMs of one host and the in-host {@link Switch} between their tenants. Built from the tenants'
 * {@link TenantSpec}s: one {@link Nsm} per distinct NSM name, a dedicated one (named
 * {@code tenant-<id>}) for each tenant without a name; every packet-level tenant gets a switch port
 * with its address, behind an {@link AccessLinkPort} (an emulated link each way, driven by the
 * tenant's NSM duty cycle, seeded by {@link TenantSpec#linkSeed()}) when its spec has a link.
 * Instances are created while building, before any agent starts, so a bad option fails the build
 * with a {@link TenantStartException}.
 *
 * <p>{@link #start()} runs each NSM on its own {@link AgentRunner} thread, or packs them onto
 * {@code threads} threads with {@link CompositeAgent}. {@link #close()} stops the agents (which
 * destroy their instances on their own threads), the switch and the pcap tap.
 *
 * <p>Threading: build, start and close from one controlling thread; {@link #status()} from any.
 */
public final class NsmGroup implements AutoCloseable {
    /** Name prefix of the NSM of a tenant that names none. */
    public static final String DEDICATED_PREFIX = "tenant-";

    private static final Logger LOG = LoggerFactory.getLogger(NsmGroup.class);

    private final Map<String, Nsm> nsms;
    private final Switch fabric;
    private final PcapWriter tap;
    private final Map<String, AccessLinkPort> accessLinks;
    private final Map<String, TenantSpec> specs;
    private final NsmSettings settings;
    private final NanoClock clock;
    private final int threads;
    private final Supplier<IdleStrategy> idleStrategy;
    private final List<AgentRunner> runners = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private NsmGroup(Builder builder, Map<String, Nsm> nsms, Switch fabric, PcapWriter tap,
                     Map<String, AccessLinkPort> accessLinks) {
        this.nsms = nsms;
        this.fabric = fabric;
        this.tap = tap;
        this.accessLinks = new ConcurrentHashMap<>(accessLinks);
        Map<String, TenantSpec> byId = new LinkedHashMap<>();
        builder.specs.forEach(spec -> byId.put(spec.tenantId(), spec));
        this.specs = Map.copyOf(byId);
        this.settings = builder.settings;
        this.clock = builder.clock;
        int threads = builder.threads;
        Supplier<IdleStrategy> idleStrategy = builder.idleStrategy;
        this.threads = threads;
        this.idleStrategy = idleStrategy;
    }

    /** @return a builder for a group running on {@code clock} */
    public static Builder builder(NanoClock clock) {
        return new Builder(clock);
    }

    /** Assembles a group; not reusable after {@link #build()}. */
    public static final class Builder {
        private final NanoClock clock;
        private final List<TenantSpec> specs = new ArrayList<>();
        private NsmSettings settings = NsmSettings.defaults();
        private int threads;
        private Supplier<IdleStrategy> idleStrategy = SpinYieldParkIdleStrategy::fromSystemProperties;
        private Function<TenantSpec, TenantWiring> wiring;
        private Path pcapFile;
        private long pcapStartEpochNanos;

        private Builder(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder settings(NsmSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** @param threads how many threads run the NSMs; 0 (the default) gives each NSM its own */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("NSM thread count " + threads + " must be 0 (one per NSM) or more");
            }
            this.threads = threads;
            return this;
        }

        /** @param idleStrategy makes the idle strategy of each runner (default: {@link SpinYieldParkIdleStrategy#fromSystemProperties}) */
        public Builder idleStrategy(Supplier<IdleStrategy> idleStrategy) {
            this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            return this;
        }

        /** @param wiring gives each tenant its event sink and job source (required) */
        public Builder wiring(Function<TenantSpec, TenantWiring> wiring) {
            this.wiring = Objects.requireNonNull(wiring, "wiring");
            return this;
        }

        /**
         * Taps every packet the switch delivers to a pcap file.
         *
         * @param startEpochNanos pcap time of the capture's start (see {@link PcapWriter}); 0 in virtual time
         */
        public Builder pcap(Path file, long startEpochNanos) {
            this.pcapFile = Objects.requireNonNull(file, "file");
            this.pcapStartEpochNanos = startEpochNanos;
            return this;
        }

        public Builder tenant(TenantSpec spec) {
            specs.add(Objects.requireNonNull(spec, "spec"));
            return this;
        }

        public Builder tenants(Collection<TenantSpec> specs) {
            specs.forEach(this::tenant);
            return this;
        }

        /**
         * Makes the NSMs, ports and stack instances.
         *
         * @throws TenantStartException when a tenant cannot start (bad options, clashes); nothing is left running
         * @throws UncheckedIOException when the pcap file cannot be created
         */
        public NsmGroup build() {
            if (wiring == null) {
                throw new IllegalStateException("NsmGroup.Builder.wiring(...) was not set");
            }
            checkNames();
            PcapWriter tap = openTap();
            Switch fabric = new Switch(tap);
            Map<String, Nsm> nsms = new LinkedHashMap<>();
            Map<String, AccessLinkPort> accessLinks = new HashMap<>();
            try {
                for (TenantSpec spec : specs) {
                    String nsmName = nsmNameOf(spec);
                    Nsm nsm = nsms.computeIfAbsent(nsmName, name -> new Nsm(name, clock, settings));
                    FabricPort port = openPort(fabric, spec, settings, clock);
                    if (port instanceof AccessLinkPort) {
                        accessLinks.put(spec.tenantId(), (AccessLinkPort) port);
                    }
                    try {
                        nsm.addTenant(spec, port, Objects.requireNonNull(wiring.apply(spec), "wiring of a tenant"));
                    } catch (RuntimeException e) {
                        port.close();
                        throw e;
                    }
                }
            } catch (RuntimeException e) {
                nsms.values().forEach(Nsm::onClose);
                fabric.close();
                if (tap != null) {
                    tap.close();
                }
                throw e;
            }
            return new NsmGroup(this, nsms, fabric, tap, accessLinks);
        }

        private void checkNames() {
            Map<String, TenantSpec> byId = new HashMap<>();
            for (TenantSpec spec : specs) {
                TenantSpec other = byId.putIfAbsent(spec.tenantId(), spec);
                if (other != null) {
                    throw new TenantStartException(spec, "tenant id is also used at " + other.where()
                        + "; give every tenant its own id", null);
                }
            }
            for (TenantSpec spec : specs) {
                String name = spec.nsmName();
                if (name.startsWith(DEDICATED_PREFIX)) {
                    TenantSpec owner = byId.get(name.substring(DEDICATED_PREFIX.length()));
                    if (owner != null && owner.dedicatedNsm()) {
                        throw new TenantStartException(spec, "NSM name '" + name + "' is the dedicated NSM of tenant '"
                            + owner.tenantId() + "' (" + owner.where() + "); pick another NSM name", null);
                    }
                }
            }
        }

        private PcapWriter openTap() {
            if (pcapFile == null) {
                return null;
            }
            try {
                return PcapWriter.open(pcapFile, clock, pcapStartEpochNanos);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage() + "; check the pcap path", e);
            }
        }
    }

    /**
     * Opens a tenant's fabric port: unattached for a socket-level stack, else a switch port with the
     * tenant's address, behind an {@link AccessLinkPort} when the spec has a link.
     */
    private static FabricPort openPort(Switch fabric, TenantSpec spec, NsmSettings settings, NanoClock clock) {
        StackDescriptor descriptor;
        try {
            descriptor = spec.stack().descriptor();
        } catch (RuntimeException e) {
            throw new TenantStartException(spec, "stack '" + spec.stackId() + "' has no usable descriptor: " + e, e);
        }
        if (!descriptor.packetLevel()) {
            if (spec.link() != null) {
                throw new TenantStartException(spec, "stack '" + spec.stackId() + "' is socket-level: it uses host"
                    + " sockets, not the in-host switch, so its link setting would do nothing; remove link or pick a"
                    + " packet-level stack", null);
            }
            return FabricPort.unattached(spec.tenantId());
        }
        SwitchPort port;
        try {
            port = fabric.attach(spec.tenantId(), spec.address(), spec.prefixLength(), settings.inboundQueueBytes());
        } catch (IllegalArgumentException e) {
            throw new TenantStartException(spec, e.getMessage(), e);
        }
        if (spec.link() == null) {
            return port;
        }
        try {
            return new AccessLinkPort(port, spec.link(), spec.linkSeed(), clock);
        } catch (IllegalArgumentException e) {
            port.close();
            throw new TenantStartException(spec, "its link cannot be built: " + e.getMessage(), e);
        }
    }

    /** @return the NSM name serving {@code spec}: its own, or {@code tenant-<id>} when it names none */
    public static String nsmNameOf(TenantSpec spec) {
        return spec.dedicatedNsm() ? DEDICATED_PREFIX + spec.tenantId() : spec.nsmName();
    }

    /**
     * Starts the agent threads.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the NSM group is closed" : "the NSM group already started");
        }
        started = true;
        List<Nsm> all = new ArrayList<>(nsms.values());
        int threadCount = threads == 0 ? all.size() : Math.min(threads, all.size());
        for (int t = 0; t < threadCount; t++) {
            List<Agent> group = new ArrayList<>();
            for (int i = t; i < all.size(); i += threadCount) {
                group.add(all.get(i));
            }
            Agent agent = group.size() == 1 ? group.get(0) : new CompositeAgent(group);
            AgentRunner runner = new AgentRunner(idleStrategy.get(),
                error -> LOG.error("{} failed in its duty cycle: {}", agent.roleName(), error.toString(), error),
                null, agent);
            runners.add(runner);
            AgentRunner.startOnThread(runner);
        }
        LOG.info("started {} NSM(s) on {} thread(s)", all.size(), threadCount);
    }

    /** @return whether {@link #start()} ran and {@link #close()} did not */
    public synchronized boolean isRunning() {
        return started && !closed;
    }

    /** @return the names of the threads running the NSMs (agent role names), after start */
    public synchronized List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (AgentRunner runner : runners) {
            Thread thread = runner.thread();
            if (thread != null && thread != AgentRunner.TOMBSTONE) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    /** Stops every agent (instances are destroyed on their NSM threads), closes the switch and the pcap tap. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (runners.isEmpty()) {
            nsms.values().forEach(Nsm::onClose);
        } else {
            runners.forEach(AgentRunner::close);
        }
        fabric.close();
        if (tap != null) {
            tap.close();
        }
    }

    /**
     * Restarts a tenant on its NSM with new wiring: removes it (its instance is destroyed, so every
     * socket of it is closed on the stack; its port is closed), then adds it again on a fresh port
     * with the same address and link settings and a fresh stack instance wired to {@code wiring}.
     * This is how the NQE channel attaches a CoreEngine to a tenant and detaches it again.
     *
     * @return completes, on the NSM thread, with the tenant's new status; exceptionally with a
     *         {@link TenantStartException} when the stack or the port cannot start again (the tenant
     *         is then not served until the next successful call), or an {@link IllegalStateException}
     *         when the NSM is closed
     * @throws IllegalArgumentException for a tenant this group does not serve
     */
    public CompletableFuture<TenantStatus> replaceTenant(String tenantId, TenantWiring wiring) {
        TenantSpec spec = specs.get(tenantId);
        if (spec == null) {
            throw new IllegalArgumentException("tenant '" + tenantId + "' is not served by this host");
        }
        Objects.requireNonNull(wiring, "wiring");
        Nsm nsm = nsms.get(nsmNameOf(spec));
        return nsm.requestRemoveTenant(tenantId).thenCompose(removed -> {
            FabricPort port = openPort(fabric, spec, settings, clock);
            if (port instanceof AccessLinkPort) {
                accessLinks.put(tenantId, (AccessLinkPort) port);
            }
            return nsm.requestAddTenant(spec, port, wiring).whenComplete((status, error) -> {
                if (error != null) {
                    port.close();
                }
            });
        });
    }

    /** @return the spec of a tenant this group serves, or null */
    public TenantSpec spec(String tenantId) {
        return specs.get(tenantId);
    }

    /** @return every tenant's status, in NSM then insertion order; any thread */
    public List<TenantStatus> status() {
        List<TenantStatus> result = new ArrayList<>();
        for (Nsm nsm : nsms.values()) {
            result.addAll(nsm.status());
        }
        return result;
    }

    /** @return the status of one tenant */
    public Optional<TenantStatus> status(String tenantId) {
        for (TenantStatus status : status()) {
            if (status.tenantId().equals(tenantId)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** @return the NSMs, in the order of their first tenant (a simulator drives their doWork directly) */
    public List<Nsm> nsms() {
        return List.copyOf(nsms.values());
    }

    /** @return the NSM of that name, or null */
    public Nsm nsm(String name) {
        return nsms.get(name);
    }

    /** @return the in-host switch (attach an uplink, read drop counters) */
    public Switch fabric() {
        return fabric;
    }

    /**
     * @return the port of a tenant that has an access link ({@link TenantSpec#link()}), or null; its
     *         links' counters are the tenant's NSM thread's (read them after {@link #close()}, or on that thread)
     */
    public AccessLinkPort accessLink(String tenantId) {
        return accessLinks.get(tenantId);
    }

    /** @return the pcap tap, or null when none was asked for */
    public PcapWriter pcap() {
        return tap;
    }
}
