package io.nsaas.host.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.nsaas.host.config.HostConfig;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import io.nsaas.host.plugin.StackRegistry;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Guice wiring of one host: its validated config, the real-time clock, and the plugin registry
 * loaded from the configured plugin sources. The simulator binds a virtual {@link NanoClock} instead.
 */
public final class HostModule extends AbstractModule {
    private final HostConfig config;
    private final NanoClock clock;

    /** A host on the system's monotonic clock. */
    public HostModule(HostConfig config) {
        this(config, SystemNanoClock.INSTANCE);
    }

    /** A host on the given clock. */
    public HostModule(HostConfig config, NanoClock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        bind(HostConfig.class).toInstance(config);
        bind(NanoClock.class).toInstance(clock);
        bind(StackRegistry.class).to(PluginStackRegistry.class);
        bind(HostRuntime.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    PluginStackRegistry stackRegistry(HostConfig hostConfig) {
        return new StackPluginLoader(hostConfig.host().workDir()).load(hostConfig.host().plugins());
    }
}
