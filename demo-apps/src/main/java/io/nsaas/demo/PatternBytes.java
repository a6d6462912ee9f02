package io.nsaas.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic payload of the demo programs: byte {@code p} of the stream is byte {@code p % 8}
 * (little-endian) of splitmix64 of {@code p / 8}. Both ends generate it independently, so a receiver
 * can check what it got (SHA-256) without the sender telling it.
 */
public final class PatternBytes {

    /** Bytes written or hashed per step. */
    static final int CHUNK = 64 * 1024;

    private PatternBytes() {
    }

    /** Fills {@code dst[off, off + len)} with the stream's bytes from {@code position} on. */
    public static void fill(byte[] dst, int off, int len, long position) {
        for (int i = 0; i < len; i++) {
            long p = position + i;
            dst[off + i] = (byte) (mix(p >>> 3) >>> ((p & 7) * 8));
        }
    }

    /** @return the SHA-256 of the first {@code length} bytes of the stream */
    public static byte[] sha256(long length) {
        MessageDigest digest = newSha256();
        byte[] chunk = new byte[CHUNK];
        for (long position = 0; position < length; position += CHUNK) {
            int n = (int) Math.min(CHUNK, length - position);
            fill(chunk, 0, n, position);
            digest.update(chunk, 0, n);
        }
        return digest.digest();
    }

    /** Writes the first {@code length} bytes of the stream to {@code out} (does not flush or close). */
    public static void write(OutputStream out, long length) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (long position = 0; position < length; position += CHUNK) {
            int n = (int) Math.min(CHUNK, length - position);
            fill(chunk, 0, n, position);
            out.write(chunk, 0, n);
        }
    }

    /** @return an input stream of the first {@code length} bytes of the stream */
    public static InputStream stream(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                fill(b, off, n, position);
                position += n;
                return n;
            }
        };
    }

    /** @return a new SHA-256 digest (every JDK has one) */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** @return the lower-case hex form of {@code bytes} */
    public static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }

    /** splitmix64's finalizer over the word index: every word differs, no period within 2^64 words. */
    private static long mix(long word) {
        long z = word * 0x9E3779B97F4A7C15L + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
