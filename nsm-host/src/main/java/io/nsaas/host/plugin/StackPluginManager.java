package io.nsaas.host.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.IndexedExtensionFinder;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;

/**
 * pf4j configured for stack plugins: it loads only directories the host has already unpacked and
 * checked (it never discovers, expands or deletes anything itself), reads descriptors with
 * {@link PluginDescriptorFiles}, isolates plugins with {@link SpiParentFirstClassLoader}, finds
 * extensions through {@code META-INF/extensions.idx} and keeps enable/disable state in memory (no
 * {@code enabled.txt}/{@code disabled.txt} files).
 */
final class StackPluginManager extends DefaultPluginManager {

    /**
     * @param root          the host's work directory, pf4j's nominal plugins root
     * @param systemVersion the SPI version plugins' {@code Plugin-Requires} is checked against
     */
    StackPluginManager(Path root, String systemVersion) {
        super(List.of(root));
        setSystemVersion(systemVersion);
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginRepository() {
            @Override
            public List<Path> getPluginPaths() {
                return List.of();
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                return false;
            }
        };
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new PluginDescriptorFiles();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new SpiParentFirstPluginLoader(this);
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        IndexedExtensionFinder finder = new IndexedExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        Set<String> disabled = ConcurrentHashMap.newKeySet();
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return disabled.contains(pluginId);
            }

            @Override
            public void disablePlugin(String pluginId) {
                disabled.add(pluginId);
            }

            @Override
            public void enablePlugin(String pluginId) {
                disabled.remove(pluginId);
            }
        };
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        if (!Files.isDirectory(pluginPath)) {
            throw new PluginRuntimeException("Only unpacked plugin directories are loaded, not {}", pluginPath);
        }
        return super.loadPluginFromPath(pluginPath);
    }
}
