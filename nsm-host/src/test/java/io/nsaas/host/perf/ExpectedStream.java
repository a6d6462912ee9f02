package io.nsaas.host.perf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.agrona.concurrent.UnsafeBuffer;

/** The perf stream as tests expect it, made with {@link PerfStream} and the JDK's SHA-256 directly. */
public final class ExpectedStream {

    private ExpectedStream() {
    }

    /** @return the first {@code n} bytes of the stream of {@code seed} */
    public static byte[] bytes(int n, long seed) {
        byte[] words = new byte[(n + 7) & ~7];
        new PerfStream(seed).fill(new UnsafeBuffer(words), 0, words.length);
        byte[] out = new byte[n];
        System.arraycopy(words, 0, out, 0, n);
        return out;
    }

    /** @return the hex SHA-256 of the first {@code n} bytes of the stream of {@code seed} */
    public static String sha256(int n, long seed) {
        try {
            return StreamDigest.hex(MessageDigest.getInstance("SHA-256").digest(bytes(n, seed)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
