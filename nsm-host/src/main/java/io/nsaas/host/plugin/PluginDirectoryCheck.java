package io.nsaas.host.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pf4j.VersionManager;

/**
 * Checks an unpacked plugin directory before pf4j loads any of its classes: the descriptor
 * ({@code Plugin-Id}, a semantic {@code Plugin-Version}, a {@code Plugin-Requires} range that the
 * host's SPI version satisfies and that stays within its major version, no pf4j plugin
 * dependencies) and that neither {@code classes/} nor {@code lib/*.jar} bundles the SPI or pf4j.
 */
final class PluginDirectoryCheck {
    private static final String PROVIDED_HINT =
        "declare io.nsaas:plugin-api and org.pf4j:pf4j with scope provided";
    private static final String BUNDLE_HINT = "build the zip with stacks/plugin-zip.xml";
    private static final String EXACT_VERSION = "\\d+\\.\\d+\\.\\d+";

    private final VersionManager versions;
    private final String spiVersion;
    private final String nextMajor;
    private final boolean exactVersionAllowed;

    /**
     * @param versions            pf4j's version arithmetic, the same the plugin manager uses
     * @param spiVersion          the host's SPI version, for example {@code 1.0.0}
     * @param exactVersionAllowed pf4j's rule: when false a bare {@code 1.2.0} requirement means {@code >=1.2.0}
     */
    PluginDirectoryCheck(VersionManager versions, String spiVersion, boolean exactVersionAllowed) {
        this.versions = versions;
        this.spiVersion = spiVersion;
        this.exactVersionAllowed = exactVersionAllowed;
        this.nextMajor = (Integer.parseInt(spiVersion.substring(0, spiVersion.indexOf('.'))) + 1) + ".0.0";
    }

    /** @return the raw descriptor of {@code dir} */
    PluginDeclaration read(Path dir) throws PluginRejectedException {
        PluginDescriptorFiles.Format format = PluginDescriptorFiles.formatOf(dir);
        if (format == null) {
            throw new PluginRejectedException("no plugin descriptor: expected " + PluginDescriptorFiles.MANIFEST
                + " with Plugin-Id (or " + PluginDescriptorFiles.PROPERTIES + "); " + BUNDLE_HINT);
        }
        try {
            Properties raw = PluginDescriptorFiles.readRaw(dir, format);
            return new PluginDeclaration(format, value(raw, format.id), value(raw, format.version),
                value(raw, format.requires), value(raw, format.dependencies));
        } catch (IOException | RuntimeException e) {
            throw new PluginRejectedException("malformed descriptor " + format.file + ": "
                + PluginRejectedException.describe(e));
        }
    }

    /** Checks the descriptor's values and the directory's contents. */
    void check(PluginDeclaration declaration, Path dir) throws PluginRejectedException {
        PluginDescriptorFiles.Format format = declaration.format();
        if (declaration.id() == null) {
            throw new PluginRejectedException("descriptor " + format.file + " has no " + format.id);
        }
        if (declaration.version() == null) {
            throw new PluginRejectedException("descriptor " + format.file + " has no " + format.version);
        }
        if (!isSemanticVersion(declaration.version())) {
            throw new PluginRejectedException(format.version + " '" + declaration.version()
                + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0)");
        }
        checkRequires(format.requires, declaration.requires());
        if (declaration.dependencies() != null) {
            throw new PluginRejectedException("declares " + format.dependencies + " '" + declaration.dependencies()
                + "': a stack plugin must be self-contained (put its libraries in lib/)");
        }
        checkNothingBundled(dir);
    }

    private void checkRequires(String key, String requires) throws PluginRejectedException {
        if (requires == null) {
            throw new PluginRejectedException(key + " is missing: declare the SPI range the plugin was built for, "
                + "for example " + key + ": >=" + spiVersion + " & <" + nextMajor);
        }
        String effective = !exactVersionAllowed && requires.matches(EXACT_VERSION) ? ">=" + requires : requires;
        boolean satisfied;
        boolean admitsNextMajor;
        try {
            satisfied = versions.checkVersionConstraint(spiVersion, effective);
            admitsNextMajor = versions.checkVersionConstraint(nextMajor, effective);
        } catch (RuntimeException e) {
            throw new PluginRejectedException(key + " '" + requires + "' is not a valid version range ("
                + PluginRejectedException.describe(e) + "); for example >=" + spiVersion + " & <" + nextMajor);
        }
        if (!satisfied) {
            throw new PluginRejectedException("requires SPI " + requires + ", host provides " + spiVersion
                + ": use a plugin built for SPI " + spiVersion + " or a host that provides what it requires");
        }
        if (admitsNextMajor) {
            throw new PluginRejectedException(key + " '" + requires + "' also admits SPI " + nextMajor
                + ", which may break it: bound it to one major version, for example >=" + spiVersion
                + " & <" + nextMajor);
        }
    }

    private boolean isSemanticVersion(String version) {
        try {
            versions.compareVersions(version, version);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void checkNothingBundled(Path dir) throws PluginRejectedException {
        Path classes = dir.resolve("classes");
        for (String file : sortedFiles(classes, ".class")) {
            String what = hostPackage(file);
            if (what != null) {
                throw bundles(what, "classes/" + file);
            }
        }
        Path lib = dir.resolve("lib");
        for (String jar : sortedFiles(lib, ".jar")) {
            try (ZipFile zip = new ZipFile(lib.resolve(jar).toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    String what = entry.getName().endsWith(".class") ? hostPackage(entry.getName()) : null;
                    if (what != null) {
                        throw bundles(what, "lib/" + jar + " contains " + entry.getName());
                    }
                }
            } catch (IOException e) {
                throw new PluginRejectedException("lib/" + jar + " is not a readable jar ("
                    + PluginRejectedException.describe(e) + "): rebuild the plugin");
            }
        }
    }

    private static PluginRejectedException bundles(String what, String evidence) {
        return new PluginRejectedException("bundles " + what + " (" + evidence + "): " + PROVIDED_HINT);
    }

    /** @return "the SPI" or "pf4j" when a class file path lies in a package the host provides */
    private static String hostPackage(String classFile) {
        if (classFile.startsWith("io/nsaas/spi/") || classFile.startsWith("io/nsaas/nqe/")) {
            return "the SPI";
        }
        return classFile.startsWith("org/pf4j/") ? "pf4j" : null;
    }

    /** @return regular files under {@code root} ending in {@code suffix}, relative with '/' separators, sorted */
    private static List<String> sortedFiles(Path root, String suffix) throws PluginRejectedException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                .map(file -> root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/"))
                .filter(name -> name.endsWith(suffix))
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new PluginRejectedException("cannot read " + root.getFileName() + "/: "
                + PluginRejectedException.describe(e));
        }
    }

    private static String value(Properties raw, String key) {
        String value = raw.getProperty(key);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
