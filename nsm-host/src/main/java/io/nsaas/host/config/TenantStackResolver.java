package io.nsaas.host.config;

import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginReport;
import io.nsaas.host.plugin.StackRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds, for every tenant, the started stack plugin its {@code stack} setting names. Problems are
 * reported at the line of the {@code stack} setting ({@code stack.id} or {@code stack.version} in the
 * object form), all tenants at once.
 *
 * <p>Stateless; call on any thread once the registry is built.
 */
public final class TenantStackResolver {
    private final StackRegistry registry;

    /** @param registry the stacks the host loaded */
    public TenantStackResolver(StackRegistry registry) {
        this.registry = registry;
    }

    /**
     * @return one entry per tenant, in the configuration's tenant order
     * @throws ConfigException listing every tenant whose stack is not available, or is socket-level while
     *                         the tenant has a {@code link} (which only packet-level stacks use)
     */
    public List<ResolvedTenant> resolve(HostConfig config) {
        ProblemList problems = new ProblemList();
        List<ResolvedTenant> resolved = new ArrayList<>();
        for (TenantConfig tenant : config.tenants()) {
            LoadedStack stack = resolve(tenant, problems);
            if (stack != null && tenant.link() != null && socketLevel(stack)) {
                problems.error(tenant.originOf("link"), tenant.path("link"), "stack '" + tenant.stackId()
                    + "' is socket-level: it uses host sockets, not the in-host switch, so a link would do nothing",
                    "no link for this tenant, or a packet-level stack (see nsaas stacks)");
            } else if (stack != null) {
                resolved.add(new ResolvedTenant(tenant, stack));
            }
        }
        problems.throwIfErrors();
        return List.copyOf(resolved);
    }

    /** @return whether the stack uses host sockets; a descriptor that throws is left for the NSM to report */
    private static boolean socketLevel(LoadedStack stack) {
        try {
            return !stack.descriptor().packetLevel();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private LoadedStack resolve(TenantConfig tenant, ProblemList problems) {
        String idKey = tenant.origins().containsKey("stack.id") ? "stack.id" : "stack";
        String versionKey = tenant.origins().containsKey("stack.version") ? "stack.version" : "stack";
        LoadedStack stack;
        try {
            stack = registry.resolve(tenant.stackId(), tenant.versionConstraint());
        } catch (IllegalArgumentException e) {
            problems.error(tenant.originOf(versionKey), tenant.path(versionKey),
                "'" + tenant.versionConstraint() + "' is not a version constraint (" + e.getMessage() + ")",
                "a constraint such as \">=1.0.0 & <2.0.0\", or \"*\" for any version");
            return null;
        }
        if (stack != null) {
            return stack;
        }
        Set<String> versions = startedVersions(tenant.stackId());
        if (!versions.isEmpty()) {
            problems.error(tenant.originOf(versionKey), tenant.path(versionKey),
                "no loaded version of stack '" + tenant.stackId() + "' satisfies '" + tenant.versionConstraint() + "'",
                "a constraint that one of the loaded versions satisfies: " + String.join(", ", versions));
            return null;
        }
        problems.error(tenant.originOf(idKey), tenant.path(idKey), unknownStack(tenant.stackId()), availableStacks());
        return null;
    }

    private String unknownStack(String id) {
        for (PluginReport report : registry.reports()) {
            if (id.equals(report.pluginId()) && report.state() == PluginReport.State.REJECTED) {
                return "stack plugin '" + id + "' was rejected: " + report.reason() + " (" + report.source() + ")";
            }
        }
        String suggestion = ClosestMatch.among(id, startedIds());
        return "no stack plugin '" + id + "' is loaded" + (suggestion != null ? "; did you mean " + suggestion + "?" : "");
    }

    private String availableStacks() {
        Set<String> ids = startedIds();
        return ids.isEmpty()
            ? "a started stack plugin, but none started (check nsaas.host.plugins and the plugin reports)"
            : "one of the started stacks: " + String.join(", ", ids);
    }

    private Set<String> startedIds() {
        Set<String> ids = new TreeSet<>();
        for (PluginReport report : registry.reports()) {
            if (report.state() == PluginReport.State.STARTED && report.pluginId() != null) {
                ids.add(report.pluginId());
            }
        }
        return ids;
    }

    private Set<String> startedVersions(String id) {
        Set<String> versions = new LinkedHashSet<>();
        for (PluginReport report : registry.reports()) {
            if (report.state() == PluginReport.State.STARTED && id.equals(report.pluginId())) {
                versions.add(report.version());
            }
        }
        return versions;
    }
}
