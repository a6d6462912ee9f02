package io.nsaas.host.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One place a plugin may come from: a zip, a plugin directory, or a given path that is neither.
 *
 * @param path    the zip file or plugin directory
 * @param kind    what it is
 * @param problem for {@link Kind#UNUSABLE}, why; null otherwise
 */
record PluginSource(Path path, Kind kind, String problem) {

    /** What a source is. */
    enum Kind {
        ZIP,
        DIRECTORY,
        UNUSABLE
    }

    /**
     * Expands the given paths, in order, into plugin sources: a zip or plugin directory is itself; any
     * other directory contributes its zips and plugin directories sorted by name, skipping hidden
     * entries and the work directory.
     */
    static List<PluginSource> expand(List<Path> given, Path workDir) {
        Path work = workDir.toAbsolutePath().normalize();
        List<PluginSource> sources = new ArrayList<>();
        for (Path path : given) {
            if (isZip(path)) {
                sources.add(new PluginSource(path, Kind.ZIP, null));
            } else if (isPluginDirectory(path)) {
                sources.add(new PluginSource(path, Kind.DIRECTORY, null));
            } else if (Files.isDirectory(path)) {
                sources.addAll(listContainer(path, work));
            } else if (Files.exists(path)) {
                sources.add(new PluginSource(path, Kind.UNUSABLE,
                    "neither a .zip file nor a directory: give a plugin zip, a plugin directory or a directory of them"));
            } else {
                sources.add(new PluginSource(path, Kind.UNUSABLE, "does not exist"));
            }
        }
        return sources;
    }

    private static List<PluginSource> listContainer(Path dir, Path work) {
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = listing.sorted(Comparator.comparing(entry -> entry.getFileName().toString()))
                .collect(Collectors.toList());
        } catch (IOException e) {
            return List.of(new PluginSource(dir, Kind.UNUSABLE,
                "cannot list the directory: " + PluginRejectedException.describe(e)));
        }
        List<PluginSource> sources = new ArrayList<>();
        for (Path entry : entries) {
            if (entry.getFileName().toString().startsWith(".")
                || entry.toAbsolutePath().normalize().startsWith(work)) {
                continue;
            }
            if (isZip(entry)) {
                sources.add(new PluginSource(entry, Kind.ZIP, null));
            } else if (isPluginDirectory(entry)) {
                sources.add(new PluginSource(entry, Kind.DIRECTORY, null));
            }
        }
        return sources;
    }

    private static boolean isZip(Path path) {
        return Files.isRegularFile(path)
            && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static boolean isPluginDirectory(Path path) {
        return Files.isDirectory(path) && PluginDescriptorFiles.formatOf(path) != null;
    }
}
