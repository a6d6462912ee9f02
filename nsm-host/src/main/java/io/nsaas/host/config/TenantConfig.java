package io.nsaas.host.config;

import io.nsaas.host.fabric.link.LinkProfile;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One validated tenant from {@code nsaas.tenants.<id>}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not show the token.
 *
 * @param id                tenant id, {@code [a-z0-9][a-z0-9-]{0,31}}
 * @param stackId           plugin id of the stack the tenant picked, {@code [a-z][a-z0-9-]{0,31}}
 * @param versionConstraint pf4j/semver constraint on the plugin version; {@code "*"} for any
 * @param options           stack options (scalars rendered as text), sorted by key
 * @param address           the tenant's IPv4 address on the in-host switch, big-endian
 * @param prefixLength      prefix length of the tenant's subnet, 0..32
 * @param token             secret the tenant presents when it attaches (16..256 printable ASCII)
 * @param nsmGroup          name of the NSM serving the tenant: the configured {@code nsm} group, or
 *                          the tenant id when the tenant has a dedicated NSM
 * @param dedicatedNsm      true when no {@code nsm} was configured (the NSM serves only this tenant)
 * @param origins           where each setting was written, keyed as in {@link #originOf(String)}
 * @param link              the tenant's emulated access link to the in-host switch ({@code link { ... }}),
 *                          or null when the tenant's port is attached to the switch directly
 */
public record TenantConfig(String id, String stackId, String versionConstraint, Map<String, String> options,
                           int address, int prefixLength, String token, String nsmGroup, boolean dedicatedNsm,
                           Map<String, SettingOrigin> origins, LinkProfile link) {

    /** The version constraint used when none is configured. */
    public static final String ANY_VERSION = "*";

    public TenantConfig {
        options = Collections.unmodifiableMap(new TreeMap<>(options));
        origins = Map.copyOf(origins);
    }

    /** A tenant without an access link. */
    public TenantConfig(String id, String stackId, String versionConstraint, Map<String, String> options,
                        int address, int prefixLength, String token, String nsmGroup, boolean dedicatedNsm,
                        Map<String, SettingOrigin> origins) {
        this(id, stackId, versionConstraint, options, address, prefixLength, token, nsmGroup, dedicatedNsm, origins, null);
    }

    /**
     * @param key a key of the tenant ({@code stack}, {@code stack.id}, {@code stack.version},
     *            {@code stack.options.<name>}, {@code address}, {@code token}, {@code nsm}, {@code link},
     *            {@code link.<key>}) or
     *            {@code ""} for the tenant itself
     * @return where it was written; for a key that was not written (a default), the nearest enclosing
     *         setting that was ({@code stack.version} falls back to {@code stack}, then the tenant)
     */
    public SettingOrigin originOf(String key) {
        String k = key;
        while (true) {
            SettingOrigin origin = origins.get(k);
            if (origin != null || k.isEmpty()) {
                return origin;
            }
            int dot = k.lastIndexOf('.');
            k = dot < 0 ? "" : k.substring(0, dot);
        }
    }

    /** @return the full HOCON path of a key of this tenant, for messages: {@code nsaas.tenants.vm-a.stack} */
    public String path(String key) {
        return key.isEmpty() ? "nsaas.tenants." + id : "nsaas.tenants." + id + "." + key;
    }

    /** @return the address with its prefix length */
    public Ipv4Cidr cidr() {
        return new Ipv4Cidr(address, prefixLength);
    }

    @Override
    public String toString() {
        return "TenantConfig[id=" + id + ", stack=" + stackId + " " + versionConstraint + ", options=" + options
            + ", address=" + cidr() + ", token=<" + token.length() + " chars>, nsm=" + nsmGroup
            + (dedicatedNsm ? " (dedicated)" : "") + (link == null ? "" : ", link={" + LinkSectionReader.describe(link) + "}")
            + "]";
    }
}
