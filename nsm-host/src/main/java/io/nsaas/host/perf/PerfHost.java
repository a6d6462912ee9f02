package io.nsaas.host.perf;

import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantStartException;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.host.plugin.LoadedStack;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The little host a perf run needs: its tenants (each a stack instance on its own NSM, driving one
 * {@link PerfApp}), the in-host switch between packet-level tenants and, optionally, an uplink on
 * that switch (a TUN device) run by its own agent thread.
 *
 * <p>Threading: build, start and close from one controlling thread.
 */
public final class PerfHost implements AutoCloseable {
    /** Base seed of the tenants' random sources (ISNs, ports); fixed, so runs repeat. */
    public static final long SEED = 1;

    /** NSM idle strategy: spin briefly, then park at most 50 µs, so a waiting transfer resumes quickly. */
    static final Supplier<IdleStrategy> IDLE = () -> new BackoffIdleStrategy(64, 64, 1_000, 50_000);

    private static final Logger LOG = LoggerFactory.getLogger(PerfHost.class);

    private final NsmGroup group;
    private final PerfUplink uplink;
    private AgentRunner uplinkRunner;
    private boolean closed;

    private PerfHost(NsmGroup group, PerfUplink uplink) {
        this.group = group;
        this.uplink = uplink;
    }

    /** @return a builder of a host on {@code clock}, the clock its NSMs and applications share */
    public static Builder builder(NanoClock clock) {
        return new Builder(clock);
    }

    /** Assembles a perf host. */
    public static final class Builder {
        private final NsmGroup.Builder group;
        private final Map<TenantSpec, PerfApp> apps = new IdentityHashMap<>();
        private PerfUplink uplink;

        private Builder(NanoClock clock) {
            this.group = NsmGroup.builder(Objects.requireNonNull(clock, "clock")).idleStrategy(IDLE);
        }

        /**
         * Adds a tenant with its own NSM. A packet-level stack gets a switch port with {@code address};
         * a socket-level stack uses host sockets and the address is only its {@code localAddress()}.
         */
        public Builder tenant(String id, LoadedStack stack, int address, int prefixLength, PerfApp app) {
            return tenant(id, stack, address, prefixLength, app, Map.of());
        }

        /** As {@link #tenant(String, LoadedStack, int, int, PerfApp)}, with the stack options {@code options}. */
        public Builder tenant(String id, LoadedStack stack, int address, int prefixLength, PerfApp app,
                              Map<String, String> options) {
            TenantSpec spec = new TenantSpec(id, address, prefixLength, "", stack, Map.copyOf(options), SEED,
                "nsaas perf --stack " + stack.pluginId());
            apps.put(spec, Objects.requireNonNull(app, "app"));
            group.tenant(spec);
            return this;
        }

        /** Attaches {@code uplink} as the switch's default route; the host closes it. */
        public Builder uplink(PerfUplink uplink) {
            this.uplink = uplink;
            return this;
        }

        /**
         * Creates the stack instances, attaches the uplink and starts every thread.
         *
         * @throws PerfException (exit 1) when a stack does not start, (exit 2) when the uplink cannot bridge as
         *                       asked (an impairment and shaping too large to hold); the uplink is closed then
         */
        public PerfHost start() {
            NsmGroup built;
            try {
                built = group.wiring(spec -> new TenantWiring(apps.get(spec), apps.get(spec))).build();
            } catch (TenantStartException e) {
                if (uplink != null) {
                    uplink.close();
                }
                throw PerfException.failure(e.getMessage(), e);
            }
            PerfHost host = new PerfHost(built, uplink);
            try {
                host.startThreads();
            } catch (RuntimeException e) {
                host.close();
                throw e;
            }
            return host;
        }
    }

    private void startThreads() {
        if (uplink != null) {
            SwitchPort port = group.fabric().attachUplink(uplink.name(), Switch.DEFAULT_QUEUE_BYTES);
            uplinkRunner = new AgentRunner(IDLE.get(),
                error -> LOG.error("uplink {} failed in its duty cycle: {}", uplink.name(), error.toString(), error),
                null, uplink.bridge(port));
            AgentRunner.startOnThread(uplinkRunner);
        }
        group.start();
    }

    /** @return the NSMs and the switch (for counters) */
    public NsmGroup group() {
        return group;
    }

    /** Stops the NSMs (destroying the stack instances on their threads), the uplink agent and device. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            group.close();
        } finally {
            if (uplinkRunner != null) {
                uplinkRunner.close();
            }
            if (uplink != null) {
                uplink.close();
            }
        }
    }
}
