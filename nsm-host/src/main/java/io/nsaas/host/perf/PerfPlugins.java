package io.nsaas.host.perf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.nsaas.host.config.HostConfigLoader;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginReport;
import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stack plugins of a perf run: loaded from {@code --plugins DIR}, or from the embedded default
 * config's plugin sources ({@code target/plugins} relative to the working directory), unpacked into
 * the default config's work directory.
 *
 * <p>Threading: the controlling thread. Close after the host that uses the stacks.
 */
public final class PerfPlugins implements AutoCloseable {
    private final List<Path> sources;
    private final PluginStackRegistry registry;

    private PerfPlugins(List<Path> sources, PluginStackRegistry registry) {
        this.sources = sources;
        this.registry = registry;
    }

    /**
     * @param dir the plugin directory (or zip) given with {@code --plugins}, or null for the default
     * @throws PerfException (exit 2) when the directory does not exist
     */
    public static PerfPlugins load(Path dir) {
        List<Path> defaultSources;
        Path workDir;
        try {
            ClassLoader loader = HostConfigLoader.class.getClassLoader();
            Config embedded = ConfigFactory.parseResources(loader, HostConfigLoader.DEFAULT_RESOURCE)
                .withFallback(ConfigFactory.defaultReference(loader)).resolve();
            defaultSources = embedded.getStringList("nsaas.host.plugins").stream()
                .map(path -> Path.of(path).toAbsolutePath().normalize()).collect(Collectors.toList());
            workDir = Path.of(embedded.getString("nsaas.host.work-dir")).toAbsolutePath().normalize();
        } catch (ConfigException e) {
            throw PerfException.failure("the embedded default config is broken (a packaging error): " + e.getMessage(), e);
        }
        List<Path> sources = dir == null ? defaultSources : List.of(dir.toAbsolutePath().normalize());
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw PerfException.usage("plugin directory " + source + " does not exist: "
                    + (dir == null ? "build the plugins with mvn package from the repository root and run there, or give --plugins DIR"
                    : "give --plugins a directory (or zip) holding stack plugins"));
            }
        }
        return new PerfPlugins(sources, new StackPluginLoader(workDir).load(sources));
    }

    /**
     * @return the started stack with this plugin id (its highest version)
     * @throws PerfException (exit 2) naming the stacks that are there
     */
    public LoadedStack stack(String id) {
        LoadedStack stack = registry.resolve(id, "");
        if (stack != null) {
            return stack;
        }
        String started = registry.stacks().stream().map(LoadedStack::pluginId).sorted().collect(Collectors.joining(", "));
        String rejected = registry.reports().stream()
            .filter(r -> r.state() == PluginReport.State.REJECTED && id.equals(r.pluginId()))
            .map(r -> "; plugin '" + id + "' was rejected: " + r.reason())
            .findFirst().orElse("");
        throw PerfException.usage("no stack plugin '" + id + "' in " + sourcesText() + " (started: "
            + (started.isEmpty() ? "none" : started) + ")" + rejected + "; see nsaas stacks");
    }

    /** @return the loaded stacks and the report of every plugin found (for {@code nsaas sim}'s simulator) */
    public PluginStackRegistry registry() {
        return registry;
    }

    private String sourcesText() {
        return sources.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** Stops and unloads the plugins. */
    @Override
    public void close() {
        registry.close();
    }
}
