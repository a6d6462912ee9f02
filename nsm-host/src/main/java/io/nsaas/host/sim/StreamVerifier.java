package io.nsaas.host.sim;

import io.nsaas.host.perf.PerfStream;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks received bytes against the {@link PerfStream} the sender generates from the same seed:
 * regenerates the stream one 64 KiB block at a time and compares in order, eight bytes at a time
 * where it can.
 *
 * <p>Threading: one receiver. Does not allocate after construction.
 */
final class StreamVerifier {
    /** What {@link #firstMismatch()} returns while every byte matched. */
    static final long NO_MISMATCH = -1;

    private final PerfStream stream;
    private final UnsafeBuffer expected = new UnsafeBuffer(new byte[PerfStream.BLOCK_BYTES]);
    private int expectedOffset = PerfStream.BLOCK_BYTES;
    private long verified;
    private long firstMismatch = NO_MISMATCH;

    StreamVerifier(long seed) {
        this.stream = new PerfStream(seed);
    }

    /** Compares the next {@code length} bytes of the stream with {@code received}. */
    void check(DirectBuffer received, int offset, int length) {
        int done = 0;
        while (done < length) {
            if (expectedOffset == PerfStream.BLOCK_BYTES) {
                stream.fill(expected, 0, PerfStream.BLOCK_BYTES);
                expectedOffset = 0;
            }
            int n = Math.min(length - done, PerfStream.BLOCK_BYTES - expectedOffset);
            if (firstMismatch == NO_MISMATCH) {
                int at = mismatch(received, offset + done, expectedOffset, n);
                if (at >= 0) {
                    firstMismatch = verified + at;
                }
            }
            expectedOffset += n;
            done += n;
            verified += n;
        }
    }

    /** @return the index within the range of the first differing byte, or -1 */
    private int mismatch(DirectBuffer received, int offset, int at, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (received.getLong(offset + i, ByteOrder.LITTLE_ENDIAN) != expected.getLong(at + i, ByteOrder.LITTLE_ENDIAN)) {
                break;
            }
        }
        for (; i < length; i++) {
            if (received.getByte(offset + i) != expected.getByte(at + i)) {
                return i;
            }
        }
        return -1;
    }

    /** @return bytes compared so far */
    long verified() {
        return verified;
    }

    /** @return the stream offset of the first byte that differed, or {@link #NO_MISMATCH} */
    long firstMismatch() {
        return firstMismatch;
    }
}
