package io.nsaas.host.plugin;

import java.util.List;

/**
 * The stacks the host can offer tenants: every plugin that loaded and passed validation, plus a
 * report line for every plugin that was found (started or rejected, with the reason).
 *
 * <p>Thread-safe for reading once built.
 */
public interface StackRegistry {

    /** @return one report per plugin source that was found, in discovery order */
    List<PluginReport> reports();

    /**
     * Finds a started stack.
     *
     * @param id                plugin id, for example {@code kernel}
     * @param versionConstraint a pf4j/semver constraint such as {@code >=1.0.0 & <2.0.0}, or {@code "*"}
     *                          or empty for any version
     * @return the highest started version satisfying the constraint, or null when there is none
     * @throws IllegalArgumentException when the constraint is not a valid expression
     */
    LoadedStack resolve(String id, String versionConstraint);
}
