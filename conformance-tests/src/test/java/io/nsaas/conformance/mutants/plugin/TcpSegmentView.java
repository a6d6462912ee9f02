package io.nsaas.conformance.mutants.plugin;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Reads the few fields of an IPv4/TCP packet the mutants look at. Offsets per RFC 791 section 3.1
 * and RFC 9293 section 3.1. Every method returns -1 (or false) for a packet that is not a complete
 * IPv4 TCP header, so a mutant never throws on hostile input.
 */
final class TcpSegmentView {
    static final int FLAG_FIN = 0x01;
    static final int FLAG_SYN = 0x02;
    static final int FLAG_RST = 0x04;
    private static final int PROTOCOL_TCP = 6;

    private TcpSegmentView() {
    }

    /** @return the offset of the TCP header within the buffer, or -1 when this is not IPv4 TCP with a full header */
    static int tcpOffset(DirectBuffer packet, int offset, int length) {
        if (length < 20 || (packet.getByte(offset) & 0xF0) != 0x40 || (packet.getByte(offset + 9) & 0xFF) != PROTOCOL_TCP) {
            return -1;
        }
        int ihl = (packet.getByte(offset) & 0x0F) * 4;
        return ihl >= 20 && length >= ihl + 20 ? offset + ihl : -1;
    }

    static int flags(DirectBuffer packet, int tcp) {
        return packet.getByte(tcp + 13) & 0xFF;
    }

    /** @return the two ports packed as {@code src << 16 | dst} */
    static int ports(DirectBuffer packet, int tcp) {
        return packet.getInt(tcp, ByteOrder.BIG_ENDIAN);
    }

    static long sequence(DirectBuffer packet, int tcp) {
        return packet.getInt(tcp + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return the payload length, from the IPv4 total length and both header lengths */
    static int payloadLength(DirectBuffer packet, int offset, int tcp) {
        int total = packet.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int dataOffset = ((packet.getByte(tcp + 12) & 0xF0) >> 4) * 4;
        return Math.max(0, total - (tcp - offset) - dataOffset);
    }

    /** @return the offset of the TCP checksum field */
    static int checksumOffset(int tcp) {
        return tcp + 16;
    }
}
