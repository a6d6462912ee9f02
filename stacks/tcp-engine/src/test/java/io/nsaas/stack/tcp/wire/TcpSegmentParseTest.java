package io.nsaas.stack.tcp.wire;

import static io.nsaas.stack.tcp.wire.TcpSegment.BAD_IP_CHECKSUM;
import static io.nsaas.stack.tcp.wire.TcpSegment.BAD_IP_HEADER;
import static io.nsaas.stack.tcp.wire.TcpSegment.BAD_OPTIONS;
import static io.nsaas.stack.tcp.wire.TcpSegment.BAD_TCP_CHECKSUM;
import static io.nsaas.stack.tcp.wire.TcpSegment.BAD_TCP_HEADER;
import static io.nsaas.stack.tcp.wire.TcpSegment.FRAGMENT;
import static io.nsaas.stack.tcp.wire.TcpSegment.NOT_TCP;
import static io.nsaas.stack.tcp.wire.TcpSegment.OK;
import static io.nsaas.stack.tcp.wire.TcpSegment.TRUNCATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Packets crafted from the RFC layouts by {@link RawPacket}, one per parse outcome. */
class TcpSegmentParseTest {
    private final TcpSegment segment = new TcpSegment();

    private int parse(byte[] packet) {
        return segment.parse(new UnsafeBuffer(packet), 0, packet.length);
    }

    private int parse(RawPacket packet) {
        return parse(packet.bytes());
    }

    private static RawPacket packet() {
        return new RawPacket();
    }

    @Test
    void acceptsPlainAck() {
        assertEquals(OK, parse(packet().payload(5)));
        assertEquals(5, segment.payloadLength());
        assertEquals(40, segment.payloadOffset());
        assertEquals("10.0.0.1:40000 > 10.0.0.2:80 [ACK] seq=1000 ack=2000 win=65535 len=5", segment.toString());
    }

    @Test
    void rejectsPacketShorterThanIpHeader() {
        byte[] bytes = packet().bytes();
        for (int length = 0; length < 20; length++) {
            assertEquals(TRUNCATED, segment.parse(new UnsafeBuffer(bytes), 0, length), "length " + length);
        }
    }

    @Test
    void rejectsIpHeaderLongerThanPacket() {
        RawPacket packet = packet();
        packet.versionIhl = 0x4F; // 60-byte header in a 40-byte packet
        assertEquals(TRUNCATED, parse(packet));
    }

    @Test
    void rejectsRangeOutsideBuffer() {
        UnsafeBuffer buffer = packet().buffer();
        assertEquals(TRUNCATED, segment.parse(buffer, 1, buffer.capacity()));
        assertEquals(TRUNCATED, segment.parse(buffer, -1, 20));
        assertEquals(TRUNCATED, segment.parse(buffer, 0, -5));
        assertEquals(TRUNCATED, segment.parse(buffer, Integer.MAX_VALUE, 40));
        assertEquals(TRUNCATED, segment.parse(null, 0, 40));
    }

    @Test
    void rejectsIhlBelowFiveAndVersionOtherThanFour() {
        for (int ihl = 0; ihl < 5; ihl++) {
            RawPacket packet = packet();
            packet.versionIhl = 0x40 | ihl;
            assertEquals(BAD_IP_HEADER, parse(packet), "IHL " + ihl);
        }
        RawPacket v6 = packet();
        v6.versionIhl = 0x65;
        assertEquals(BAD_IP_HEADER, parse(v6));
    }

    @Test
    void rejectsTotalLengthBeyondBuffer() {
        RawPacket packet = packet();
        packet.totalLength = 41;
        assertEquals(TRUNCATED, parse(packet));
    }

    @Test
    void rejectsTotalLengthBelowIpHeader() {
        RawPacket packet = packet();
        packet.totalLength = 19;
        assertEquals(BAD_IP_HEADER, parse(packet));
    }

    @Test
    void rejectsFragmentsByMoreFragmentsBitOrOffset() {
        RawPacket first = packet();
        first.flagsFragment = 0x2000;
        assertEquals(FRAGMENT, parse(first));
        RawPacket later = packet();
        later.flagsFragment = 0x0001;
        assertEquals(FRAGMENT, parse(later));
        RawPacket dontFragmentOnly = packet();
        dontFragmentOnly.flagsFragment = 0x4000;
        assertEquals(OK, parse(dontFragmentOnly));
        dontFragmentOnly.flagsFragment = 0;
        assertEquals(OK, parse(dontFragmentOnly));
    }

    @Test
    void rejectsProtocolOtherThanTcp() {
        RawPacket udp = packet();
        udp.protocol = 17;
        assertEquals(NOT_TCP, parse(udp));
    }

    @Test
    void rejectsBadIpChecksum() {
        byte[] bytes = packet().bytes();
        bytes[10] ^= 0x01;
        assertEquals(BAD_IP_CHECKSUM, parse(bytes));
    }

    @Test
    void rejectsTcpShorterThanMinimumHeader() {
        RawPacket packet = packet();
        packet.totalLength = 39;
        assertEquals(TRUNCATED, parse(packet));
    }

    @Test
    void rejectsDataOffsetBelowFive() {
        for (int words = 0; words < 5; words++) {
            RawPacket packet = packet().payload(20);
            packet.dataOffsetWords = words;
            assertEquals(BAD_TCP_HEADER, parse(packet), "data offset " + words);
        }
    }

    @Test
    void rejectsDataOffsetBeyondPacket() {
        RawPacket packet = packet().payload(16);
        packet.dataOffsetWords = 10; // 40-byte header, 36 bytes of TCP
        assertEquals(BAD_TCP_HEADER, parse(packet));
        packet.payload(20);
        packet.options(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(OK, parse(packet));
        assertEquals(40, segment.tcpHeaderLength());
        assertEquals(20, segment.payloadLength());
    }

    @Test
    void rejectsBadTcpChecksumIncludingPseudoHeader() {
        byte[] bytes = packet().payload(9).bytes();
        bytes[bytes.length - 1] ^= 0x40;
        assertEquals(BAD_TCP_CHECKSUM, parse(bytes));

        // The same TCP bytes arriving with another destination address fail the pseudo-header.
        byte[] moved = packet().payload(9).bytes();
        moved[19] = 3;
        RawPacket.put16(moved, 10, 0);
        RawPacket.put16(moved, 10, RawPacket.checksum(moved, 0, 20, 0));
        assertEquals(BAD_TCP_CHECKSUM, parse(moved));
    }

    @Test
    void rejectsOptionLengthZeroOrOne() {
        assertEquals(BAD_OPTIONS, parse(packet().options(2, 0, 0, 0)));
        assertEquals(BAD_OPTIONS, parse(packet().options(99, 1, 0, 0)));
    }

    @Test
    void rejectsOptionRunningPastHeader() {
        assertEquals(BAD_OPTIONS, parse(packet().options(1, 1, 8, 10, 0, 0, 0, 0)));
        assertEquals(BAD_OPTIONS, parse(packet().options(1, 1, 1, 99)), "no room for the length byte");
        assertEquals(BAD_OPTIONS, parse(packet().options(1, 1, 99, 3)), "unknown kind too long");
    }

    @Test
    void rejectsKnownOptionsWithWrongLength() {
        assertEquals(BAD_OPTIONS, parse(packet().options(2, 3, 5, 0)), "MSS len 3");
        assertEquals(BAD_OPTIONS, parse(packet().options(3, 2, 1, 1)), "WS len 2");
        assertEquals(BAD_OPTIONS, parse(packet().options(4, 3, 0, 0)), "SACK_PERM len 3");
        // RFC 2018 3: length 10 is 2 + 8 * 1, one block, valid; 11 and 12 are not 2 + 8n.
        assertEquals(OK, parse(packet().options(1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2)), "SACK len 10");
        assertEquals(BAD_OPTIONS, parse(packet().options(1, 5, 11, 0, 0, 0, 1, 0, 0, 0, 2, 0)), "SACK len 11");
        assertEquals(BAD_OPTIONS, parse(packet().options(5, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0)), "SACK len 12");
        assertEquals(BAD_OPTIONS, parse(packet().options(1, 1, 5, 2)), "SACK len 2");
        assertEquals(BAD_OPTIONS, parse(packet().options(8, 9, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0)), "TS len 9");
        // Five blocks (length 42) can never fit in the 40 option bytes.
        int[] fiveBlocks = new int[40];
        fiveBlocks[0] = 5;
        fiveBlocks[1] = 42;
        assertEquals(BAD_OPTIONS, parse(packet().options(fiveBlocks)), "SACK with 5 blocks");
    }

    @Test
    void acceptsSackWithOneToFourBlocks() {
        for (int blocks = 1; blocks <= 4; blocks++) {
            int[] options = new int[4 + 8 * blocks];
            options[0] = 1;
            options[1] = 1;
            options[2] = 5;
            options[3] = 2 + 8 * blocks;
            for (int b = 0; b < blocks; b++) {
                options[4 + 8 * b + 3] = 10 * b + 1;
                options[4 + 8 * b + 7] = 10 * b + 5;
            }
            assertEquals(OK, parse(packet().options(options)), "blocks " + blocks);
            assertEquals(blocks, segment.options().sackBlockCount);
            assertEquals(10 * (blocks - 1) + 1, segment.options().sackLeft[blocks - 1]);
            assertEquals(10 * (blocks - 1) + 5, segment.options().sackRight[blocks - 1]);
        }
    }

    @Test
    void clampsReceivedWindowScaleAbove14() {
        assertEquals(OK, parse(packet().options(1, 3, 3, 15)));
        assertEquals(14, segment.options().windowScale);
        assertEquals(OK, parse(packet().options(1, 3, 3, 255)));
        assertEquals(14, segment.options().windowScale);
        assertEquals(OK, parse(packet().options(1, 3, 3, 14)));
        assertEquals(14, segment.options().windowScale);
        assertEquals(OK, parse(packet().options(1, 3, 3, 0)));
        assertEquals(0, segment.options().windowScale);
    }

    @Test
    void endOfOptionListStopsParsingEvenBeforeGarbage() {
        assertEquals(OK, parse(packet().options(2, 4, 5, 0xb4, 0, 0xFF, 0, 0)));
        assertEquals(1460, segment.options().mss);
        assertEquals(OK, parse(packet().options(0, 2, 3, 1)));
        assertEquals(-1, segment.options().mss);
    }

    @Test
    void nopsPadAnywhere() {
        assertEquals(OK, parse(packet().options(1, 1, 1, 2, 4, 5, 0xb4, 1)));
        assertEquals(1460, segment.options().mss);
        assertEquals(OK, parse(packet().options(1, 1, 1, 1)));
        assertEquals(-1, segment.options().mss);
    }

    @Test
    void unknownOptionKindIsSkippedByItsLength() {
        // kind 30 (MPTCP, RFC 8684) with 6 bytes, then MSS
        assertEquals(OK, parse(packet().options(30, 6, 0xFF, 0xFF, 0xFF, 0xFF, 2, 4, 0x23, 0x28, 1, 1)));
        assertEquals(9000, segment.options().mss);
    }

    @Test
    void optionsFromPreviousSegmentDoNotLeak() {
        assertEquals(OK, parse(packet().options(2, 4, 5, 0xb4, 1, 3, 3, 7, 4, 2, 1, 1)));
        assertTrue(segment.options().sackPermitted);
        assertEquals(OK, parse(packet()));
        assertEquals(-1, segment.options().mss);
        assertEquals(-1, segment.options().windowScale);
        assertFalse(segment.options().sackPermitted);
    }

    @Test
    void ignoresLinkPaddingAfterTotalLength() {
        byte[] bytes = packet().payload(3).bytes();
        byte[] padded = new byte[bytes.length + 17];
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        padded[bytes.length] = 0x55;
        assertEquals(OK, parse(padded));
        assertEquals(3, segment.payloadLength());
    }

    @Test
    void readsEcnCodepointAndUrgentPointer() {
        RawPacket packet = packet();
        packet.tos = 0xB8 | 3; // DSCP EF with CE
        packet.flags = TcpFlags.ACK | TcpFlags.URG;
        packet.urgentPointer = 4;
        assertEquals(OK, parse(packet.payload(5)));
        assertEquals(3, segment.ecn());
        assertEquals(4, segment.urgentPointer());
        assertEquals("10.0.0.1:40000 > 10.0.0.2:80 [ACK|URG] seq=1000 ack=2000 win=65535 len=5 urg=4 ecn=3",
            segment.toString());
    }

    @Test
    void printsSequenceNumbersUnsignedAndSackBlocks() {
        RawPacket packet = packet().options(1, 1, 5, 10, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0, 0x10);
        packet.seq = 0xFFFF_FFF0;
        packet.flags = TcpFlags.ACK | TcpFlags.FIN;
        assertEquals(OK, parse(packet));
        assertEquals("10.0.0.1:40000 > 10.0.0.2:80 [FIN|ACK] seq=4294967280 ack=2000 win=65535 len=0"
            + " <sack 1 {4294967280:16}>", segment.toString());
        assertEquals(1, segment.segmentLength());
    }

    @Test
    void describesEveryCodeDistinctlyAndInvalidSegmentsSayWhy() {
        Set<String> seen = new HashSet<>();
        for (int code = 0; code >= -8; code--) {
            String text = TcpSegment.describe(code);
            assertFalse(text.startsWith("unknown"), text);
            assertTrue(seen.add(text));
        }
        assertTrue(TcpSegment.describe(-9).startsWith("unknown"));
        RawPacket udp = packet();
        udp.protocol = 17;
        parse(udp);
        assertTrue(segment.toString().startsWith("invalid segment: NOT_TCP"), segment.toString());
    }
}
