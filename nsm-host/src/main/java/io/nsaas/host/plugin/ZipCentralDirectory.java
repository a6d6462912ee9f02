package io.nsaas.host.plugin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the central directory of a zip for what {@link java.util.zip.ZipFile} does not expose: the
 * Unix file type of each entry, so symbolic links can be refused (APPNOTE.TXT 4.3.12, 4.3.14-16).
 *
 * <pre>
 *  central directory header (little-endian)       end of central directory (EOCD)
 *   0  signature 0x02014b50                        0  signature 0x06054b50
 *   4  version made by (high byte 3 = Unix)        10 total entries            (0xFFFF: zip64)
 *  28  name length                                 12 central directory size   (0xFFFFFFFF: zip64)
 *  30  extra length                                16 central directory offset
 *  32  comment length                              20 comment length
 *  38  external attributes (Unix mode in high 16)
 *  46  name
 * </pre>
 *
 * <p>The directory is located as {@code ZipFile} does (its end minus its size), so archives with a
 * prefix read the same way. Only used after {@code ZipFile} opened the archive successfully.
 */
final class ZipCentralDirectory {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int EOCD_LENGTH = 22;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int HEADER_SIGNATURE = 0x02014b50;
    private static final int HEADER_LENGTH = 46;
    private static final int MADE_BY_UNIX = 3;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SYMLINK_TYPE = 0120000;

    /** One central directory record: the raw entry name and whether it is a Unix symbolic link. */
    record Entry(String name, boolean symlink) {
    }

    private ZipCentralDirectory() {
    }

    /**
     * @param maxEntries refuse archives declaring or holding more entries than this
     * @return the records in directory order
     */
    static List<Entry> read(Path zip, int maxEntries) throws IOException, PluginRejectedException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, EOCD_LENGTH + 0xFFFF + ZIP64_LOCATOR_LENGTH);
            ByteBuffer tail = readFully(channel, size - tailLength, tailLength);
            int eocd = findEndRecord(tail);
            long declaredEntries = tail.getShort(eocd + 10) & 0xFFFF;
            long directorySize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
            long directoryEnd = size - tailLength + eocd;
            if ((declaredEntries == 0xFFFF || directorySize == 0xFFFFFFFFL) && eocd >= ZIP64_LOCATOR_LENGTH
                && tail.getInt(eocd - ZIP64_LOCATOR_LENGTH) == ZIP64_LOCATOR_SIGNATURE) {
                long zip64End = tail.getLong(eocd - ZIP64_LOCATOR_LENGTH + 8);
                ByteBuffer record = readFully(channel, zip64End, 56);
                if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                    throw new PluginRejectedException("not a valid zip: broken zip64 end record");
                }
                declaredEntries = record.getLong(32);
                directorySize = record.getLong(40);
                directoryEnd = zip64End;
            }
            if (declaredEntries > maxEntries) {
                throw tooManyEntries(declaredEntries, maxEntries);
            }
            if (directorySize > directoryEnd) {
                throw new PluginRejectedException("not a valid zip: central directory larger than the file");
            }
            ByteBuffer directory = readFully(channel, directoryEnd - directorySize, (int) directorySize);
            return parse(directory, maxEntries);
        }
    }

    static PluginRejectedException tooManyEntries(long count, int maxEntries) {
        return new PluginRejectedException("zip holds " + count + " entries, more than the limit of "
            + maxEntries + ": refusing a possible zip bomb");
    }

    private static List<Entry> parse(ByteBuffer directory, int maxEntries) throws PluginRejectedException {
        List<Entry> entries = new ArrayList<>();
        int position = 0;
        while (position + HEADER_LENGTH <= directory.limit()
            && directory.getInt(position) == HEADER_SIGNATURE) {
            int madeBy = (directory.getShort(position + 4) & 0xFFFF) >>> 8;
            int nameLength = directory.getShort(position + 28) & 0xFFFF;
            int extraLength = directory.getShort(position + 30) & 0xFFFF;
            int commentLength = directory.getShort(position + 32) & 0xFFFF;
            int mode = directory.getInt(position + 38) >>> 16;
            if (position + HEADER_LENGTH + nameLength > directory.limit()) {
                throw new PluginRejectedException("not a valid zip: truncated central directory");
            }
            byte[] name = new byte[nameLength];
            directory.get(position + HEADER_LENGTH, name);
            boolean symlink = madeBy == MADE_BY_UNIX && (mode & FILE_TYPE_MASK) == SYMLINK_TYPE;
            entries.add(new Entry(new String(name, StandardCharsets.UTF_8), symlink));
            if (entries.size() > maxEntries) {
                throw tooManyEntries(entries.size(), maxEntries);
            }
            position += HEADER_LENGTH + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    private static int findEndRecord(ByteBuffer tail) throws PluginRejectedException {
        for (int at = tail.limit() - EOCD_LENGTH; at >= 0; at--) {
            if (tail.getInt(at) == EOCD_SIGNATURE) {
                return at;
            }
        }
        throw new PluginRejectedException("not a valid zip: end of central directory not found");
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }
}
