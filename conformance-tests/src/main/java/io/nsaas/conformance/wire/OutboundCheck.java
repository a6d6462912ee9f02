package io.nsaas.conformance.wire;

import io.nsaas.spi.InternetChecksum;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks the headers of a packet the stack under test sent before the interpreter compares its fields:
 * the stack is hostile input too. An IPv4 header (RFC 791 3.1: version 4, IHL at least 5 words and within
 * the packet, total length equal to the bytes sent, protocol TCP, a correct header checksum) and a TCP
 * header (RFC 9293 3.1: data offset at least 5 words and within the segment, a correct checksum over the
 * pseudo-header, header and payload; the sender MUST generate it, MUST-2).
 *
 * <p>Checksums are verified the way a receiver does (the one's complement sum over the covered bytes,
 * checksum field included, folds to zero), so 0x0000 and 0xFFFF are both accepted where they are
 * equivalent. The message of a bad checksum also gives the value that was expected.
 */
final class OutboundCheck {
    /** The IPv4 header checksum field, at offset 10 (RFC 791 3.1). */
    private static final int IP_CHECKSUM = 10;
    /** The TCP checksum field, at offset 16 of the TCP header (RFC 9293 3.1). */
    private static final int TCP_CHECKSUM = 16;
    private static final int MIN_HEADER = 20;
    private static final int PROTOCOL_TCP = 6;

    private OutboundCheck() {
    }

    /**
     * @param ipv4 the packet as the stack sent it
     * @return what is wrong with its IPv4 or TCP header, one line (e.g. {@code bad TCP checksum 0x1234
     *     (expected 0xabcd)}); null when both headers are well formed and both checksums are right
     */
    static String problem(byte[] ipv4) {
        if (ipv4.length < MIN_HEADER) {
            return "only " + ipv4.length + " bytes, shorter than an IPv4 header (20)";
        }
        int version = ipv4[0] >> 4 & 0xF;
        if (version != 4) {
            return "IP version " + version + ", not 4";
        }
        int ihl = (ipv4[0] & 0xF) * 4;
        if (ihl < MIN_HEADER) {
            return "IPv4 header length (IHL) " + ihl + " bytes, below the minimum 20";
        }
        UnsafeBuffer buffer = new UnsafeBuffer(ipv4);
        int total = buffer.getShort(2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (total != ipv4.length) {
            return "IPv4 total length " + total + " but " + ipv4.length + " bytes sent";
        }
        if (total < ihl + MIN_HEADER) {
            return "IPv4 total length " + total + " leaves no room for a TCP header after the " + ihl + "-byte IPv4 header";
        }
        int protocol = ipv4[9] & 0xFF;
        if (protocol != PROTOCOL_TCP) {
            return "IP protocol " + protocol + ", not TCP (6)";
        }
        int tcpLength = total - ihl;
        int dataOffset = (ipv4[ihl + 12] >> 4 & 0xF) * 4;
        if (dataOffset < MIN_HEADER || dataOffset > tcpLength) {
            return "TCP data offset " + dataOffset + " bytes, outside 20.." + Math.min(60, tcpLength) + " (the segment has "
                + tcpLength + " bytes)";
        }
        String ip = checksumProblem("IPv4 header", buffer, 0, ihl, IP_CHECKSUM, 0);
        if (ip != null) {
            return ip;
        }
        long pseudo = WirePacket.pseudoHeaderSum(buffer.getInt(12, ByteOrder.BIG_ENDIAN), buffer.getInt(16, ByteOrder.BIG_ENDIAN),
            tcpLength);
        return checksumProblem("TCP", buffer, ihl, tcpLength, ihl + TCP_CHECKSUM, pseudo);
    }

    /** @return null when the checksum over {@code length} bytes at {@code offset} (field at {@code field}) is right */
    private static String checksumProblem(String what, UnsafeBuffer buffer, int offset, int length, int field, long partial) {
        if (InternetChecksum.fold(InternetChecksum.sum(buffer, offset, length, partial)) == 0) {
            return null;
        }
        long before = InternetChecksum.sum(buffer, offset, field - offset, partial);
        int expected = InternetChecksum.fold(InternetChecksum.sum(buffer, field + 2, offset + length - field - 2, before));
        int actual = buffer.getShort(field, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return String.format(java.util.Locale.ROOT, "bad %s checksum 0x%04x (expected 0x%04x)", what, actual, expected);
    }
}
