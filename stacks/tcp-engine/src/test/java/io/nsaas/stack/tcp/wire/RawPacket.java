package io.nsaas.stack.tcp.wire;

import io.nsaas.spi.Endpoint;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds IPv4/TCP packets byte by byte from the RFC 791 3.1 and RFC 9293 3.1 layouts, with
 * checksums computed here on plain byte arrays, independently of the code under test. Each field
 * can be set to a wrong value to craft malformed packets.
 */
final class RawPacket {
    static final int A = Endpoint.parseAddress("10.0.0.1");
    static final int B = Endpoint.parseAddress("10.0.0.2");

    int versionIhl = 0x45;
    int tos;
    int totalLength = -1; // -1: the real length
    int identification;
    int flagsFragment = 0x4000;
    int ttl = 64;
    int protocol = 6;
    int source = A;
    int destination = B;
    int sourcePort = 40000;
    int destinationPort = 80;
    int seq = 1000;
    int ack = 2000;
    int dataOffsetWords = -1; // -1: 5 + options/4
    int flags = TcpFlags.ACK;
    int window = 65535;
    int urgentPointer;
    byte[] options = new byte[0];
    byte[] payload = new byte[0];

    RawPacket options(int... bytes) {
        options = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            options[i] = (byte) bytes[i];
        }
        return this;
    }

    RawPacket payload(int length) {
        payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 7 + 3);
        }
        return this;
    }

    /** @return the packet with correct checksums (for the fields as set) */
    byte[] bytes() {
        int ipHeader = 20;
        int tcpLength = 20 + options.length + payload.length;
        byte[] p = new byte[ipHeader + tcpLength];
        p[0] = (byte) versionIhl;
        p[1] = (byte) tos;
        put16(p, 2, totalLength < 0 ? p.length : totalLength);
        put16(p, 4, identification);
        put16(p, 6, flagsFragment);
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        put32(p, 12, source);
        put32(p, 16, destination);
        put16(p, 20, sourcePort);
        put16(p, 22, destinationPort);
        put32(p, 24, seq);
        put32(p, 28, ack);
        p[32] = (byte) ((dataOffsetWords < 0 ? 5 + options.length / 4 : dataOffsetWords) << 4);
        p[33] = (byte) flags;
        put16(p, 34, window);
        put16(p, 38, urgentPointer);
        System.arraycopy(options, 0, p, 40, options.length);
        System.arraycopy(payload, 0, p, 40 + options.length, payload.length);
        put16(p, 10, checksum(p, 0, ipHeader, 0));
        put16(p, 36, checksum(p, 20, tcpLength, pseudoHeaderSum(source, destination, tcpLength)));
        return p;
    }

    UnsafeBuffer buffer() {
        return new UnsafeBuffer(bytes());
    }

    static void put16(byte[] p, int at, int value) {
        p[at] = (byte) (value >>> 8);
        p[at + 1] = (byte) value;
    }

    static void put32(byte[] p, int at, int value) {
        put16(p, at, value >>> 16);
        put16(p, at + 2, value);
    }

    static int get16(byte[] p, int at) {
        return (p[at] & 0xFF) << 8 | (p[at + 1] & 0xFF);
    }

    static int pseudoHeaderSum(int source, int destination, int tcpLength) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) + 6 + tcpLength;
    }

    /** RFC 1071 done the plain way: 16-bit big-endian words, odd byte padded, end-around carry. */
    static int checksum(byte[] p, int offset, int length, int initial) {
        long sum = initial & 0xFFFF_FFFFL;
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        for (int i = 0; i < length; i += 2) {
            int hi = p[offset + i] & 0xFF;
            int lo = i + 1 < length ? p[offset + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
            if (sum > 0xFFFF) {
                sum = (sum & 0xFFFF) + 1;
            }
        }
        return (int) (~sum & 0xFFFF);
    }

    /**
     * Recomputes whatever checksums the (possibly mangled) packet's own length fields make
     * computable within {@code length} bytes at {@code offset}.
     */
    static void fixChecksums(byte[] p, int offset, int length) {
        if (length < 20) {
            return;
        }
        int ihl = (p[offset] & 0xF) * 4;
        if (ihl < 20 || ihl > length) {
            return;
        }
        p[offset + 10] = 0;
        p[offset + 11] = 0;
        put16(p, offset + 10, checksum(p, offset, ihl, 0));
        int total = Math.min(get16(p, offset + 2), length);
        int tcpLength = total - ihl;
        if (tcpLength < 18) {
            return;
        }
        int tcp = offset + ihl;
        p[tcp + 16] = 0;
        p[tcp + 17] = 0;
        int source = (int) getU32(p, offset + 12);
        int destination = (int) getU32(p, offset + 16);
        put16(p, tcp + 16, checksum(p, tcp, tcpLength, pseudoHeaderSum(source, destination, tcpLength)));
    }

    static long getU32(byte[] p, int at) {
        return ((long) get16(p, at) << 16) | get16(p, at + 2);
    }

    static String hex(byte[] p) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < p.length; i++) {
            text.append(String.format("%02x", p[i] & 0xFF)).append(i % 16 == 15 ? "\n" : " ");
        }
        return text.toString();
    }

    static byte[] copy(UnsafeBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
