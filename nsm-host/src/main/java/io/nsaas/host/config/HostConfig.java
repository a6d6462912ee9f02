package io.nsaas.host.config;

import java.util.List;

/**
 * A validated host configuration: host settings and the tenants in the order they were written.
 *
 * <p>Immutable and thread-safe. Built by {@link HostConfigLoader}; the stacks the tenants picked are
 * looked up afterwards by {@link TenantStackResolver}.
 *
 * @param source   the file the configuration was loaded from, or the embedded resource name
 * @param host     the {@code nsaas.host} settings
 * @param tenants  the tenants, ordered by where they were written (then by id); may be empty
 * @param warnings things that are allowed but probably not intended (for example no tenants), in the
 *                 same one-line form as errors; the caller logs them
 */
public record HostConfig(String source, HostSettings host, List<TenantConfig> tenants, List<ConfigProblem> warnings) {

    public HostConfig {
        tenants = List.copyOf(tenants);
        warnings = List.copyOf(warnings);
    }

    /** @return the tenant with this id, or null */
    public TenantConfig tenant(String id) {
        for (TenantConfig tenant : tenants) {
            if (tenant.id().equals(id)) {
                return tenant;
            }
        }
        return null;
    }
}
