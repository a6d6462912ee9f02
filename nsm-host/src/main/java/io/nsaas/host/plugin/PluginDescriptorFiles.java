package io.nsaas.host.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Manifest;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PropertiesPluginDescriptorFinder;

/**
 * Where a plugin directory declares itself, and pf4j's reader for it: {@code plugin.properties} at
 * the top if present (pf4j's own precedence), else exactly {@code classes/META-INF/MANIFEST.MF}
 * (pf4j's manifest finder would take the first {@code MANIFEST.MF} anywhere in the tree).
 */
final class PluginDescriptorFiles implements PluginDescriptorFinder {
    static final String PROPERTIES = "plugin.properties";
    static final String MANIFEST = "classes/META-INF/MANIFEST.MF";

    private final PropertiesPluginDescriptorFinder properties = new PropertiesPluginDescriptorFinder();
    private final ManifestPluginDescriptorFinder manifest = new ManifestPluginDescriptorFinder() {
        @Override
        protected Manifest readManifestFromDirectory(Path pluginPath) {
            try {
                return readManifestFile(pluginPath.resolve(MANIFEST));
            } catch (IOException e) {
                throw new PluginRuntimeException(e, "Cannot read manifest from {}", pluginPath);
            }
        }
    };

    /** The descriptor keys of one file format, as users spell them. */
    enum Format {
        MANIFEST_ATTRIBUTES(MANIFEST, "Plugin-Id", "Plugin-Version", "Plugin-Requires", "Plugin-Dependencies"),
        PROPERTIES_KEYS(PROPERTIES, "plugin.id", "plugin.version", "plugin.requires", "plugin.dependencies");

        final String file;
        final String id;
        final String version;
        final String requires;
        final String dependencies;

        Format(String file, String id, String version, String requires, String dependencies) {
            this.file = file;
            this.id = id;
            this.version = version;
            this.requires = requires;
            this.dependencies = dependencies;
        }
    }

    /** @return the descriptor format present in {@code dir}, or null when it has none */
    static Format formatOf(Path dir) {
        if (Files.isRegularFile(dir.resolve(PROPERTIES))) {
            return Format.PROPERTIES_KEYS;
        }
        if (Files.isRegularFile(dir.resolve(MANIFEST))) {
            return Format.MANIFEST_ATTRIBUTES;
        }
        return null;
    }

    /** @return the raw descriptor values of {@code dir} in {@code format}, keyed as the file spells them */
    static Properties readRaw(Path dir, Format format) throws IOException {
        Properties raw = new Properties();
        if (format == Format.PROPERTIES_KEYS) {
            try (Reader in = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
                raw.load(in);
            }
        } else {
            readManifestFile(dir.resolve(MANIFEST)).getMainAttributes()
                .forEach((key, value) -> raw.setProperty(key.toString(), value.toString()));
        }
        return raw;
    }

    private static Manifest readManifestFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Manifest(in);
        }
    }

    @Override
    public boolean isApplicable(Path pluginPath) {
        return Files.isDirectory(pluginPath) && formatOf(pluginPath) != null;
    }

    @Override
    public PluginDescriptor find(Path pluginPath) {
        Format format = formatOf(pluginPath);
        if (format == null) {
            throw new PluginRuntimeException("No {} or {} in {}", PROPERTIES, MANIFEST, pluginPath);
        }
        return format == Format.PROPERTIES_KEYS ? properties.find(pluginPath) : manifest.find(pluginPath);
    }
}
