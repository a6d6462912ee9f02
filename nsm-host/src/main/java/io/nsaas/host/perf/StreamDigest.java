package io.nsaas.host.perf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.agrona.DirectBuffer;

/**
 * An incremental SHA-256 over the bytes of one connection. Bytes in a heap buffer are hashed in
 * place; bytes anywhere else go through one reused scratch array, so updating never allocates.
 *
 * <p>Threading: not thread-safe; owned by the connection's NSM thread.
 */
public final class StreamDigest {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final MessageDigest sha256;
    private final byte[] scratch;

    /** @param scratchBytes size of the copy area for off-heap buffers */
    public StreamDigest(int scratchBytes) {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256, which every Java SE platform must provide", e);
        }
        this.scratch = new byte[scratchBytes];
    }

    /** Adds {@code length} bytes of {@code buffer} from {@code offset}. */
    public void update(DirectBuffer buffer, int offset, int length) {
        byte[] array = buffer.byteArray();
        if (array != null) {
            sha256.update(array, buffer.wrapAdjustment() + offset, length);
            return;
        }
        for (int done = 0; done < length; ) {
            int chunk = Math.min(scratch.length, length - done);
            buffer.getBytes(offset + done, scratch, 0, chunk);
            sha256.update(scratch, 0, chunk);
            done += chunk;
        }
    }

    /** @return the lower-case hex SHA-256 of everything added since the last reset; resets */
    public String finishHex() {
        return hex(sha256.digest());
    }

    /** Forgets everything added. */
    public void reset() {
        sha256.reset();
    }

    /** @return lower-case hex of {@code bytes} */
    public static String hex(byte[] bytes) {
        char[] text = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            text[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            text[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(text);
    }
}
