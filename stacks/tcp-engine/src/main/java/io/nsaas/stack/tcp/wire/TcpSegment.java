package io.nsaas.stack.tcp.wire;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.InternetChecksum;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * A flyweight over one received IPv4 packet carrying a TCP segment. {@link #parse} validates the
 * packet and caches its fields; the accessors then read those fields without touching the buffer
 * (except the payload, which stays in it).
 *
 * <p>Validation, in this order, each failure a negative code and never an exception:
 * <ol>
 *   <li>IPv4 (RFC 791 3.1): at least 20 bytes, version 4, IHL >= 5, header and Total Length
 *       within the given length ({@link #TRUNCATED} / {@link #BAD_IP_HEADER}), not a fragment
 *       (MF set or fragment offset != 0, {@link #FRAGMENT}), protocol 6 ({@link #NOT_TCP}), header
 *       checksum (RFC 1071, {@link #BAD_IP_CHECKSUM}).</li>
 *   <li>TCP (RFC 9293 3.1): at least 20 bytes after the IP header ({@link #TRUNCATED}), data offset
 *       5..15 and within the packet ({@link #BAD_TCP_HEADER}), checksum over the pseudo-header,
 *       header and data ({@link #BAD_TCP_CHECKSUM}).</li>
 *   <li>Options (RFC 9293 3.2, RFC 7323, RFC 2018): see {@link TcpOptions}; {@link #BAD_OPTIONS}.</li>
 * </ol>
 * Bytes after Total Length (link-layer padding) are ignored.
 *
 * <p>Ownership and threading: one instance per receiving thread, reused for every packet; the
 * buffer is only borrowed until the next {@code parse}. After a parse that did not return
 * {@link #OK} the accessors' values are unspecified. Neither {@code parse} nor the accessors
 * allocate; {@link #toString} does.
 */
public final class TcpSegment {
    public static final int OK = 0;
    public static final int TRUNCATED = -1;
    public static final int BAD_IP_HEADER = -2;
    public static final int FRAGMENT = -3;
    public static final int NOT_TCP = -4;
    public static final int BAD_IP_CHECKSUM = -5;
    public static final int BAD_TCP_HEADER = -6;
    public static final int BAD_TCP_CHECKSUM = -7;
    public static final int BAD_OPTIONS = -8;

    private final TcpOptions options = new TcpOptions();
    private DirectBuffer buffer;
    private int result = TRUNCATED;
    private int packetOffset;
    private int packetLength;
    private int tcpOffset;
    private int tcpHeaderLength;
    private int ecn;
    private int sourceAddress;
    private int destinationAddress;
    private int sourcePort;
    private int destinationPort;
    private int seq;
    private int ack;
    private int flags;
    private int window;
    private int urgentPointer;
    private int payloadOffset;
    private int payloadLength;

    /**
     * Validates the IPv4 packet in {@code [offset, offset + length)} of {@code buffer} and, when it
     * is a well-formed TCP segment, makes it this flyweight's current segment.
     *
     * @return {@link #OK} or one of the negative codes (see {@link #describe}); never throws, for
     *     any bytes, offset or length (a range outside the buffer is {@link #TRUNCATED})
     */
    public int parse(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        result = buffer == null || offset < 0 || length < 0 || offset > buffer.capacity() - length
            ? TRUNCATED
            : parseIp(buffer, offset, length);
        if (result == OK) {
            result = parseTcp(buffer);
        }
        return result;
    }

    /** RFC 791 3.1. */
    private int parseIp(DirectBuffer buffer, int offset, int length) {
        if (length < Ipv4HeaderDescriptor.MIN_LENGTH) {
            return TRUNCATED;
        }
        int versionIhl = buffer.getByte(offset + Ipv4HeaderDescriptor.VERSION_IHL_OFFSET) & 0xFF;
        int ipHeaderLength = (versionIhl & 0xF) * 4;
        if ((versionIhl >>> 4) != 4 || ipHeaderLength < Ipv4HeaderDescriptor.MIN_LENGTH) {
            return BAD_IP_HEADER;
        }
        if (ipHeaderLength > length) {
            return TRUNCATED;
        }
        int totalLength = u16(buffer, offset + Ipv4HeaderDescriptor.TOTAL_LENGTH_OFFSET);
        if (totalLength < ipHeaderLength) {
            return BAD_IP_HEADER;
        }
        if (totalLength > length) {
            return TRUNCATED;
        }
        int fragment = u16(buffer, offset + Ipv4HeaderDescriptor.FLAGS_FRAGMENT_OFFSET);
        if ((fragment & (Ipv4HeaderDescriptor.MORE_FRAGMENTS | Ipv4HeaderDescriptor.FRAGMENT_OFFSET_MASK)) != 0) {
            return FRAGMENT;
        }
        if ((buffer.getByte(offset + Ipv4HeaderDescriptor.PROTOCOL_OFFSET) & 0xFF) != TcpHeaderDescriptor.PROTOCOL) {
            return NOT_TCP;
        }
        if (InternetChecksum.fold(InternetChecksum.sum(buffer, offset, ipHeaderLength, 0)) != 0) {
            return BAD_IP_CHECKSUM;
        }
        packetOffset = offset;
        packetLength = totalLength;
        tcpOffset = offset + ipHeaderLength;
        ecn = buffer.getByte(offset + Ipv4HeaderDescriptor.TOS_OFFSET) & Ipv4HeaderDescriptor.ECN_MASK;
        sourceAddress = buffer.getInt(offset + Ipv4HeaderDescriptor.SOURCE_OFFSET, ByteOrder.BIG_ENDIAN);
        destinationAddress = buffer.getInt(offset + Ipv4HeaderDescriptor.DESTINATION_OFFSET, ByteOrder.BIG_ENDIAN);
        return OK;
    }

    /** RFC 9293 3.1 (header, checksum) and 3.2 (options). */
    private int parseTcp(DirectBuffer buffer) {
        int tcpLength = packetOffset + packetLength - tcpOffset;
        if (tcpLength < TcpHeaderDescriptor.MIN_LENGTH) {
            return TRUNCATED;
        }
        int headerLength = ((buffer.getByte(tcpOffset + TcpHeaderDescriptor.DATA_OFFSET_OFFSET) & 0xFF) >>> 4) * 4;
        if (headerLength < TcpHeaderDescriptor.MIN_LENGTH || headerLength > tcpLength) {
            return BAD_TCP_HEADER;
        }
        long pseudoHeader = (sourceAddress >>> 16) + (sourceAddress & 0xFFFF)
            + (destinationAddress >>> 16) + (destinationAddress & 0xFFFF)
            + TcpHeaderDescriptor.PROTOCOL + tcpLength;
        if (InternetChecksum.fold(InternetChecksum.sum(buffer, tcpOffset, tcpLength, pseudoHeader)) != 0) {
            return BAD_TCP_CHECKSUM;
        }
        int optionsStart = tcpOffset + TcpHeaderDescriptor.OPTIONS_OFFSET;
        if (!options.read(buffer, optionsStart, tcpOffset + headerLength)) {
            return BAD_OPTIONS;
        }
        tcpHeaderLength = headerLength;
        sourcePort = u16(buffer, tcpOffset + TcpHeaderDescriptor.SOURCE_PORT_OFFSET);
        destinationPort = u16(buffer, tcpOffset + TcpHeaderDescriptor.DESTINATION_PORT_OFFSET);
        seq = buffer.getInt(tcpOffset + TcpHeaderDescriptor.SEQ_OFFSET, ByteOrder.BIG_ENDIAN);
        ack = buffer.getInt(tcpOffset + TcpHeaderDescriptor.ACK_OFFSET, ByteOrder.BIG_ENDIAN);
        flags = buffer.getByte(tcpOffset + TcpHeaderDescriptor.FLAGS_OFFSET) & 0xFF;
        window = u16(buffer, tcpOffset + TcpHeaderDescriptor.WINDOW_OFFSET);
        urgentPointer = u16(buffer, tcpOffset + TcpHeaderDescriptor.URGENT_POINTER_OFFSET);
        payloadOffset = tcpOffset + headerLength;
        payloadLength = tcpLength - headerLength;
        return OK;
    }

    private static int u16(DirectBuffer buffer, int index) {
        return buffer.getShort(index, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return a one-line explanation of a {@link #parse} result: what was wrong and where to look */
    public static String describe(int code) {
        switch (code) {
            case OK:
                return "OK: a well-formed IPv4 TCP segment";
            case TRUNCATED:
                return "TRUNCATED: the packet is shorter than its IPv4 header, Total Length or a 20-byte TCP header"
                    + " (or the range lies outside the buffer); check the length read from the device";
            case BAD_IP_HEADER:
                return "BAD_IP_HEADER: IPv4 version is not 4, IHL is below 5 or Total Length is below the header"
                    + " length (RFC 791 3.1); the sender or link corrupts packets";
            case FRAGMENT:
                return "FRAGMENT: IPv4 fragments (MF set or offset != 0) are not reassembled; the peer should"
                    + " use path MTU discovery (DF) or a smaller MSS";
            case NOT_TCP:
                return "NOT_TCP: IPv4 protocol is not 6 (TCP); the fabric delivered a non-TCP packet to a TCP stack";
            case BAD_IP_CHECKSUM:
                return "BAD_IP_CHECKSUM: the IPv4 header checksum does not verify (RFC 791 3.1, RFC 1071);"
                    + " the packet was corrupted in transit";
            case BAD_TCP_HEADER:
                return "BAD_TCP_HEADER: TCP data offset is below 5 or beyond the packet (RFC 9293 3.1);"
                    + " the sender or link corrupts packets";
            case BAD_TCP_CHECKSUM:
                return "BAD_TCP_CHECKSUM: the TCP checksum over pseudo-header, header and data does not verify"
                    + " (RFC 9293 3.1); the packet was corrupted or the sender offloads checksums it never fills in";
            case BAD_OPTIONS:
                return "BAD_OPTIONS: a TCP option has a length below 2, runs past the header, or has a length its"
                    + " RFC forbids (MSS 4, WS 3, SACK-Permitted 2, SACK 2+8n with n 1..4, TS 10)";
            default:
                return "unknown TcpSegment.parse result " + code + " (expected 0 or -1..-8)";
        }
    }

    /** @return the last {@link #parse} result */
    public int result() {
        return result;
    }

    public int sourceAddress() {
        return sourceAddress;
    }

    public int destinationAddress() {
        return destinationAddress;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    public int seq() {
        return seq;
    }

    public int ack() {
        return ack;
    }

    /** @return the control bits (see {@link TcpFlags}) */
    public int flags() {
        return flags;
    }

    /** @return true when every bit of {@code flag} is set */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** @return the window field as received: 16 bits, not yet shifted by the peer's window scale */
    public int window() {
        return window;
    }

    public int urgentPointer() {
        return urgentPointer;
    }

    /** @return the IP ECN codepoint (RFC 3168 5): 0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE */
    public int ecn() {
        return ecn;
    }

    /** @return the parsed options; owned by this segment and refilled by the next {@link #parse} */
    public TcpOptions options() {
        return options;
    }

    /** @return the buffer of the last {@link #parse} */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return where the IPv4 header starts in {@link #buffer} */
    public int packetOffset() {
        return packetOffset;
    }

    /** @return the IPv4 Total Length */
    public int packetLength() {
        return packetLength;
    }

    /** @return where the TCP header starts in {@link #buffer} */
    public int tcpOffset() {
        return tcpOffset;
    }

    /** @return the TCP header length including options (data offset * 4) */
    public int tcpHeaderLength() {
        return tcpHeaderLength;
    }

    /** @return where the payload starts in {@link #buffer} */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** @return SEG.LEN (RFC 9293 3.4): payload bytes plus one for SYN and one for FIN */
    public int segmentLength() {
        return payloadLength + (flags & TcpFlags.SYN) / TcpFlags.SYN + (flags & TcpFlags.FIN);
    }

    /**
     * For logs and test diffs, tcpdump-like, sequence numbers unsigned; allocates. For example
     * {@code 10.0.0.1:40000 > 10.0.0.2:80 [SYN] seq=1 ack=0 win=64240 len=0 <mss 1460,sackOK,TS val 1 ecr 0,wscale 7>};
     * {@code ecn=N} follows {@code len} when the ECN field is not 0, and the options part is left
     * out when there are none.
     */
    @Override
    public String toString() {
        if (result != OK) {
            return "invalid segment: " + describe(result);
        }
        StringBuilder text = new StringBuilder(128)
            .append(Endpoint.formatAddress(sourceAddress)).append(':').append(sourcePort).append(" > ")
            .append(Endpoint.formatAddress(destinationAddress)).append(':').append(destinationPort)
            .append(" [").append(TcpFlags.toString(flags)).append("] seq=").append(Integer.toUnsignedString(seq))
            .append(" ack=").append(Integer.toUnsignedString(ack)).append(" win=").append(window)
            .append(" len=").append(payloadLength);
        if ((flags & TcpFlags.URG) != 0) {
            text.append(" urg=").append(urgentPointer);
        }
        if (ecn != 0) {
            text.append(" ecn=").append(ecn);
        }
        int before = text.length();
        text.append(" <");
        options.appendTo(text);
        if (text.length() == before + 2) {
            text.setLength(before);
        } else {
            text.append('>');
        }
        return text.toString();
    }
}
