package io.nsaas.host.fabric;

import io.nsaas.spi.InternetChecksum;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * The IPv4 header (RFC 791 section 3.1), network byte order; the fields the fabric reads.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |Type of Service|          Total Length         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |Flags|      Fragment Offset    |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL > 5)                          | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Addresses are read as big-endian ints, as {@link io.nsaas.spi.Endpoint} packs them.
 * Stateless; all methods are allocation-free.
 */
public final class Ipv4HeaderDescriptor {
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int IDENTIFICATION_OFFSET = 4;
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;
    /** Header length without options. */
    public static final int MIN_HEADER_LENGTH = 20;
    /** The largest total length the 16-bit field can state. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF;

    private Ipv4HeaderDescriptor() {
    }

    /** @return the version nibble */
    public static int version(DirectBuffer buffer, int offset) {
        return (buffer.getByte(offset + VERSION_IHL_OFFSET) >>> 4) & 0xF;
    }

    /** @return the header length in bytes (IHL * 4) */
    public static int headerLength(DirectBuffer buffer, int offset) {
        return (buffer.getByte(offset + VERSION_IHL_OFFSET) & 0xF) * 4;
    }

    /** @return the total length field in bytes */
    public static int totalLength(DirectBuffer buffer, int offset) {
        return buffer.getShort(offset + TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return the protocol number (6 is TCP) */
    public static int protocol(DirectBuffer buffer, int offset) {
        return buffer.getByte(offset + PROTOCOL_OFFSET) & 0xFF;
    }

    /** @return the source address */
    public static int source(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return the destination address */
    public static int destination(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * The 16-bit one's complement of the one's complement sum of {@code length} bytes (RFC 1071).
     * Over a header whose checksum field is filled in correctly the result is 0.
     */
    public static int checksum(DirectBuffer buffer, int offset, int length) {
        return InternetChecksum.fold(InternetChecksum.sum(buffer, offset, length, 0));
    }

    /**
     * Checks that {@code length} bytes at {@code offset} hold a well-formed IPv4 header whose total
     * length fits in them. Never throws for any bytes or range.
     *
     * @return null when the header is usable, otherwise why it is not
     */
    public static DropReason validate(DirectBuffer buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            return DropReason.BAD_BUFFER_RANGE;
        }
        if (length < MIN_HEADER_LENGTH) {
            return DropReason.TRUNCATED;
        }
        if (version(buffer, offset) != 4) {
            return DropReason.BAD_VERSION;
        }
        int headerLength = headerLength(buffer, offset);
        if (headerLength < MIN_HEADER_LENGTH) {
            return DropReason.BAD_HEADER_LENGTH;
        }
        if (headerLength > length) {
            return DropReason.TRUNCATED;
        }
        int totalLength = totalLength(buffer, offset);
        if (totalLength < headerLength) {
            return DropReason.BAD_TOTAL_LENGTH;
        }
        if (totalLength > length) {
            return DropReason.TRUNCATED;
        }
        if (checksum(buffer, offset, headerLength) != 0) {
            return DropReason.BAD_CHECKSUM;
        }
        return null;
    }
}
