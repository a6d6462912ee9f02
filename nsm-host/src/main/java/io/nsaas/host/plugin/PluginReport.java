package io.nsaas.host.plugin;

import io.nsaas.spi.StackDescriptor;

/**
 * What the host found at one plugin source (a zip or a directory), for {@code nsaas stacks} and logs.
 *
 * @param source     the zip or directory the plugin came from
 * @param pluginId   the declared plugin id, or null when the descriptor could not be read
 * @param version    the declared plugin version, or null
 * @param requires   the declared SPI requirement ({@code Plugin-Requires}), or null
 * @param state      STARTED or REJECTED
 * @param reason     for a rejected plugin, one line saying why and what to do; null when started
 * @param descriptor the stack descriptor of a started plugin, null otherwise
 */
public record PluginReport(String source, String pluginId, String version, String requires,
                           State state, String reason, StackDescriptor descriptor) {

    /** Outcome of loading one plugin. */
    public enum State {
        STARTED,
        REJECTED
    }
}
