package io.nsaas.host.plugin;

import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.SpiVersion;
import io.nsaas.spi.StackDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads stack plugins with pf4j and builds the {@link PluginStackRegistry} the host serves tenants
 * from.
 *
 * <p>Each source is a plugin zip, a plugin directory ({@code classes/META-INF/MANIFEST.MF} or
 * {@code plugin.properties}) or a directory of those (taken sorted by name). Zips are unpacked by
 * {@link PluginZipExtractor} into a fresh subdirectory of the work directory, never next to the
 * zip. Every plugin is checked (descriptor, SPI range, nothing of the SPI or pf4j bundled, exactly
 * one {@link NetworkStack} extension whose descriptor id is the plugin id); one that fails gets a
 * one-line reason in its {@link PluginReport} and one log line, and the others keep loading.
 *
 * <p>Not thread-safe; each {@link #load} call makes an independent registry.
 */
public final class StackPluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StackPluginLoader.class);

    private final Path workDir;
    private final String spiVersion;
    private final PluginZipExtractor extractor;

    /** A loader for this host's SPI version ({@link SpiVersion#CURRENT}) with {@link ZipLimits#DEFAULT}. */
    public StackPluginLoader(Path workDir) {
        this(workDir, SpiVersion.CURRENT, ZipLimits.DEFAULT);
    }

    /**
     * @param workDir    where zips are unpacked, each into a fresh subdirectory; created if missing
     * @param spiVersion the SPI version the host provides: pf4j's system version
     * @param limits     how far a zip may expand
     */
    public StackPluginLoader(Path workDir, String spiVersion, ZipLimits limits) {
        this.workDir = Objects.requireNonNull(workDir, "workDir");
        this.spiVersion = Objects.requireNonNull(spiVersion, "spiVersion");
        this.extractor = new PluginZipExtractor(Objects.requireNonNull(limits, "limits"));
        if (!spiVersion.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("SPI version '" + spiVersion + "' is not MAJOR.MINOR.PATCH");
        }
    }

    /**
     * Loads every plugin found at {@code sources}, in order.
     *
     * @return the registry of started stacks and of reports for every source found
     * @throws UncheckedIOException when the work directory cannot be created
     */
    public PluginStackRegistry load(List<Path> sources) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugin work directory " + workDir + ": "
                + PluginRejectedException.describe(e), e);
        }
        StackPluginManager manager = new StackPluginManager(workDir, spiVersion);
        PluginDirectoryCheck check =
            new PluginDirectoryCheck(manager.getVersionManager(), spiVersion, manager.isExactVersionAllowed());
        List<PluginReport> reports = new ArrayList<>();
        List<LoadedStack> stacks = new ArrayList<>();
        List<Path> unpacked = new ArrayList<>();
        Map<String, Path> startedFrom = new HashMap<>();
        for (PluginSource source : PluginSource.expand(sources, workDir)) {
            Attempt attempt = new Attempt(manager, check, source);
            PluginReport report = attempt.run(startedFrom);
            reports.add(report);
            if (report.state() == PluginReport.State.STARTED) {
                stacks.add(attempt.loaded);
                startedFrom.put(report.pluginId(), source.path());
                if (attempt.unpackedDir != null) {
                    unpacked.add(attempt.unpackedDir);
                }
                LOG.info("stack plugin {}@{} started from {} (algorithm {}, {})", report.pluginId(), report.version(),
                    source.path(), report.descriptor().algorithm(), report.descriptor().capabilities());
            } else {
                LOG.warn("stack plugin rejected: {}: {}", source.path(), report.reason());
            }
        }
        return new PluginStackRegistry(reports, stacks, manager, unpacked);
    }

    /** Loading one source; on rejection it unloads what pf4j loaded and removes what it unpacked. */
    private final class Attempt {
        private final StackPluginManager manager;
        private final PluginDirectoryCheck check;
        private final PluginSource source;
        private PluginDeclaration declaration;
        private Path unpackedDir;
        private String loadedId;
        private LoadedStack loaded;

        Attempt(StackPluginManager manager, PluginDirectoryCheck check, PluginSource source) {
            this.manager = manager;
            this.check = check;
            this.source = source;
        }

        PluginReport run(Map<String, Path> startedFrom) {
            try {
                loaded = load(startedFrom);
                return report(PluginReport.State.STARTED, null, loaded.descriptor());
            } catch (PluginRejectedException e) {
                discard();
                return report(PluginReport.State.REJECTED, e.reason(), null);
            } catch (RuntimeException | LinkageError e) {
                discard();
                return report(PluginReport.State.REJECTED, "cannot load: " + PluginRejectedException.describe(e), null);
            }
        }

        private LoadedStack load(Map<String, Path> startedFrom) throws PluginRejectedException {
            Path dir = switch (source.kind()) {
                case UNUSABLE -> throw new PluginRejectedException(source.problem());
                case ZIP -> unpackedDir = extractor.extract(source.path(), workDir);
                case DIRECTORY -> source.path();
            };
            declaration = check.read(dir);
            check.check(declaration, dir);
            Path earlier = startedFrom.get(declaration.id());
            if (earlier != null) {
                throw new PluginRejectedException("duplicate plugin id '" + declaration.id() + "': already loaded from "
                    + earlier + ", so " + source.path() + " was not loaded; remove one of them");
            }
            PluginWrapper plugin = loadIntoPf4j(dir);
            Set<String> indexed = NetworkStackExtension.indexedClasses(manager, plugin);
            PluginState state = manager.startPlugin(loadedId);
            if (state != PluginState.STARTED) {
                throw new PluginRejectedException(pf4jRefusal("start failed", plugin));
            }
            NetworkStack stack = NetworkStackExtension.instantiate(manager, plugin, indexed);
            return new LoadedStack(loadedId, declaration.version(), stack);
        }

        private PluginWrapper loadIntoPf4j(Path dir) throws PluginRejectedException {
            try {
                loadedId = manager.loadPlugin(dir);
            } catch (RuntimeException e) {
                throw new PluginRejectedException("pf4j refused the plugin: " + PluginRejectedException.describe(e));
            }
            PluginWrapper plugin = manager.getPlugin(loadedId);
            if (plugin.getPluginState() == PluginState.DISABLED || plugin.getPluginState() == PluginState.FAILED) {
                throw new PluginRejectedException(pf4jRefusal("pf4j marked the plugin " + plugin.getPluginState(), plugin));
            }
            return plugin;
        }

        private String pf4jRefusal(String what, PluginWrapper plugin) {
            Throwable failure = plugin.getFailedException();
            return failure == null ? what + " (plugin state " + plugin.getPluginState() + ")"
                : what + ": " + PluginRejectedException.describe(failure);
        }

        private PluginReport report(PluginReport.State state, String reason, StackDescriptor descriptor) {
            PluginDeclaration d = declaration;
            return new PluginReport(source.path().toString(), d == null ? null : d.id(), d == null ? null : d.version(),
                d == null ? null : d.requires(), state, reason, descriptor);
        }

        private void discard() {
            if (loadedId != null) {
                try {
                    manager.unloadPlugin(loadedId);
                } catch (RuntimeException e) {
                    LOG.warn("could not unload rejected plugin {}: {}", loadedId, PluginRejectedException.describe(e));
                }
            }
            if (unpackedDir != null) {
                PluginZipExtractor.deleteTree(unpackedDir);
            }
        }
    }
}
