package io.nsaas.stack.kernel;

import java.nio.ByteOrder;
import io.nsaas.spi.Endpoint;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Linux {@code struct sockaddr_in} (16 bytes). The family is in host byte order; port and address
 * are in network byte order (big-endian), which is also how {@link Endpoint} holds the address.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |   sin_family (AF_INET, host)  |     sin_port (big-endian)     |  0
 *  +-------------------------------+-------------------------------+
 *  |                   sin_addr (big-endian)                       |  4
 *  +---------------------------------------------------------------+
 *  |                   sin_zero (8 bytes, zero)                    |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class SockaddrInDescriptor {
    static final int FAMILY_OFFSET = 0;
    static final int PORT_OFFSET = 2;
    static final int ADDRESS_OFFSET = 4;
    static final int ZERO_OFFSET = 8;
    static final int LENGTH = 16;

    private SockaddrInDescriptor() {
    }

    /** Writes an IPv4 socket address at {@code offset}. */
    static void write(MutableDirectBuffer buffer, int offset, int address, int port) {
        buffer.putShort(offset + FAMILY_OFFSET, (short) LibC.AF_INET, ByteOrder.nativeOrder());
        buffer.putShort(offset + PORT_OFFSET, (short) port, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ADDRESS_OFFSET, address, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ZERO_OFFSET, 0L);
    }

    /** Writes an {@code AF_UNSPEC} address at {@code offset} (connect with it dissolves an association). */
    static void writeUnspecified(MutableDirectBuffer buffer, int offset) {
        write(buffer, offset, 0, 0);
        buffer.putShort(offset + FAMILY_OFFSET, (short) LibC.AF_UNSPEC, ByteOrder.nativeOrder());
    }

    /** @return the address and port at {@code offset} packed as an {@link Endpoint} */
    static long readEndpoint(DirectBuffer buffer, int offset) {
        int port = buffer.getShort(offset + PORT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int address = buffer.getInt(offset + ADDRESS_OFFSET, ByteOrder.BIG_ENDIAN);
        return Endpoint.pack(address, port);
    }

    /** @return the family field at {@code offset} */
    static int family(DirectBuffer buffer, int offset) {
        return buffer.getShort(offset + FAMILY_OFFSET, ByteOrder.nativeOrder()) & 0xFFFF;
    }
}
