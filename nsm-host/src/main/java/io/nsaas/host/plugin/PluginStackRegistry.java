package io.nsaas.host.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.pf4j.VersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stacks one {@link StackPluginLoader#load} found: every started plugin and a report for every
 * source. Closing it stops and unloads the plugins and removes the directories their zips were
 * unpacked into; stacks obtained from it must not be used afterwards.
 *
 * <p>Thread-safe: reading methods may be called from any thread; {@link #close()} once, by the owner.
 */
public final class PluginStackRegistry implements StackRegistry, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginStackRegistry.class);

    private final List<PluginReport> reports;
    private final List<LoadedStack> stacks;
    private final PluginManager manager;
    private final VersionManager versions;
    private final List<Path> unpacked;
    private volatile boolean closed;

    PluginStackRegistry(List<PluginReport> reports, List<LoadedStack> stacks, PluginManager manager,
                        List<Path> unpacked) {
        this.reports = List.copyOf(reports);
        this.stacks = List.copyOf(stacks);
        this.manager = manager;
        this.versions = manager.getVersionManager();
        this.unpacked = List.copyOf(unpacked);
    }

    @Override
    public List<PluginReport> reports() {
        return reports;
    }

    /** @return the started stacks in discovery order */
    public List<LoadedStack> stacks() {
        return stacks;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the registry is closed
     */
    @Override
    public LoadedStack resolve(String id, String versionConstraint) {
        Objects.requireNonNull(id, "id");
        String constraint = versionConstraint == null ? "" : versionConstraint.strip();
        try {
            versions.checkVersionConstraint("0.0.0", constraint);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("version constraint '" + versionConstraint + "' for stack '" + id
                + "' is not valid (" + PluginRejectedException.describe(e)
                + "); write for example 1.2.0, >=1.0.0 & <2.0.0, or * for any version", e);
        }
        if (closed) {
            throw new IllegalStateException("the stack registry is closed");
        }
        LoadedStack best = null;
        for (LoadedStack stack : stacks) {
            if (stack.pluginId().equals(id)
                && versions.checkVersionConstraint(stack.pluginVersion(), constraint)
                && (best == null || versions.compareVersions(stack.pluginVersion(), best.pluginVersion()) > 0)) {
                best = stack;
            }
        }
        return best;
    }

    /** Stops and unloads every plugin and removes the unpacked zips. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // One by one, newest first: pf4j 3.15's stopPlugins() removes from the list it iterates.
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("stopping stack plugin {} failed: {}", plugin.getPluginId(), PluginRejectedException.describe(e));
            }
        }
        try {
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.warn("unloading stack plugins failed: {}", PluginRejectedException.describe(e));
        }
        unpacked.forEach(PluginZipExtractor::deleteTree);
    }
}
