package io.nsaas.host.plugin;

import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;

/**
 * A started stack plugin: its pf4j id and version and the {@link NetworkStack} extension that makes
 * per-tenant instances.
 */
public record LoadedStack(String pluginId, String pluginVersion, NetworkStack stack) {

    /** @return the stack's own descriptor */
    public StackDescriptor descriptor() {
        return stack.descriptor();
    }
}
