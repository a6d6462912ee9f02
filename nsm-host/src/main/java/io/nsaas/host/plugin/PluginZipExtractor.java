package io.nsaas.host.plugin;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a plugin zip, which is hostile input, into a fresh subdirectory of the work directory.
 *
 * <p>The whole archive is refused, and nothing is left behind, when it is not a readable zip, when
 * any entry name is absolute, has a drive letter, a backslash or a {@code ..} segment, or resolves
 * outside the target; when an entry is a symbolic link or a name repeats; when it holds more
 * entries or expands to more bytes than {@link ZipLimits} allow (counted while writing, not taken
 * from the headers); or when an entry's bytes do not match its recorded size and CRC. Names are
 * checked before the first byte is written.
 */
final class PluginZipExtractor {
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern UNSAFE_DIRECTORY_CHARS = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int BUFFER_SIZE = 64 * 1024;

    private final ZipLimits limits;

    PluginZipExtractor(ZipLimits limits) {
        this.limits = limits;
    }

    /**
     * @return the new directory under {@code workDir} holding the archive's contents
     * @throws PluginRejectedException when the archive is unreadable or unsafe; the directory is gone
     */
    Path extract(Path zip, Path workDir) throws PluginRejectedException {
        Path target;
        try {
            target = Files.createTempDirectory(workDir, directoryPrefix(zip));
        } catch (IOException e) {
            throw new PluginRejectedException("cannot create an unpack directory in " + workDir + ": "
                + PluginRejectedException.describe(e));
        }
        try {
            unpack(zip, target);
            return target;
        } catch (PluginRejectedException e) {
            deleteTree(target);
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteTree(target);
            throw new PluginRejectedException("cannot unpack: " + PluginRejectedException.describe(e));
        }
    }

    private void unpack(Path zip, Path target) throws IOException, PluginRejectedException {
        try (ZipFile archive = openZip(zip)) {
            List<ZipEntry> entries = listEntries(archive);
            List<ZipCentralDirectory.Entry> directory = ZipCentralDirectory.read(zip, limits.maxEntries());
            if (directory.size() != entries.size()) {
                throw new PluginRejectedException("not a valid zip: the central directory lists "
                    + directory.size() + " entries but the archive reads as " + entries.size());
            }
            List<Path> destinations = new ArrayList<>(entries.size());
            Set<Path> seen = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                String name = entries.get(i).getName();
                if (!name.equals(directory.get(i).name())) {
                    throw new PluginRejectedException("not a valid zip: entry " + i + " is named '" + name
                        + "' in one place and '" + directory.get(i).name() + "' in another");
                }
                if (directory.get(i).symlink()) {
                    throw unsafe(name, "is a symbolic link; plugin zips may hold only files and directories");
                }
                Path destination = destination(target, name);
                if (!seen.add(destination)) {
                    throw unsafe(name, "appears more than once (duplicate entry names)");
                }
                destinations.add(destination);
            }
            long budget = limits.maxTotalBytes();
            for (int i = 0; i < entries.size(); i++) {
                budget -= write(archive, entries.get(i), destinations.get(i), budget);
            }
        }
    }

    private ZipFile openZip(Path zip) throws PluginRejectedException {
        try {
            return new ZipFile(zip.toFile());
        } catch (IOException e) {
            throw new PluginRejectedException("not a valid zip (" + PluginRejectedException.describe(e)
                + "): the file is corrupt or truncated; rebuild it");
        }
    }

    private List<ZipEntry> listEntries(ZipFile archive) throws PluginRejectedException {
        List<ZipEntry> entries = new ArrayList<>();
        for (ZipEntry entry : Collections.list(archive.entries())) {
            entries.add(entry);
            if (entries.size() > limits.maxEntries()) {
                throw ZipCentralDirectory.tooManyEntries(archive.size(), limits.maxEntries());
            }
        }
        return entries;
    }

    private static Path destination(Path target, String name) throws PluginRejectedException {
        if (name.isEmpty()) {
            throw unsafe(name, "has an empty name");
        }
        if (name.indexOf('\\') >= 0) {
            throw unsafe(name, "contains a backslash");
        }
        if (name.indexOf('\0') >= 0) {
            throw unsafe(name, "contains a NUL character");
        }
        if (name.startsWith("/")) {
            throw unsafe(name, "is an absolute path");
        }
        if (DRIVE_LETTER.matcher(name).matches()) {
            throw unsafe(name, "starts with a drive letter");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw unsafe(name, "has a '..' path segment");
            }
        }
        Path resolved = target.resolve(name).normalize();
        if (!resolved.startsWith(target) || resolved.equals(target)) {
            throw unsafe(name, "resolves outside the plugin directory");
        }
        return resolved;
    }

    /** @return the bytes written */
    private long write(ZipFile archive, ZipEntry entry, Path destination, long budget)
        throws IOException, PluginRejectedException {
        if (entry.isDirectory()) {
            Files.createDirectories(destination);
            return 0;
        }
        Files.createDirectories(destination.getParent());
        long written = 0;
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = archive.getInputStream(entry);
             OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW,
                 StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (written + n > budget) {
                    throw new PluginRejectedException("zip expands to more than " + limits.maxTotalBytes()
                        + " bytes (limit reached while writing '" + entry.getName() + "'): refusing a possible zip bomb");
                }
                out.write(buffer, 0, n);
                crc.update(buffer, 0, n);
                written += n;
            }
        } catch (ZipException | EOFException e) {
            throw new PluginRejectedException("zip entry '" + entry.getName() + "' is corrupt ("
                + PluginRejectedException.describe(e) + "): rebuild the archive");
        }
        if ((entry.getSize() >= 0 && entry.getSize() != written)
            || (entry.getCrc() >= 0 && entry.getCrc() != crc.getValue())) {
            throw new PluginRejectedException("zip entry '" + entry.getName()
                + "' is corrupt (size or CRC does not match the header): rebuild the archive");
        }
        return written;
    }

    private static PluginRejectedException unsafe(String name, String why) {
        return new PluginRejectedException("unsafe zip entry '" + name + "': " + why + "; the archive was not unpacked");
    }

    private static String directoryPrefix(Path zip) {
        String fileName = zip.getFileName().toString();
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".zip")
            ? fileName.substring(0, fileName.length() - 4) : fileName;
        return UNSAFE_DIRECTORY_CHARS.matcher(stem).replaceAll("_") + "-";
    }

    /** Deletes a tree without following symbolic links; best effort, never throws. */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LoggerFactory.getLogger(PluginZipExtractor.class).warn("could not remove {}: {}", root, PluginRejectedException.describe(e));
        }
    }
}
