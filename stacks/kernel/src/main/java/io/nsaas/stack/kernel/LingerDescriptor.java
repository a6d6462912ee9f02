package io.nsaas.stack.kernel;

import java.nio.ByteOrder;
import io.nsaas.spi.SocketOption;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Linux {@code struct linger} (8 bytes, host byte order), the value of {@code SO_LINGER}; the SPI
 * carries it as {@link SocketOption#linger(boolean, int)}.
 *
 * <pre>
 *  +-----------------------+-----------------------+
 *  |   l_onoff (int, 0/1)  |  l_linger (int, secs) |
 *  +-----------------------+-----------------------+
 *  0                       4                       8
 * </pre>
 */
final class LingerDescriptor {
    static final int ONOFF_OFFSET = 0;
    static final int LINGER_OFFSET = 4;
    static final int LENGTH = 8;

    private LingerDescriptor() {
    }

    /**
     * @return whether {@code value} is a valid SPI linger value: high word 0 or 1, seconds 0..2^31-1
     */
    static boolean isValid(long value) {
        long onoff = value >>> 32;
        long seconds = value & 0xFFFF_FFFFL;
        return (onoff == 0 || onoff == 1) && seconds <= Integer.MAX_VALUE;
    }

    /** Writes the struct for an SPI linger value. */
    static void write(MutableDirectBuffer buffer, int offset, long value) {
        buffer.putInt(offset + ONOFF_OFFSET, SocketOption.lingerOn(value) ? 1 : 0, ByteOrder.nativeOrder());
        buffer.putInt(offset + LINGER_OFFSET, SocketOption.lingerSeconds(value), ByteOrder.nativeOrder());
    }

    /** @return the SPI linger value of the struct at {@code offset} */
    static long read(DirectBuffer buffer, int offset) {
        int onoff = buffer.getInt(offset + ONOFF_OFFSET, ByteOrder.nativeOrder());
        int seconds = buffer.getInt(offset + LINGER_OFFSET, ByteOrder.nativeOrder());
        return SocketOption.linger(onoff != 0, Math.max(0, seconds));
    }
}
