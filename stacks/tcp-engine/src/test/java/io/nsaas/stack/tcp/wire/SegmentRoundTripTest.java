package io.nsaas.stack.tcp.wire;

import static io.nsaas.stack.tcp.wire.RawPacket.A;
import static io.nsaas.stack.tcp.wire.RawPacket.B;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Write with {@link SegmentWriter}, parse with {@link TcpSegment}, expect the same segment back. */
class SegmentRoundTripTest {
    private final SegmentWriter writer = new SegmentWriter();
    private final OutgoingSegment out = new OutgoingSegment();
    private final TcpSegment in = new TcpSegment();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[2048]);
    private final UnsafeBuffer data = new UnsafeBuffer(new byte[2048]);

    @BeforeEach
    void fill() {
        for (int i = 0; i < data.capacity(); i++) {
            data.putByte(i, (byte) (i * 31 + 7));
        }
        out.sourceAddress = A;
        out.destinationAddress = B;
        out.sourcePort = 49152;
        out.destinationPort = 443;
        out.seq = 0xFFFF_FF00;
        out.ack = 0x8000_0001;
        out.window = 65535;
    }

    @Test
    void everySynOptionCombinationSurvives() {
        for (int combination = 0; combination < 16; combination++) {
            for (int flags : new int[] {TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK}) {
                out.flags = flags;
                out.mss = (combination & 1) != 0 ? 1460 : -1;
                out.windowScale = (combination & 2) != 0 ? combination : -1;
                out.sackPermitted = (combination & 4) != 0;
                out.timestamp = (combination & 8) != 0;
                out.tsVal = 0xFEDC_BA98;
                out.tsEcr = flags == TcpFlags.SYN ? 0 : 0x0123_4567;
                assertRoundTrip("combination " + combination);
            }
        }
    }

    @Test
    void synOnlyOptionsAreNotSentOnOtherSegments() {
        out.flags = TcpFlags.ACK;
        out.mss = 1460;
        out.windowScale = 7;
        out.sackPermitted = true;
        assertEquals(TcpSegment.OK, in.parse(packet, 0, writer.write(out, packet, 0)));
        assertEquals(-1, in.options().mss);
        assertEquals(-1, in.options().windowScale);
        assertEquals(false, in.options().sackPermitted);
        assertEquals(20, in.tcpHeaderLength());
    }

    @Test
    void dataWithTimestampsAndOneToFourSackBlocksKeepsWhatFits() {
        for (boolean timestamp : new boolean[] {false, true}) {
            for (int blocks = 1; blocks <= 4; blocks++) {
                out.clear();
                fill();
                out.flags = TcpFlags.ACK | TcpFlags.PSH;
                out.timestamp = timestamp;
                out.tsVal = 77;
                out.tsEcr = 66;
                for (int b = 0; b < blocks; b++) {
                    out.addSackBlock(0xFFFF_F000 + b * 0x1000, 0xFFFF_F800 + b * 0x1000);
                }
                out.payload = data;
                out.payloadOffset = 3;
                out.payloadLength = 1000;
                int kept = Math.min(blocks, timestamp ? 3 : 4);
                assertEquals(TcpSegment.OK, in.parse(packet, 0, writer.write(out, packet, 0)));
                assertEquals(kept, in.options().sackBlockCount, "blocks " + blocks + " timestamp " + timestamp);
                out.sackBlockCount = kept;
                assertSame("blocks " + blocks + " timestamp " + timestamp);
            }
        }
    }

    @Test
    void everyPayloadSizeUpTo1460Survives() {
        out.flags = TcpFlags.ACK;
        out.timestamp = true;
        out.payload = data;
        for (int size = 0; size <= 1460; size++) {
            out.payloadOffset = size % 5;
            out.payloadLength = size;
            out.seq = 0xFFFF_FFF0 + size;
            assertRoundTrip("payload " + size);
        }
    }

    @Test
    void everyFlagSetAndEcnCodepointSurvives() {
        out.payload = data;
        out.payloadLength = 3;
        for (int flags = 0; flags < 256; flags++) {
            out.flags = flags;
            out.ecn = flags & 3;
            out.window = flags * 257;
            assertRoundTrip("flags " + flags);
        }
    }

    @Test
    void segmentWrittenAtAnOffsetParsesThere() {
        out.flags = TcpFlags.ACK | TcpFlags.FIN;
        out.payload = data;
        out.payloadLength = 11;
        int length = writer.write(out, packet, 37);
        assertEquals(TcpSegment.OK, in.parse(packet, 37, length));
        assertEquals(37 + 40, in.payloadOffset());
        assertEquals(37, in.packetOffset());
        assertEquals(12, in.segmentLength());
    }

    private void assertRoundTrip(String what) {
        int length = writer.write(out, packet, 0);
        int result = in.parse(packet, 0, length);
        assertEquals(TcpSegment.OK, result, what + ": " + TcpSegment.describe(result));
        assertEquals(length, in.packetLength(), what);
        assertSame(what);
    }

    private void assertSame(String what) {
        boolean syn = (out.flags & TcpFlags.SYN) != 0;
        assertEquals(out.sourceAddress, in.sourceAddress(), what);
        assertEquals(out.destinationAddress, in.destinationAddress(), what);
        assertEquals(out.sourcePort, in.sourcePort(), what);
        assertEquals(out.destinationPort, in.destinationPort(), what);
        assertEquals(out.seq, in.seq(), what);
        assertEquals(out.ack, in.ack(), what);
        assertEquals(out.flags, in.flags(), what);
        assertEquals(out.window, in.window(), what);
        assertEquals(out.ecn, in.ecn(), what);
        TcpOptions options = in.options();
        assertEquals(syn ? out.mss : -1, options.mss, what);
        assertEquals(syn ? Math.min(out.windowScale, 14) : -1, options.windowScale, what);
        assertEquals(syn && out.sackPermitted, options.sackPermitted, what);
        assertEquals(out.timestamp, options.timestamp, what);
        if (out.timestamp) {
            assertEquals(out.tsVal, options.tsVal, what);
            assertEquals(out.tsEcr, options.tsEcr, what);
        }
        assertEquals(out.sackBlockCount, options.sackBlockCount, what);
        for (int b = 0; b < out.sackBlockCount; b++) {
            assertEquals(out.sackLeft[b], options.sackLeft[b], what);
            assertEquals(out.sackRight[b], options.sackRight[b], what);
        }
        assertEquals(out.payloadLength, in.payloadLength(), what);
        for (int i = 0; i < out.payloadLength; i++) {
            assertEquals(data.getByte(out.payloadOffset + i), in.buffer().getByte(in.payloadOffset() + i), what);
        }
        int expectedLength = out.payloadLength + ((out.flags & TcpFlags.SYN) != 0 ? 1 : 0) + (out.flags & TcpFlags.FIN);
        assertEquals(expectedLength, in.segmentLength(), what);
    }
}
