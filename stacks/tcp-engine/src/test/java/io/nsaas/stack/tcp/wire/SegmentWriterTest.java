package io.nsaas.stack.tcp.wire;

import static io.nsaas.stack.tcp.wire.RawPacket.A;
import static io.nsaas.stack.tcp.wire.RawPacket.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentWriterTest {
    private final SegmentWriter writer = new SegmentWriter();
    private final OutgoingSegment out = new OutgoingSegment();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[2048]);

    @BeforeEach
    void addresses() {
        out.sourceAddress = A;
        out.destinationAddress = B;
        out.sourcePort = 40000;
        out.destinationPort = 80;
    }

    @Test
    void writesLinuxSynByteForByteWithHandComputedChecksums() {
        out.seq = 1_000_000_000;
        out.flags = TcpFlags.SYN;
        out.window = 64240;
        out.mss = 1460;
        out.sackPermitted = true;
        out.timestamp = true;
        out.tsVal = 123456;
        out.windowScale = 7;
        // RFC 791 3.1 + RFC 9293 3.1/3.2, laid out as Linux sends a SYN. Checksums worked by hand:
        // IP: 4500+003c+0000+4000+4006+0a00+0001+0a00+0002 = d945, complement 26ba.
        int[] expected = {
            0x45, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x26, 0xba, 10, 0, 0, 1, 10, 0, 0, 2,
            0x9c, 0x40, 0x00, 0x50, 0x3b, 0x9a, 0xca, 0x00, 0x00, 0x00, 0x00, 0x00,
            0xa0, 0x02, 0xfa, 0xf0, 0xb4, 0x9f, 0x00, 0x00,
            0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x01, 0xe2, 0x40, 0x00, 0x00, 0x00, 0x00,
            0x01, 0x03, 0x03, 0x07};
        byte[] expectedBytes = new byte[expected.length];
        for (int i = 0; i < expected.length; i++) {
            expectedBytes[i] = (byte) expected[i];
        }
        // The TCP checksum recomputed independently: pseudo-header (RFC 9293 3.1) plus the segment.
        byte[] check = expectedBytes.clone();
        check[36] = 0;
        check[37] = 0;
        assertEquals(0xb49f, RawPacket.checksum(check, 20, 40, RawPacket.pseudoHeaderSum(A, B, 40)));
        check[10] = 0;
        check[11] = 0;
        assertEquals(0x26ba, RawPacket.checksum(check, 0, 20, 0));

        int length = writer.write(out, packet, 0);

        assertEquals(60, length);
        assertEquals(RawPacket.hex(expectedBytes), RawPacket.hex(RawPacket.copy(packet, 0, length)));
        TcpSegment segment = new TcpSegment();
        assertEquals(TcpSegment.OK, segment.parse(packet, 0, length));
        assertEquals("10.0.0.1:40000 > 10.0.0.2:80 [SYN] seq=1000000000 ack=0 win=64240 len=0"
            + " <mss 1460,sackOK,TS val 123456 ecr 0,wscale 7>", segment.toString());
    }

    @Test
    void synOptionsFollowLinuxOrderForEachCombination() {
        out.flags = TcpFlags.SYN | TcpFlags.ACK;
        out.mss = 1460;
        out.windowScale = 7;
        assertOptions(0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07);
        out.sackPermitted = true;
        assertOptions(0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01, 0x04, 0x02);
        out.sackPermitted = false;
        out.timestamp = true;
        out.tsVal = 0x01020304;
        out.tsEcr = 0x05060708;
        assertOptions(0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x08, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 0x01, 0x03, 0x03, 0x07);
        out.mss = -1;
        out.windowScale = -1;
        out.sackPermitted = true;
        assertOptions(0x04, 0x02, 0x08, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void nonSynCarriesTimestampsThenSackButNeverSynOnlyOptions() {
        out.flags = TcpFlags.ACK;
        out.mss = 1460;
        out.windowScale = 7;
        out.sackPermitted = true;
        assertOptions();
        out.timestamp = true;
        out.tsVal = 9;
        out.tsEcr = 10;
        out.addSackBlock(100, 200);
        assertOptions(0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 9, 0, 0, 0, 10,
            0x01, 0x01, 0x05, 0x0a, 0, 0, 0, 100, 0, 0, 0, 200);
    }

    @Test
    void dropsSackBlocksThatDoNotFitBesideTimestamps() {
        out.flags = TcpFlags.ACK;
        for (int b = 0; b < 4; b++) {
            out.addSackBlock(1000 * (b + 1), 1000 * (b + 1) + 500);
        }
        out.timestamp = true;
        int withTimestamps = writer.write(out, packet, 0);
        assertEquals(40 + 12 + 4 + 3 * 8, withTimestamps);
        out.timestamp = false;
        int withoutTimestamps = writer.write(out, packet, 0);
        assertEquals(40 + 4 + 4 * 8, withoutTimestamps);
        TcpSegment segment = new TcpSegment();
        assertEquals(TcpSegment.OK, segment.parse(packet, 0, withoutTimestamps));
        assertEquals(4, segment.options().sackBlockCount);
        assertEquals(4500, segment.options().sackRight[3]);
    }

    @Test
    void clampsAnnouncedWindowScaleTo14() {
        out.flags = TcpFlags.SYN;
        out.windowScale = 20;
        assertOptions(0x01, 0x03, 0x03, 14);
    }

    @Test
    void putsEcnCodepointInLowBitsOfTos() {
        out.flags = TcpFlags.ACK;
        out.ecn = 2;
        writer.write(out, packet, 0);
        assertEquals(2, packet.getByte(1));
    }

    @Test
    void countsIdentificationPerPacket() {
        out.flags = TcpFlags.ACK;
        writer.write(out, packet, 0);
        int first = packet.getShort(4, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
        writer.write(out, packet, 0);
        assertEquals(first + 1, packet.getShort(4, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    @Test
    void refusesBufferTooSmallWithoutWriting() {
        out.flags = TcpFlags.ACK;
        out.payload = new UnsafeBuffer(new byte[100]);
        out.payloadLength = 100;
        UnsafeBuffer small = new UnsafeBuffer(new byte[139]);
        assertEquals(-1, writer.write(out, small, 0));
        assertArrayEquals(new byte[139], small.byteArray());
        UnsafeBuffer exact = new UnsafeBuffer(new byte[150]);
        assertEquals(-1, writer.write(out, exact, 11));
        assertEquals(140, writer.write(out, exact, 10));
        assertEquals(-1, writer.write(out, exact, -1));
    }

    @Test
    void refusesPayloadLengthWithoutPayloadOrBeyond64k() {
        out.flags = TcpFlags.ACK;
        out.payloadLength = 10;
        assertEquals(-1, writer.write(out, packet, 0));
        out.payload = new UnsafeBuffer(new byte[70000]);
        out.payloadLength = 65535 - 40 + 1;
        assertEquals(-1, writer.write(out, new UnsafeBuffer(new byte[70000]), 0));
        out.payloadLength = 65535 - 40;
        assertEquals(65535, writer.write(out, new UnsafeBuffer(new byte[70000]), 0));
    }

    private void assertOptions(int... expected) {
        int length = writer.write(out, packet, 0);
        int dataOffset = ((packet.getByte(32) & 0xFF) >>> 4) * 4;
        byte[] options = Arrays.copyOfRange(RawPacket.copy(packet, 0, length), 40, 20 + dataOffset);
        byte[] want = new byte[expected.length];
        for (int i = 0; i < expected.length; i++) {
            want[i] = (byte) expected[i];
        }
        assertEquals(RawPacket.hex(want), RawPacket.hex(options));
        assertEquals(40 + expected.length, length);
    }
}
