package io.nsaas.host.fabric.tun;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Linux {@code struct ifreq} ({@code linux/if.h}) as {@code TUNSETIFF} and {@code SIOCGIFMTU} use
 * it: the interface name, then a union of which these calls read a short (flags) or an int (MTU).
 * Native byte order; 40 bytes on 64-bit Linux.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    ifr_name bytes 0..3                        |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    ifr_name bytes 4..7                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    ifr_name bytes 8..11                       |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   ifr_name bytes 12..15 (IFNAMSIZ 16, NUL-terminated: <= 15)  | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ifr_flags (TUNSETIFF), short  |                               | 16
 *  +- - - - - - - - - - - - - - - - +- - - - - - - - - - - - - - - -+
 *  |  or ifr_mtu (SIOCGIFMTU), an int at the same offset           | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          rest of the union, unused here (bytes 20..39)        | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Stateless.
 */
final class IfreqDescriptor {
    /** {@code IFNAMSIZ}: the name field, including its terminating NUL. */
    static final int NAME_SIZE = 16;
    /** The longest interface name the kernel takes, in bytes. */
    static final int MAX_NAME_BYTES = NAME_SIZE - 1;
    static final int NAME_OFFSET = 0;
    static final int FLAGS_OFFSET = 16;
    static final int MTU_OFFSET = 16;
    static final int LENGTH = 40;

    private IfreqDescriptor() {
    }

    /** Zeroes the struct and writes {@code name} (already validated to fit) and {@code flags}. */
    static void writeNameAndFlags(MutableDirectBuffer buffer, int offset, byte[] name, short flags) {
        buffer.setMemory(offset, LENGTH, (byte) 0);
        buffer.putBytes(offset + NAME_OFFSET, name);
        buffer.putShort(offset + FLAGS_OFFSET, flags, ByteOrder.nativeOrder());
    }

    /** Zeroes the struct and writes {@code name}, as a query such as {@code SIOCGIFMTU} needs. */
    static void writeName(MutableDirectBuffer buffer, int offset, byte[] name) {
        writeNameAndFlags(buffer, offset, name, (short) 0);
    }

    /** @return the name up to its NUL (the kernel writes the final name back after TUNSETIFF) */
    static String name(DirectBuffer buffer, int offset) {
        int length = 0;
        while (length < MAX_NAME_BYTES && buffer.getByte(offset + NAME_OFFSET + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        buffer.getBytes(offset + NAME_OFFSET, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** @return {@code ifr_mtu} */
    static int mtu(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset + MTU_OFFSET, ByteOrder.nativeOrder());
    }
}
