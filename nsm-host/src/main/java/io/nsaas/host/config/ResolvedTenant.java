package io.nsaas.host.config;

import io.nsaas.host.plugin.LoadedStack;

/**
 * A tenant together with the started stack plugin that serves it.
 *
 * @param tenant the tenant's configuration
 * @param stack  the highest started plugin version that matches the tenant's {@code stack} setting
 */
public record ResolvedTenant(TenantConfig tenant, LoadedStack stack) {
}
