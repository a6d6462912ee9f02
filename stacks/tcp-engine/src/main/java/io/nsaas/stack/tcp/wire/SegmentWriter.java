package io.nsaas.stack.tcp.wire;

import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_MSS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_NOP;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_SACK;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_SACK_PERMITTED;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_TIMESTAMPS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_WINDOW_SCALE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_MSS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_SACK_BASE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_SACK_PERMITTED;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_TIMESTAMPS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_WINDOW_SCALE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.MAX_OPTIONS_LENGTH;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.MAX_WINDOW_SCALE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.SACK_BLOCK_LENGTH;

import io.nsaas.spi.InternetChecksum;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * Lays out an {@link OutgoingSegment} as an IPv4 packet: IPv4 header (RFC 791 3.1; IHL 5, TTL 64,
 * DF set, identification from a counter, ECN field from {@link OutgoingSegment#ecn} per RFC 3168 5,
 * header checksum per RFC 1071), TCP header (RFC 9293 3.1) with options (RFC 9293 3.2) in the
 * order Linux sends them, then the payload, and the TCP checksum over pseudo-header, header and
 * data.
 *
 * <p>Options, each group only when its field is set:
 * <pre>
 *  SYN:     MSS(4) | SACK_PERM(2) TS(10)  or  NOP NOP TS(10)  | NOP WS(3) | NOP NOP SACK_PERM(2) [without TS]
 *  others:  NOP NOP TS(10)
 *  both:    then NOP NOP SACK(2+8n), with as many blocks as fit in the 40 option bytes
 * </pre>
 * MSS, Window Scale and SACK-Permitted are written on SYN segments only (RFC 9293 3.7.1, RFC 7323
 * 2.2, RFC 2018 2); a window scale above 14 is written as 14 (RFC 7323 2.3). With Timestamps at
 * most 3 SACK blocks fit, without them 4 (RFC 2018 3).
 *
 * <p>Not thread-safe (the identification counter); one writer per sending thread. {@link #write}
 * does not allocate.
 */
public final class SegmentWriter {
    /** The largest IPv4 plus TCP header this writer produces: 20 + 60. */
    public static final int MAX_HEADERS = 20 + 60;

    private static final int NOP_NOP = KIND_NOP << 8 | KIND_NOP;

    private int identification;

    /**
     * Writes the packet at {@code offset} of {@code out}.
     *
     * @return the packet's total length, or -1 when it does not fit in {@code out} from
     *     {@code offset}, when it would exceed 65535 bytes, or when a payload length is given
     *     without a payload buffer (nothing is written then)
     */
    public int write(OutgoingSegment segment, MutableDirectBuffer out, int offset) {
        boolean syn = (segment.flags & TcpFlags.SYN) != 0;
        int fixedOptions = fixedOptionsLength(segment, syn);
        int sackBlocks = sackBlocksThatFit(segment.sackBlockCount, MAX_OPTIONS_LENGTH - fixedOptions);
        int optionsLength = fixedOptions + (sackBlocks > 0 ? 2 + LENGTH_SACK_BASE + sackBlocks * SACK_BLOCK_LENGTH : 0);
        int tcpHeaderLength = TcpHeaderDescriptor.MIN_LENGTH + optionsLength;
        int payloadLength = segment.payloadLength;
        int total = Ipv4HeaderDescriptor.MIN_LENGTH + tcpHeaderLength + payloadLength;
        if (payloadLength < 0 || (payloadLength > 0 && segment.payload == null)
            || total > Ipv4HeaderDescriptor.MAX_PACKET_LENGTH || offset < 0 || offset > out.capacity() - total) {
            return -1;
        }
        int tcp = offset + Ipv4HeaderDescriptor.MIN_LENGTH;
        writeIpHeader(segment, out, offset, total);
        writeTcpHeader(segment, out, tcp, tcpHeaderLength);
        int at = writeFixedOptions(segment, syn, out, tcp + TcpHeaderDescriptor.OPTIONS_OFFSET);
        writeSackBlocks(segment, sackBlocks, out, at);
        if (payloadLength > 0) {
            out.putBytes(tcp + tcpHeaderLength, segment.payload, segment.payloadOffset, payloadLength);
        }
        int tcpLength = tcpHeaderLength + payloadLength;
        int src = segment.sourceAddress;
        int dst = segment.destinationAddress;
        long pseudoHeader = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF)
            + TcpHeaderDescriptor.PROTOCOL + tcpLength;
        int checksum = InternetChecksum.fold(InternetChecksum.sum(out, tcp, tcpLength, pseudoHeader));
        out.putShort(tcp + TcpHeaderDescriptor.CHECKSUM_OFFSET, (short) checksum, ByteOrder.BIG_ENDIAN);
        return total;
    }

    private static int fixedOptionsLength(OutgoingSegment segment, boolean syn) {
        int length = segment.timestamp ? 2 + LENGTH_TIMESTAMPS : 0;
        if (syn) {
            length += segment.mss >= 0 ? LENGTH_MSS : 0;
            length += segment.windowScale >= 0 ? 1 + LENGTH_WINDOW_SCALE : 0;
            length += segment.sackPermitted && !segment.timestamp ? 2 + LENGTH_SACK_PERMITTED : 0;
        }
        return length;
    }

    /** RFC 2018 3: NOP NOP, kind, length, then 8 bytes a block, all within the 40 option bytes. */
    private static int sackBlocksThatFit(int wanted, int room) {
        int fit = (room - 2 - LENGTH_SACK_BASE) / SACK_BLOCK_LENGTH;
        return Math.max(0, Math.min(Math.min(wanted, TcpOptions.MAX_SACK_BLOCKS), fit));
    }

    /** RFC 791 3.1, RFC 3168 5 (ECN field). */
    private void writeIpHeader(OutgoingSegment segment, MutableDirectBuffer out, int offset, int total) {
        out.putByte(offset + Ipv4HeaderDescriptor.VERSION_IHL_OFFSET, (byte) Ipv4HeaderDescriptor.VERSION_IHL_NO_OPTIONS);
        out.putByte(offset + Ipv4HeaderDescriptor.TOS_OFFSET, (byte) (segment.ecn & Ipv4HeaderDescriptor.ECN_MASK));
        out.putShort(offset + Ipv4HeaderDescriptor.TOTAL_LENGTH_OFFSET, (short) total, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + Ipv4HeaderDescriptor.IDENTIFICATION_OFFSET, (short) identification++, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + Ipv4HeaderDescriptor.FLAGS_FRAGMENT_OFFSET, (short) Ipv4HeaderDescriptor.DONT_FRAGMENT,
            ByteOrder.BIG_ENDIAN);
        out.putByte(offset + Ipv4HeaderDescriptor.TTL_OFFSET, (byte) Ipv4HeaderDescriptor.DEFAULT_TTL);
        out.putByte(offset + Ipv4HeaderDescriptor.PROTOCOL_OFFSET, (byte) TcpHeaderDescriptor.PROTOCOL);
        out.putShort(offset + Ipv4HeaderDescriptor.CHECKSUM_OFFSET, (short) 0);
        out.putInt(offset + Ipv4HeaderDescriptor.SOURCE_OFFSET, segment.sourceAddress, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + Ipv4HeaderDescriptor.DESTINATION_OFFSET, segment.destinationAddress, ByteOrder.BIG_ENDIAN);
        int checksum = InternetChecksum.fold(InternetChecksum.sum(out, offset, Ipv4HeaderDescriptor.MIN_LENGTH, 0));
        out.putShort(offset + Ipv4HeaderDescriptor.CHECKSUM_OFFSET, (short) checksum, ByteOrder.BIG_ENDIAN);
    }

    /** RFC 9293 3.1; the checksum field is zeroed here and filled in last. */
    private static void writeTcpHeader(OutgoingSegment segment, MutableDirectBuffer out, int tcp, int headerLength) {
        out.putShort(tcp + TcpHeaderDescriptor.SOURCE_PORT_OFFSET, (short) segment.sourcePort, ByteOrder.BIG_ENDIAN);
        out.putShort(tcp + TcpHeaderDescriptor.DESTINATION_PORT_OFFSET, (short) segment.destinationPort,
            ByteOrder.BIG_ENDIAN);
        out.putInt(tcp + TcpHeaderDescriptor.SEQ_OFFSET, segment.seq, ByteOrder.BIG_ENDIAN);
        out.putInt(tcp + TcpHeaderDescriptor.ACK_OFFSET, segment.ack, ByteOrder.BIG_ENDIAN);
        out.putByte(tcp + TcpHeaderDescriptor.DATA_OFFSET_OFFSET, (byte) ((headerLength / 4) << 4));
        out.putByte(tcp + TcpHeaderDescriptor.FLAGS_OFFSET, (byte) segment.flags);
        out.putShort(tcp + TcpHeaderDescriptor.WINDOW_OFFSET, (short) segment.window, ByteOrder.BIG_ENDIAN);
        out.putShort(tcp + TcpHeaderDescriptor.CHECKSUM_OFFSET, (short) 0);
        out.putShort(tcp + TcpHeaderDescriptor.URGENT_POINTER_OFFSET, (short) 0);
    }

    /** Linux's order (tcp_options_write): MSS, SACK_PERM+TS or NOP NOP TS, NOP WS, NOP NOP SACK_PERM. */
    private static int writeFixedOptions(OutgoingSegment segment, boolean syn, MutableDirectBuffer out, int at) {
        int i = at;
        if (syn && segment.mss >= 0) {
            out.putShort(i, (short) (KIND_MSS << 8 | LENGTH_MSS), ByteOrder.BIG_ENDIAN);
            out.putShort(i + 2, (short) segment.mss, ByteOrder.BIG_ENDIAN);
            i += 4;
        }
        if (segment.timestamp) {
            boolean sackPermitted = syn && segment.sackPermitted;
            out.putShort(i, (short) (sackPermitted ? KIND_SACK_PERMITTED << 8 | LENGTH_SACK_PERMITTED : NOP_NOP),
                ByteOrder.BIG_ENDIAN);
            out.putShort(i + 2, (short) (KIND_TIMESTAMPS << 8 | LENGTH_TIMESTAMPS), ByteOrder.BIG_ENDIAN);
            out.putInt(i + 4, segment.tsVal, ByteOrder.BIG_ENDIAN);
            out.putInt(i + 8, segment.tsEcr, ByteOrder.BIG_ENDIAN);
            i += 12;
        }
        if (syn && segment.windowScale >= 0) {
            out.putByte(i, (byte) KIND_NOP);
            out.putByte(i + 1, (byte) KIND_WINDOW_SCALE);
            out.putByte(i + 2, (byte) LENGTH_WINDOW_SCALE);
            out.putByte(i + 3, (byte) Math.min(segment.windowScale, MAX_WINDOW_SCALE));
            i += 4;
        }
        if (syn && segment.sackPermitted && !segment.timestamp) {
            out.putShort(i, (short) NOP_NOP, ByteOrder.BIG_ENDIAN);
            out.putShort(i + 2, (short) (KIND_SACK_PERMITTED << 8 | LENGTH_SACK_PERMITTED), ByteOrder.BIG_ENDIAN);
            i += 4;
        }
        return i;
    }

    /** RFC 2018 3: NOP NOP, kind 5, length 2+8n, then (left, right) pairs. */
    private static void writeSackBlocks(OutgoingSegment segment, int blocks, MutableDirectBuffer out, int at) {
        if (blocks == 0) {
            return;
        }
        out.putShort(at, (short) NOP_NOP, ByteOrder.BIG_ENDIAN);
        out.putByte(at + 2, (byte) KIND_SACK);
        out.putByte(at + 3, (byte) (LENGTH_SACK_BASE + blocks * SACK_BLOCK_LENGTH));
        for (int b = 0; b < blocks; b++) {
            int p = at + 4 + b * SACK_BLOCK_LENGTH;
            out.putInt(p, segment.sackLeft[b], ByteOrder.BIG_ENDIAN);
            out.putInt(p + 4, segment.sackRight[b], ByteOrder.BIG_ENDIAN);
        }
    }
}
