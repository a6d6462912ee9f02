package io.nsaas.host.perf.toystack;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The toy stack's packet: an IPv4 header (protocol 253, RFC 3692 experimentation) and a 16-byte toy header.
 *
 * <pre>
 *   0                   1                   2                   3
 *   +-------------------------------------------------------------+
 *   |                 IPv4 header, 20 bytes, no options             |
 *   +---------------+---------------+-------------------------------+
 *   |     type      |       0       |          source port          |
 *   +---------------+---------------+-------------------------------+
 *   |       destination port        |               0               |
 *   +-------------------------------+-------------------------------+
 *   |    value (64 bits): DATA stream offset, CREDIT window edge     |
 *   +---------------------------------------------------------------+
 *   |                           payload ...                         |
 * </pre>
 */
final class ToyPacket {
    static final int SYN = 1;
    static final int SYN_ACK = 2;
    static final int DATA = 3;
    static final int FIN = 4;
    static final int RST = 5;
    static final int CREDIT = 6;

    static final int PROTOCOL = 253;
    static final int IP_HEADER = 20;
    static final int TYPE = IP_HEADER;
    static final int SOURCE_PORT = IP_HEADER + 2;
    static final int DESTINATION_PORT = IP_HEADER + 4;
    static final int VALUE = IP_HEADER + 8;
    static final int HEADER = IP_HEADER + 16;
    static final int MAX_PAYLOAD = 1400;

    private ToyPacket() {
    }

    /** Writes both headers at 0 (the payload, if any, is already at {@link #HEADER}). @return the packet length */
    static int write(MutableDirectBuffer out, int source, int destination, int type, int sourcePort,
                     int destinationPort, long value, int payload) {
        int total = HEADER + payload;
        out.putByte(0, (byte) 0x45);
        out.putByte(1, (byte) 0);
        out.putShort(2, (short) total, ByteOrder.BIG_ENDIAN);
        out.putInt(4, 0x0000_4000, ByteOrder.BIG_ENDIAN); // id 0, don't fragment
        out.putByte(8, (byte) 64);
        out.putByte(9, (byte) PROTOCOL);
        out.putShort(10, (short) 0);
        out.putInt(12, source, ByteOrder.BIG_ENDIAN);
        out.putInt(16, destination, ByteOrder.BIG_ENDIAN);
        out.putShort(10, (short) checksum(out), ByteOrder.BIG_ENDIAN);
        out.putByte(TYPE, (byte) type);
        out.putByte(TYPE + 1, (byte) 0);
        out.putShort(SOURCE_PORT, (short) sourcePort, ByteOrder.BIG_ENDIAN);
        out.putShort(DESTINATION_PORT, (short) destinationPort, ByteOrder.BIG_ENDIAN);
        out.putShort(DESTINATION_PORT + 2, (short) 0);
        out.putLong(VALUE, value, ByteOrder.BIG_ENDIAN);
        return total;
    }

    /** RFC 791 header checksum: ones' complement of the ones' complement sum of the 16-bit words. */
    private static int checksum(DirectBuffer header) {
        int sum = 0;
        for (int i = 0; i < IP_HEADER; i += 2) {
            sum += header.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
