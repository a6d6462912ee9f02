package io.nsaas.stack.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ReceiveBufferTest {

    /** Stream byte at offset p is (byte) p, so any range is easy to build and check. */
    private static UnsafeBuffer stream(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return new UnsafeBuffer(b);
    }

    private static UnsafeBuffer filled(int count, int value) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) value);
        return new UnsafeBuffer(b);
    }

    private static byte[] readAll(ReceiveBuffer buffer) {
        UnsafeBuffer dst = new UnsafeBuffer(new byte[buffer.readable()]);
        int n = buffer.read(dst, 0, dst.capacity());
        return Arrays.copyOf(dst.byteArray(), n);
    }

    /** Writes stream bytes [from, from + count) given the stream offset currently at RCV.NXT. */
    private static int deliver(ReceiveBuffer buffer, int rcvNxtOffset, int from, int count) {
        return buffer.write(from - rcvNxtOffset, stream(from, count), 0, count);
    }

    private static int[][] blocks(ReceiveBuffer buffer, int rcvNxt, int max) {
        int[] left = new int[4];
        int[] right = new int[4];
        int n = buffer.sackBlocks(rcvNxt, left, right, max);
        int[][] result = new int[n][];
        for (int i = 0; i < n; i++) {
            result[i] = new int[] {left[i], right[i]};
        }
        return result;
    }

    private static int[][] expect(int... edges) {
        int[][] result = new int[edges.length / 2][];
        for (int i = 0; i < result.length; i++) {
            result[i] = new int[] {edges[2 * i], edges[2 * i + 1]};
        }
        return result;
    }

    private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void inOrderWritesBecomeReadableAndShrinkTheWindow() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 4);
        assertEquals(10, deliver(buffer, 0, 0, 10));
        assertEquals(20, deliver(buffer, 10, 10, 20));
        assertEquals(30, buffer.readable());
        assertEquals(70, buffer.window());
        assertFalse(buffer.hasOutOfOrder());
        assertArrayEquals(stream(0, 30).byteArray(), readAll(buffer));
        assertEquals(100, buffer.window());
        assertEquals(0, buffer.read(new UnsafeBuffer(new byte[4]), 0, 4));
    }

    @Test
    void outOfOrderDataWaitsForTheHoleThenBecomesReadable() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 4);
        assertEquals(0, deliver(buffer, 0, 10, 10));
        assertTrue(buffer.hasOutOfOrder());
        assertEquals(0, buffer.readable());
        assertEquals(100, buffer.window(), "out-of-order bytes lie inside the window");
        assertEquals(20, deliver(buffer, 0, 0, 10));
        assertFalse(buffer.hasOutOfOrder());
        assertArrayEquals(stream(0, 20).byteArray(), readAll(buffer));
    }

    @Test
    void overlappingRangesMergeAndTouchingRangesJoin() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 4);
        deliver(buffer, 0, 10, 10);                 // [10,20)
        deliver(buffer, 0, 30, 10);                 // [30,40)
        assertEquals(2, buffer.outOfOrderRanges());
        deliver(buffer, 0, 15, 20);                 // [15,35) bridges both
        assertEquals(1, buffer.outOfOrderRanges());
        deliver(buffer, 0, 40, 5);                  // touches: [10,45)
        assertEquals(1, buffer.outOfOrderRanges());
        assertArrayEquals(expect(1010, 1045), blocks(buffer, 1000, 4));
        assertEquals(45, deliver(buffer, 0, 0, 10));
        assertArrayEquals(stream(0, 45).byteArray(), readAll(buffer));
    }

    @Test
    void dataBeforeRcvNxtNeverOverwritesDeliveredOrReadableBytes() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 4);
        deliver(buffer, 0, 0, 10);
        UnsafeBuffer five = new UnsafeBuffer(new byte[5]);
        buffer.read(five, 0, 5);                     // 0..4 delivered, 5..9 readable
        // A retransmission covering 2..14 whose first 8 bytes are garbage: only 10..14 may be taken.
        UnsafeBuffer segment = filled(13, 0x7f);
        segment.putBytes(8, stream(10, 5), 0, 5);
        assertEquals(5, buffer.write(-8, segment, 0, 13));
        assertArrayEquals(stream(5, 10).byteArray(), readAll(buffer));
        assertEquals(0, buffer.write(-3, filled(3, 0x7f), 0, 3), "entirely old segment");
        assertEquals(0, buffer.readable());
    }

    @Test
    void duplicateOutOfOrderSegmentsChangeNothingButTheirBytes() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 4);
        deliver(buffer, 0, 20, 10);
        assertEquals(0, deliver(buffer, 0, 20, 10));
        assertEquals(0, deliver(buffer, 0, 22, 3));
        assertEquals(1, buffer.outOfOrderRanges());
        assertEquals(30, deliver(buffer, 0, 0, 20));
        assertArrayEquals(stream(0, 30).byteArray(), readAll(buffer));
    }

    @Test
    void fullRangeTableRejectsANewRangeButStillExtendsExistingOnes() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 2);
        deliver(buffer, 0, 10, 1);
        deliver(buffer, 0, 20, 1);
        assertEquals(ReceiveBuffer.RANGE_TABLE_FULL, buffer.write(30, filled(1, 0x7f), 0, 1));
        assertEquals(ReceiveBuffer.RANGE_TABLE_FULL, buffer.write(5, filled(1, 0x7f), 0, 1));
        assertEquals(2, buffer.outOfOrderRanges());
        assertEquals(0, deliver(buffer, 0, 21, 4));  // extends [20,21) to [20,25)
        assertEquals(25, deliver(buffer, 0, 0, 20)); // fills up to the end of [20,25)
        assertArrayEquals(stream(0, 25).byteArray(), readAll(buffer));
        assertFalse(buffer.hasOutOfOrder(), "the rejected byte at 30 was not stored");
    }

    @Test
    void zeroRangeTableAcceptsOnlyInOrderData() {
        ReceiveBuffer buffer = new ReceiveBuffer(10, 0);
        assertEquals(ReceiveBuffer.RANGE_TABLE_FULL, deliver(buffer, 0, 1, 2));
        assertEquals(3, deliver(buffer, 0, 0, 3));
    }

    @Test
    void bytesBeyondTheWindowAreTrimmed() {
        ReceiveBuffer buffer = new ReceiveBuffer(100, 4);
        assertEquals(0, deliver(buffer, 0, 90, 20));     // only [90,100) fits
        assertEquals(0, deliver(buffer, 0, 100, 5), "entirely beyond the window");
        assertEquals(1, buffer.outOfOrderRanges());
        assertEquals(100, deliver(buffer, 0, 0, 95));
        assertEquals(0, buffer.window());
        assertEquals(0, deliver(buffer, 100, 100, 5), "no window left");
        UnsafeBuffer first = new UnsafeBuffer(new byte[60]);
        assertEquals(60, buffer.read(first, 0, 60));
        assertEquals(60, buffer.window());
        assertEquals(60, deliver(buffer, 100, 100, 70));  // wraps the ring, trimmed to 60
        byte[] rest = readAll(buffer);
        assertArrayEquals(stream(60, 100).byteArray(), rest);
    }

    /**
     * RFC 2018 section 4 rules applied to its examples (left edge 5000, eight 500-byte segments): the
     * block holding the segment that triggered the ACK comes first, then the most recently reported ones.
     */
    @Test
    void sackBlocksFollowRfc2018OrderWhenSecondFourthSixthEighthSegmentsAreLost() {
        ReceiveBuffer buffer = new ReceiveBuffer(8192, 8);
        assertEquals(500, deliver(buffer, 5000, 5000, 500));
        assertArrayEquals(expect(), blocks(buffer, 5500, 4));
        deliver(buffer, 5500, 6000, 500);
        assertArrayEquals(expect(6000, 6500), blocks(buffer, 5500, 4));
        deliver(buffer, 5500, 7000, 500);
        assertArrayEquals(expect(7000, 7500, 6000, 6500), blocks(buffer, 5500, 4));
        deliver(buffer, 5500, 8000, 500);
        assertArrayEquals(expect(8000, 8500, 7000, 7500, 6000, 6500), blocks(buffer, 5500, 4));
        assertArrayEquals(expect(8000, 8500, 7000, 7500), blocks(buffer, 5500, 2), "at most max blocks");
        deliver(buffer, 5500, 6500, 500);           // 4th segment arrives: merges 6000..7500
        assertArrayEquals(expect(6000, 7500, 8000, 8500), blocks(buffer, 5500, 4));
        assertEquals(2000, deliver(buffer, 5500, 5500, 500)); // 2nd segment: ACK 7500
        assertArrayEquals(expect(8000, 8500), blocks(buffer, 7500, 4));
    }

    @Test
    void sackBlocksGrowOneBlockWhenOnlyTheFirstSegmentIsLost() {
        ReceiveBuffer buffer = new ReceiveBuffer(8192, 8);
        for (int seq = 5500; seq < 9000; seq += 500) {
            deliver(buffer, 5000, seq, 500);
            assertArrayEquals(expect(5500, seq + 500), blocks(buffer, 5000, 4));
        }
    }

    @Test
    void duplicateInAnOlderRangeMovesThatRangeFirst() {
        ReceiveBuffer buffer = new ReceiveBuffer(8192, 8);
        deliver(buffer, 5000, 6000, 500);
        deliver(buffer, 5000, 7000, 500);
        deliver(buffer, 5000, 8000, 500);
        deliver(buffer, 5000, 6000, 500);
        assertArrayEquals(expect(6000, 6500, 8000, 8500, 7000, 7500), blocks(buffer, 5000, 4));
    }

    @Test
    void sequenceNumbersWrapAt2Pow32() {
        ReceiveBuffer buffer = new ReceiveBuffer(4096, 4);
        int rcvNxt = 0xFFFF_FE00;
        assertEquals(0, buffer.write(0xFFFF_FF00 - rcvNxt, stream(256, 512), 0, 512));
        int[][] sack = blocks(buffer, rcvNxt, 4);
        assertArrayEquals(expect(0xFFFF_FF00, 0x0000_0100), sack);
        assertEquals(768, buffer.write(0, stream(0, 256), 0, 256));
        rcvNxt += 768;
        assertEquals(0x100, rcvNxt);
        assertArrayEquals(stream(0, 768).byteArray(), readAll(buffer));
    }

    @Test
    void allocatesLazilyAndReleasesWhenEmpty() {
        ReceiveBuffer buffer = new ReceiveBuffer(1 << 20, 32);
        assertFalse(buffer.isAllocated());
        assertEquals(0, buffer.write(1 << 21, filled(10, 1), 0, 10), "beyond the window: nothing stored");
        assertFalse(buffer.isAllocated());
        deliver(buffer, 0, 5, 5);
        assertTrue(buffer.isAllocated());
        assertFalse(buffer.release(), "holds out-of-order data");
        deliver(buffer, 0, 0, 5);
        readAll(buffer);
        assertTrue(buffer.release());
        assertFalse(buffer.isAllocated());
        assertEquals(3, deliver(buffer, 10, 10, 3));
        assertArrayEquals(stream(10, 3).byteArray(), readAll(buffer));
    }

    @Test
    void invalidConstructionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReceiveBuffer(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveBuffer(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new ReceiveBuffer(10, ReceiveBuffer.MAX_RANGES + 1));
    }

    @Test
    void shuffledAndDuplicatedSegmentsAssembleToTheSourceSha256() throws Exception {
        Random random = new Random(20_240_601L);
        byte[] source = new byte[60_000];
        random.nextBytes(source);
        List<int[]> segments = new ArrayList<>();
        for (int at = 0; at < source.length; ) {
            int length = Math.min(1 + random.nextInt(1460), source.length - at);
            segments.add(new int[] {at, length});
            if (random.nextInt(4) == 0) {
                segments.add(new int[] {at, length});        // duplicate
            }
            at += length;
        }
        Collections.shuffle(segments, random);
        ArrayDeque<int[]> queue = new ArrayDeque<>(segments);
        ReceiveBuffer buffer = new ReceiveBuffer(65_536, 16);
        UnsafeBuffer src = new UnsafeBuffer(source);
        int isn = 0xFFFF_FC00;                                  // sequence space wraps after 1 KiB
        int rcvNxt = isn;
        int rejected = 0;
        while (!queue.isEmpty()) {
            int[] segment = queue.poll();
            int result = buffer.write(isn + segment[0] - rcvNxt, src, segment[0], segment[1]);
            if (result == ReceiveBuffer.RANGE_TABLE_FULL) {
                rejected++;
                queue.add(segment);                             // the sender retransmits it later
            } else {
                rcvNxt += result;
            }
        }
        assertTrue(rejected > 0, "the 16-range table should have overflowed with this shuffle");
        assertEquals(isn + source.length, rcvNxt);
        assertArrayEquals(sha256(source), sha256(readAll(buffer)));
    }

    @Test
    void randomOverlappingSegmentsWithInterleavedReadsDeliverTheSourceSha256() throws Exception {
        Random random = new Random(7);
        byte[] source = new byte[300_000];
        random.nextBytes(source);
        UnsafeBuffer src = new UnsafeBuffer(source);
        ReceiveBuffer buffer = new ReceiveBuffer(20_000, 8);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        UnsafeBuffer out = new UnsafeBuffer(new byte[7_000]);
        int isn = 0x7FFF_0000;                                  // crosses the signed boundary too
        int rcvNxt = isn;
        long delivered = 0;
        for (int step = 0; delivered < source.length; step++) {
            assertTrue(step < 2_000_000, "no progress after " + step + " steps");
            int inOrder = rcvNxt - isn;
            if (random.nextInt(10) < 8) {
                int start = Math.max(0, inOrder - 600 + random.nextInt(buffer.window() + 600));
                if (start >= source.length) {
                    continue;
                }
                int length = Math.min(1 + random.nextInt(1460), source.length - start);
                int result = buffer.write(isn + start - rcvNxt, src, start, length);
                assertTrue(result >= ReceiveBuffer.RANGE_TABLE_FULL);
                if (result > 0) {
                    rcvNxt += result;
                }
            } else {
                int n = buffer.read(out, 0, random.nextInt(out.capacity()));
                received.update(out.byteArray(), 0, n);
                delivered += n;
            }
            assertTrue(buffer.outOfOrderRanges() <= 8);
        }
        assertArrayEquals(sha256(source), received.digest());
    }
}
