package io.nsaas.host.plugin;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Edits a finished zip in place to make what {@link java.util.zip.ZipOutputStream} refuses to write:
 * symbolic-link entries and repeated names (APPNOTE.TXT 4.3.12 central directory header).
 */
final class ZipBytes {
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int UNIX_SYMLINK_MODE = 0120777;

    private ZipBytes() {
    }

    /** Marks the central-directory entry {@code name} as made on Unix with mode symlink. */
    static byte[] markSymlink(byte[] zip, String name) {
        byte[] copy = zip.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 46 <= copy.length; at++) {
            if (buffer.getInt(at) == CENTRAL_HEADER && (buffer.getShort(at + 28) & 0xFFFF) == wanted.length
                && Arrays.equals(copy, at + 46, at + 46 + wanted.length, wanted, 0, wanted.length)) {
                buffer.putShort(at + 4, (short) ((3 << 8) | 20));
                buffer.putInt(at + 38, UNIX_SYMLINK_MODE << 16);
                return copy;
            }
        }
        throw new IllegalArgumentException("no central directory entry " + name);
    }

    /** Renames every occurrence of {@code from} (local and central headers) to {@code to}, same length. */
    static byte[] replaceName(byte[] zip, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException("names must have the same length");
        }
        byte[] copy = zip.clone();
        int replaced = 0;
        for (int at = 0; at + a.length <= copy.length; at++) {
            if (Arrays.equals(copy, at, at + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, copy, at, b.length);
                replaced++;
            }
        }
        if (replaced != 2) {
            throw new IllegalArgumentException("expected " + from + " in one local and one central header, found "
                + replaced);
        }
        return copy;
    }
}
