package io.nsaas.host.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What must hold across tenants: every tenant has its own address and its own token, and an
 * {@code nsm} group name never names another tenant (a tenant without {@code nsm} runs in a dedicated
 * NSM named after its id, which nobody else may join).
 */
final class TenantCrossCheck {
    private final SettingReader reader;

    TenantCrossCheck(SettingReader reader) {
        this.reader = reader;
    }

    /** Reports each conflict at the later of the two tenants, naming the earlier one. */
    void check(List<TenantConfig> tenants) {
        Map<Integer, TenantConfig> byAddress = new HashMap<>();
        Map<String, TenantConfig> byToken = new HashMap<>();
        Map<String, TenantConfig> byId = new HashMap<>();
        for (TenantConfig tenant : tenants) {
            byId.put(tenant.id(), tenant);
        }
        for (TenantConfig tenant : tenants) {
            TenantConfig other = byAddress.putIfAbsent(tenant.address(), tenant);
            if (other != null) {
                reader.error(tenant.originOf("address"), tenant.path("address"),
                    Ipv4Cidr.format(tenant.address()) + " is already the address of tenant " + other.id()
                        + " (" + other.originOf("address") + ")",
                    "a distinct address per tenant");
            }
            other = byToken.putIfAbsent(tenant.token(), tenant);
            if (other != null) {
                reader.error(tenant.originOf("token"), tenant.path("token"),
                    "is the same as the token of tenant " + other.id() + " (" + other.originOf("token")
                        + "), so either tenant could attach as the other",
                    "a distinct secret per tenant");
            }
            TenantConfig named = tenant.dedicatedNsm() ? null : byId.get(tenant.nsmGroup());
            if (named != null && named != tenant) {
                reader.error(tenant.originOf("nsm"), tenant.path("nsm"),
                    "'" + tenant.nsmGroup() + "' is the id of tenant " + named.id()
                        + ", whose dedicated NSM cannot be shared",
                    "a group name that is no tenant's id, set as nsm on every tenant that shares the NSM");
            }
        }
    }
}
