package io.nsaas.host.fabric.tun;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.TestPackets;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds and reads the IPv4/TCP segments the kernel tests exchange (RFC 9293 section 3.1 header). */
final class TcpSegments {
    static final int PROTOCOL_TCP = 6;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;
    /** TCP header with one MSS option (kind 2, length 4). */
    static final int TCP_LENGTH = 24;

    private TcpSegments() {
    }

    /** @return the length of a SYN with MSS 1460 written at {@code buffer[0]}, checksums filled in */
    static int writeSyn(MutableDirectBuffer buffer, int source, int sourcePort, int destination, int destinationPort,
                        int sequence) {
        UnsafeBuffer tcp = new UnsafeBuffer(new byte[TCP_LENGTH]);
        tcp.putShort(0, (short) sourcePort, ByteOrder.BIG_ENDIAN);
        tcp.putShort(2, (short) destinationPort, ByteOrder.BIG_ENDIAN);
        tcp.putInt(4, sequence, ByteOrder.BIG_ENDIAN);
        tcp.putInt(8, 0, ByteOrder.BIG_ENDIAN);
        tcp.putByte(12, (byte) ((TCP_LENGTH / 4) << 4));
        tcp.putByte(13, (byte) SYN);
        tcp.putShort(14, (short) 64240, ByteOrder.BIG_ENDIAN);
        tcp.putByte(20, (byte) 2);
        tcp.putByte(21, (byte) 4);
        tcp.putShort(22, (short) 1460, ByteOrder.BIG_ENDIAN);
        tcp.putShort(16, (short) checksum(source, destination, tcp, 0, TCP_LENGTH), ByteOrder.BIG_ENDIAN);
        int length = TestPackets.write(buffer, 0, source, destination, tcp.byteArray());
        buffer.putByte(Ipv4HeaderDescriptor.PROTOCOL_OFFSET, (byte) PROTOCOL_TCP);
        TestPackets.fixChecksum(buffer, 0);
        return length;
    }

    /** @return the TCP checksum over the pseudo-header (RFC 9293 section 3.1) and the segment */
    static int checksum(int source, int destination, DirectBuffer segment, int offset, int length) {
        UnsafeBuffer scratch = new UnsafeBuffer(new byte[12 + length]);
        scratch.putInt(0, source, ByteOrder.BIG_ENDIAN);
        scratch.putInt(4, destination, ByteOrder.BIG_ENDIAN);
        scratch.putByte(9, (byte) PROTOCOL_TCP);
        scratch.putShort(10, (short) length, ByteOrder.BIG_ENDIAN);
        scratch.putBytes(12, segment, offset, length);
        scratch.putShort(12 + 16, (short) 0, ByteOrder.BIG_ENDIAN);
        return Ipv4HeaderDescriptor.checksum(scratch, 0, scratch.capacity());
    }

    /** The fields of an IPv4/TCP segment the tests check; {@code checksumOk} when its TCP checksum verifies. */
    record Segment(int source, int sourcePort, int destination, int destinationPort, int sequence, int ack,
                   int flags, boolean checksumOk) {
        boolean has(int flag) {
            return (flags & flag) == flag;
        }
    }

    /** @return the segment in {@code length} bytes at {@code offset}, or null when they are not IPv4/TCP */
    static Segment parse(DirectBuffer packet, int offset, int length) {
        if (length < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH + 20 || Ipv4HeaderDescriptor.version(packet, offset) != 4
            || Ipv4HeaderDescriptor.protocol(packet, offset) != PROTOCOL_TCP) {
            return null;
        }
        int ip = Ipv4HeaderDescriptor.headerLength(packet, offset);
        int total = Ipv4HeaderDescriptor.totalLength(packet, offset);
        int tcp = offset + ip;
        int source = Ipv4HeaderDescriptor.source(packet, offset);
        int destination = Ipv4HeaderDescriptor.destination(packet, offset);
        UnsafeBuffer segment = new UnsafeBuffer(new byte[total - ip]);
        segment.putBytes(0, packet, tcp, total - ip);
        int stated = segment.getShort(16, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return new Segment(source, segment.getShort(0, ByteOrder.BIG_ENDIAN) & 0xFFFF, destination,
            segment.getShort(2, ByteOrder.BIG_ENDIAN) & 0xFFFF, segment.getInt(4, ByteOrder.BIG_ENDIAN),
            segment.getInt(8, ByteOrder.BIG_ENDIAN), segment.getByte(13) & 0x3F,
            checksum(source, destination, segment, 0, segment.capacity()) == stated);
    }
}
