package io.nsaas.host.perf;

import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * The deterministic pseudo-random byte stream {@code nsaas perf} sends, so that any other tool can
 * produce the same bytes and check the SHA-256 a run prints.
 *
 * <p><b>Definition.</b> A 64-bit xorshift64* generator (Vigna, "An experimental exploration of
 * Marsaglia's xorshift generators, scrambled", 2016) whose state starts at the seed (any non-zero
 * 64-bit value; the default is {@value #DEFAULT_SEED}). Each step, on unsigned 64-bit arithmetic:
 * <pre>
 *   x ^= x &gt;&gt; 12;  x ^= x &lt;&lt; 25;  x ^= x &gt;&gt; 27;
 *   word = x * 0x2545F4914F6CDD1D   (mod 2^64)
 * </pre>
 * The stream is the words' bytes, each word little-endian, one after the other; a run of N bytes
 * sends the stream's first N bytes. With seed 1 it begins
 * {@code 1d dd 6c 89 4b ce e4 47 1d 65 79 e0 a8 a6 cf ab}. In Python:
 * <pre>
 *   x = seed; out = b""
 *   while len(out) &lt; n:
 *       x ^= x &gt;&gt; 12; x ^= (x &lt;&lt; 25) &amp; 2**64-1; x ^= x &gt;&gt; 27
 *       out += ((x * 0x2545F4914F6CDD1D) % 2**64).to_bytes(8, "little")
 *   out = out[:n]
 * </pre>
 *
 * <p>Threading: not thread-safe; one sender owns it. {@link #fill} does not allocate.
 */
public final class PerfStream {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1;

    /** The block size senders fill and send from: 64 KiB, a multiple of the 8-byte word. */
    public static final int BLOCK_BYTES = 64 * 1024;

    private static final long MULTIPLIER = 0x2545F4914F6CDD1DL;

    private long state;

    /**
     * @param seed the generator's initial state; any value except 0
     * @throws IllegalArgumentException when the seed is 0 (xorshift would emit zeros forever)
     */
    public PerfStream(long seed) {
        if (seed == 0) {
            throw new IllegalArgumentException("seed 0 makes xorshift64* emit only zeros; use any other 64-bit value");
        }
        this.state = seed;
    }

    /** @return the next 64-bit word of the stream */
    public long nextWord() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * MULTIPLIER;
    }

    /**
     * Writes the next {@code length} bytes of the stream at {@code offset}.
     *
     * @param length a multiple of 8, so the next call continues the stream seamlessly
     * @throws IllegalArgumentException when {@code length} is negative or not a multiple of 8
     */
    public void fill(MutableDirectBuffer buffer, int offset, int length) {
        if (length < 0 || (length & 7) != 0) {
            throw new IllegalArgumentException("fill length " + length + " must be a non-negative multiple of 8");
        }
        for (int i = 0; i < length; i += 8) {
            buffer.putLong(offset + i, nextWord(), ByteOrder.LITTLE_ENDIAN);
        }
    }
}
