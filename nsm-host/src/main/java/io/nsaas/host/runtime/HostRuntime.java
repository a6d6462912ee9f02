package io.nsaas.host.runtime;

import io.nsaas.host.channel.ChannelHost;
import io.nsaas.host.config.ConfigException;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.ResolvedTenant;
import io.nsaas.host.config.TenantConfig;
import io.nsaas.host.config.TenantStackResolver;
import io.nsaas.host.nsm.NsmGroup;
import io.nsaas.host.nsm.TenantSpec;
import io.nsaas.host.nsm.TenantStartException;
import io.nsaas.host.nsm.TenantWiring;
import io.nsaas.host.plugin.PluginStackRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.NanoClock;

/**
 * One host's running parts: the plugin registry, the tenants resolved against it, the NSM group
 * that serves them and the NQE channel guests attach through. Owns all of them and closes them.
 *
 * <p>Threading: build and close from one controlling thread.
 */
public final class HostRuntime implements AutoCloseable {
    private final HostConfig config;
    private final PluginStackRegistry registry;
    private final NanoClock clock;
    private final Map<String, UnattachedTenantEvents> events = new ConcurrentHashMap<>();
    private NsmGroup group;
    private ChannelHost channel;
    private boolean closed;

    @Inject
    HostRuntime(HostConfig config, PluginStackRegistry registry, NanoClock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    /** @return the loaded plugins */
    public PluginStackRegistry registry() {
        return registry;
    }

    /**
     * Resolves every tenant's stack against the loaded plugins.
     *
     * @throws ConfigException naming FILE:LINE: KEY of every tenant whose stack is unknown or unsatisfiable
     */
    public List<ResolvedTenant> resolveTenants() {
        return new TenantStackResolver(registry).resolve(config);
    }

    /**
     * Creates one stack instance per tenant on its NSM (validating every tenant's stack options) without
     * starting any thread.
     *
     * @throws ConfigException      when a tenant's stack cannot be resolved
     * @throws TenantStartException when a stack rejects a tenant's options
     */
    public NsmGroup buildNsms() {
        if (group != null) {
            throw new IllegalStateException("NSMs already built");
        }
        List<TenantSpec> specs = new ArrayList<>();
        for (ResolvedTenant resolved : resolveTenants()) {
            TenantConfig tenant = resolved.tenant();
            specs.add(new TenantSpec(tenant.id(), tenant.address(), tenant.prefixLength(),
                tenant.dedicatedNsm() ? "" : tenant.nsmGroup(), resolved.stack(), tenant.options(),
                config.host().seed(), String.valueOf(tenant.originOf("stack")), tenant.link()));
        }
        NsmGroup.Builder builder = NsmGroup.builder(clock)
            .tenants(specs)
            .wiring(spec -> unattachedWiring(spec.tenantId()));
        if (config.host().pcap().isPresent()) {
            Path pcap = config.host().pcap().get();
            builder.pcap(pcap, System.currentTimeMillis() * 1_000_000L);
        }
        group = builder.build();
        return group;
    }

    private TenantWiring unattachedWiring(String tenantId) {
        return new TenantWiring(events.computeIfAbsent(tenantId, id -> new UnattachedTenantEvents()), null);
    }

    /**
     * Opens the control socket so guests can attach (the NQE channel); call after the NSMs started.
     * {@link #close()} detaches every guest and closes it before the NSMs stop.
     *
     * @throws IOException with a one-line reason when the control socket cannot be bound
     * @throws IllegalStateException when the NSMs are not running or the channel already started
     */
    public ChannelHost startChannel() throws IOException {
        if (group == null || !group.isRunning()) {
            throw new IllegalStateException("start the NSMs before the NQE channel");
        }
        if (channel != null) {
            throw new IllegalStateException("the NQE channel already started");
        }
        channel = ChannelHost.start(config, group, this::unattachedWiring);
        return channel;
    }

    /** @return the event counters of a tenant that no guest is attached to, or null for an unknown tenant */
    public UnattachedTenantEvents events(String tenantId) {
        return events.get(tenantId);
    }

    /** Detaches every guest, stops the NSMs and unloads the plugins; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
            if (group != null) {
                group.close();
            }
        } finally {
            registry.close();
        }
    }
}
