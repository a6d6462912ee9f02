package io.nsaas.host.nsm;

import io.nsaas.host.fabric.link.LinkProfile;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Endpoint;
import java.util.Map;
import java.util.Objects;

/**
 * What the host needs to run one tenant: who it is, its address, which NSM serves it and which stack
 * with which options. Made by the config layer; immutable.
 *
 * @param tenantId     the tenant's id, unique on the host
 * @param address      the tenant's IPv4 address as a big-endian int ({@link Endpoint#parseAddress})
 * @param prefixLength the prefix length of the tenant's subnet, 0..32
 * @param nsmName      the NSM that serves the tenant; tenants naming the same NSM share it; empty for a
 *                     dedicated NSM
 * @param stack        the loaded stack plugin the tenant picked
 * @param options      the tenant's stack options (copied)
 * @param seed         the host seed; the tenant's random source derives from it and the tenant id
 * @param where        where the tenant was configured, for error messages (e.g. {@code hosts.conf:12})
 * @param link         the emulated access link between the tenant's port and the in-host switch, one
 *                     in each direction with this profile; null to attach the port directly
 */
public record TenantSpec(String tenantId, int address, int prefixLength, String nsmName, LoadedStack stack,
                         Map<String, String> options, long seed, String where, LinkProfile link) {

    /** Seeds the access link's random sources apart from the stack's ({@code "link"} in ASCII). */
    private static final long LINK_SALT = 0x6C696E6BL;

    /** A tenant attached to the switch directly, without an access link. */
    public TenantSpec(String tenantId, int address, int prefixLength, String nsmName, LoadedStack stack,
                      Map<String, String> options, long seed, String where) {
        this(tenantId, address, prefixLength, nsmName, stack, options, seed, where, null);
    }

    /** @throws IllegalArgumentException when a field is missing or out of range, naming the tenant */
    public TenantSpec {
        Objects.requireNonNull(tenantId, "tenantId");
        if (tenantId.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be blank (" + where + ")");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("tenant '" + tenantId + "' (" + where + "): prefix length "
                + prefixLength + " must be 0..32");
        }
        Objects.requireNonNull(stack, "stack of tenant '" + tenantId + "'");
        nsmName = nsmName == null ? "" : nsmName.trim();
        options = options == null ? Map.of() : Map.copyOf(options);
        where = where == null || where.isBlank() ? "<unknown location>" : where;
    }

    /**
     * @return the seed both directions of the tenant's access link derive theirs from: a mix of the
     *         host seed and the tenant id, stable across runs and JDKs, different per tenant and from
     *         the seed of the stack's own random source
     */
    public long linkSeed() {
        return TenantHost.tenantSeed(seed ^ LINK_SALT, tenantId);
    }

    /** @return whether the tenant has a dedicated NSM (no NSM name given) */
    public boolean dedicatedNsm() {
        return nsmName.isEmpty();
    }

    /** @return the plugin id of the stack the tenant picked */
    public String stackId() {
        return stack.pluginId();
    }

    /** @return {@code 10.0.0.1/24} */
    public String cidr() {
        return Endpoint.formatAddress(address) + "/" + prefixLength;
    }
}
