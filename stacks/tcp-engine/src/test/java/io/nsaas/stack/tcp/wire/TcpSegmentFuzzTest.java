package io.nsaas.stack.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Feeds seeded random and mutated packets to {@link TcpSegment#parse}: it must never throw, must
 * return one of its codes, and an OK must describe a segment that really lies inside the packet
 * with checksums that verify (checked here independently).
 */
class TcpSegmentFuzzTest {
    private static final int PACKETS = 250_000;
    private static final int SLACK = 8;

    private final Random random = new Random(0x5EED_7C9L);
    private final SegmentWriter writer = new SegmentWriter();
    private final OutgoingSegment out = new OutgoingSegment();
    private final TcpSegment segment = new TcpSegment();
    private final byte[] bytes = new byte[SLACK + 400 + SLACK];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final UnsafeBuffer data = new UnsafeBuffer(new byte[300]);
    private final int[] counts = new int[9];

    @Test
    void parseNeverThrowsAndOkMeansConsistentSegment() {
        random.nextBytes(data.byteArray());
        for (int i = 0; i < PACKETS; i++) {
            Arrays.fill(bytes, (byte) 0);
            int offset = random.nextInt(SLACK);
            int length = writeValid(offset);
            int mode = random.nextInt(6);
            switch (mode) {
                case 0 -> flipBits(offset, length);
                case 1 -> randomOptionBytes(offset);
                case 2 -> length = random.nextInt(length + 1);
                case 3 -> length = randomBytes(offset);
                case 4 -> overwriteHeaderField(offset);
                default -> { } // unmutated: must parse
            }
            if (mode != 5 && random.nextInt(4) != 0) {
                RawPacket.fixChecksums(bytes, offset, length);
            }
            int result;
            try {
                result = segment.parse(buffer, offset, length);
            } catch (RuntimeException e) {
                throw new AssertionError("packet " + i + " (mode " + mode + ") threw:\n"
                    + RawPacket.hex(Arrays.copyOfRange(bytes, offset, offset + length)), e);
            }
            if (result > 0 || result < -8) {
                fail("packet " + i + ": result " + result + " is not a TcpSegment code");
            }
            if (mode == 5 && result != TcpSegment.OK) {
                fail("packet " + i + ": unmutated packet rejected: " + TcpSegment.describe(result));
            }
            counts[-result]++;
            if (result == TcpSegment.OK) {
                assertConsistent(offset, length, i);
            }
        }
        // The mutations must reach every check, or the fuzz proves little.
        for (int code = 0; code < counts.length; code++) {
            assertTrue(counts[code] > 500, TcpSegment.describe(-code) + " seen only " + counts[code] + " times");
        }
    }

    @Test
    void outOfRangeArgumentsNeverThrow() {
        int length = writeValid(0);
        int[] offsets = {-1, 0, 1, bytes.length - 1, bytes.length, Integer.MAX_VALUE, Integer.MIN_VALUE};
        int[] lengths = {-1, 0, length, bytes.length, bytes.length + 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int offset : offsets) {
            for (int len : lengths) {
                int result = segment.parse(buffer, offset, len);
                String where = "offset " + offset + " length " + len;
                if (offset < 0 || len < 0 || (long) offset + len > bytes.length) {
                    assertEquals(TcpSegment.TRUNCATED, result, where);
                } else if (offset == 0 && len >= length) {
                    assertEquals(TcpSegment.OK, result, where);
                } else {
                    assertTrue(result < 0, where + " parsed a misaligned or cut packet");
                }
            }
        }
    }

    private int writeValid(int offset) {
        out.clear();
        out.sourceAddress = random.nextInt();
        out.destinationAddress = random.nextInt();
        out.sourcePort = random.nextInt(65536);
        out.destinationPort = random.nextInt(65536);
        out.seq = random.nextInt();
        out.ack = random.nextInt();
        out.flags = random.nextInt(256);
        out.window = random.nextInt(65536);
        out.ecn = random.nextInt(4);
        out.mss = random.nextBoolean() ? random.nextInt(65536) : -1;
        out.windowScale = random.nextBoolean() ? random.nextInt(16) : -1;
        out.sackPermitted = random.nextBoolean();
        out.timestamp = random.nextBoolean();
        out.tsVal = random.nextInt();
        out.tsEcr = random.nextInt();
        int blocks = random.nextInt(5);
        for (int b = 0; b < blocks; b++) {
            out.addSackBlock(random.nextInt(), random.nextInt());
        }
        out.payload = data;
        out.payloadOffset = random.nextInt(10);
        out.payloadLength = random.nextInt(4) == 0 ? 0 : random.nextInt(280);
        return writer.write(out, buffer, offset);
    }

    private void flipBits(int offset, int length) {
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
            int at = offset + random.nextInt(Math.min(length, 60));
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
    }

    /** Replaces the option area with random bytes, sometimes biased to known kinds and lengths. */
    private void randomOptionBytes(int offset) {
        int tcp = offset + 20;
        int words = random.nextInt(11);
        bytes[tcp + 12] = (byte) ((5 + words) << 4);
        for (int i = 0; i < words * 4; i++) {
            int pick = random.nextInt(8);
            bytes[tcp + 20 + i] = (byte) switch (pick) {
                case 0 -> 1;
                case 1 -> random.nextInt(9);
                case 2 -> 2 + 8 * random.nextInt(5);
                case 3 -> random.nextInt(12);
                default -> random.nextInt(256);
            };
        }
    }

    private int randomBytes(int offset) {
        int length = random.nextInt(120);
        for (int i = 0; i < length; i++) {
            bytes[offset + i] = (byte) random.nextInt(256);
        }
        if (length > 0 && random.nextBoolean()) {
            bytes[offset] = (byte) (0x40 | random.nextInt(16));
        }
        if (length > 10 && random.nextBoolean()) {
            bytes[offset + 6] = 0;
            bytes[offset + 7] = 0;
            bytes[offset + 9] = 6;
        }
        if (length > 3 && random.nextBoolean()) {
            RawPacket.put16(bytes, offset + 2, length - random.nextInt(3));
        }
        return length;
    }

    private void overwriteHeaderField(int offset) {
        int[] fields = {0, 2, 3, 6, 7, 9, 32};
        int at = offset + fields[random.nextInt(fields.length)];
        bytes[at] = (byte) random.nextInt(256);
    }

    private void assertConsistent(int offset, int length, int i) {
        String where = "packet " + i + ": ";
        int ihl = (bytes[offset] & 0xF) * 4;
        int total = RawPacket.get16(bytes, offset + 2);
        assertEquals(4, (bytes[offset] & 0xFF) >>> 4, where + "version");
        assertTrue(ihl >= 20 && total <= length && total >= ihl + 20, where + "IP lengths");
        assertEquals(offset, segment.packetOffset(), where);
        assertEquals(total, segment.packetLength(), where);
        assertEquals(offset + ihl, segment.tcpOffset(), where);
        int header = segment.tcpHeaderLength();
        assertTrue(header >= 20 && header <= 60 && header % 4 == 0, where + "TCP header length " + header);
        assertEquals(segment.tcpOffset() + header, segment.payloadOffset(), where);
        assertTrue(segment.payloadLength() >= 0, where);
        assertEquals(offset + total, segment.payloadOffset() + segment.payloadLength(), where + "payload ends at total");
        assertEquals(0, RawPacket.checksum(bytes, offset, ihl, 0), where + "IP checksum");
        int tcpLength = total - ihl;
        int pseudo = RawPacket.pseudoHeaderSum(segment.sourceAddress(), segment.destinationAddress(), tcpLength);
        assertEquals(0, RawPacket.checksum(bytes, offset + ihl, tcpLength, pseudo), where + "TCP checksum");
        assertEquals(0, RawPacket.get16(bytes, offset + 6) & 0x3FFF, where + "not a fragment");
        assertEquals(6, bytes[offset + 9], where + "protocol");
        TcpOptions options = segment.options();
        assertTrue(options.mss >= -1 && options.mss <= 65535, where + "mss");
        assertTrue(options.windowScale >= -1 && options.windowScale <= 14, where + "wscale");
        assertTrue(options.sackBlockCount >= 0 && options.sackBlockCount <= 4, where + "sack blocks");
        assertTrue(segment.sourcePort() >= 0 && segment.sourcePort() <= 65535, where);
        assertTrue(segment.window() >= 0 && segment.window() <= 65535, where);
        assertTrue(segment.flags() >= 0 && segment.flags() <= 255, where);
        assertTrue(segment.ecn() >= 0 && segment.ecn() <= 3, where);
        int syn = segment.has(TcpFlags.SYN) ? 1 : 0;
        int fin = segment.has(TcpFlags.FIN) ? 1 : 0;
        assertEquals(segment.payloadLength() + syn + fin, segment.segmentLength(), where);
        assertTrue(segment.toString().contains(":" + segment.destinationPort() + " ["), where + segment);
    }
}
