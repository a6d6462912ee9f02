package io.nsaas.spi;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of
 * the data taken as big-endian 16-bit words, used by IPv4 (RFC 791 3.1), TCP (RFC 9293 3.1) and UDP.
 *
 * <p>Checksums over several pieces (a pseudo-header, then a header, then a payload) are built by
 * chaining {@link #sum} calls through {@code partial} and calling {@link #fold} once at the end.
 * Every piece but the last must have an even length, since an odd byte is summed as the high
 * half of a word padded with zero (RFC 1071 section 1, step (1)).
 *
 * <p>Stateless and thread-safe; nothing allocates.
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /**
     * Adds {@code length} bytes at {@code offset} to a running one's complement sum, without
     * folding the carries (RFC 1071 section 2 (B): "deferred carries"; 32-bit words fold to the
     * same 16-bit result because 2^16 = 1 modulo 0xFFFF).
     *
     * @param partial the sum so far (0 to start; also a pseudo-header's words added by the caller)
     * @return the new unfolded sum; pass it to {@link #fold} for the checksum
     * @throws IllegalArgumentException when {@code length} is negative (a programming error)
     * @throws IndexOutOfBoundsException (from the buffer, when bounds checks are on) when the range
     *     lies outside the buffer
     */
    public static long sum(DirectBuffer buffer, int offset, int length, long partial) {
        if (length < 0) {
            throw new IllegalArgumentException("checksum length " + length + " is negative; pass the byte count to sum");
        }
        long sum = partial;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long word = buffer.getLong(i, ByteOrder.BIG_ENDIAN);
            sum += (word >>> 32) + (word & 0xFFFF_FFFFL);
        }
        if (i + 4 <= end) {
            sum += buffer.getInt(i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= end) {
            sum += buffer.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (i < end) {
            sum += (buffer.getByte(i) & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * Folds the carries of an unfolded sum into 16 bits and complements it (RFC 1071 section 1,
     * steps (2) and (3)).
     *
     * @return the checksum to write into the header field (0..0xFFFF); over data that already holds
     *     a correct checksum field the result is 0
     */
    public static int fold(long sum) {
        long folded = sum;
        while ((folded >>> 16) != 0) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) (~folded & 0xFFFF);
    }
}
