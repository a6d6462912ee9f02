package io.nsaas.stack.tcp.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SendBufferTest {

    private static UnsafeBuffer bytes(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return new UnsafeBuffer(b);
    }

    private static byte[] copyOut(SendBuffer buffer, int offsetFromUna, int length) {
        UnsafeBuffer dst = new UnsafeBuffer(new byte[length]);
        int n = buffer.copy(offsetFromUna, dst, 0, length);
        return Arrays.copyOf(dst.byteArray(), n);
    }

    @Test
    void appendAcceptsOnlyFreeSpaceAndNothingWhenFull() {
        SendBuffer buffer = new SendBuffer(10);
        assertEquals(6, buffer.append(bytes(0, 6), 0, 6));
        assertEquals(4, buffer.append(bytes(6, 8), 0, 8));
        assertEquals(0, buffer.append(bytes(0, 3), 0, 3));
        assertEquals(10, buffer.size());
        assertEquals(0, buffer.free());
        assertArrayEquals(bytes(0, 10).byteArray(), copyOut(buffer, 0, 10));
    }

    @Test
    void copiesAcrossTheRingWrapAfterConsume() {
        SendBuffer buffer = new SendBuffer(10);
        buffer.append(bytes(0, 8), 0, 8);
        buffer.consume(6);                          // una at ring index 6; bytes 6,7 left
        assertEquals(7, buffer.append(bytes(8, 7), 0, 7)); // 8..14 wrap to ring index 0..4
        assertEquals(9, buffer.size());
        assertArrayEquals(bytes(6, 9).byteArray(), copyOut(buffer, 0, 20));
        assertArrayEquals(bytes(9, 3).byteArray(), copyOut(buffer, 3, 3));  // straddles the wrap
        assertArrayEquals(bytes(12, 3).byteArray(), copyOut(buffer, 6, 10)); // partial: only 3 left
    }

    @Test
    void copyAtOrPastTheEndCopiesNothing() {
        SendBuffer buffer = new SendBuffer(8);
        buffer.append(bytes(0, 5), 0, 5);
        assertEquals(0, buffer.copy(5, new UnsafeBuffer(new byte[4]), 0, 4));
        assertEquals(0, buffer.copy(7, new UnsafeBuffer(new byte[4]), 0, 4));
        assertEquals(2, buffer.copy(3, new UnsafeBuffer(new byte[4]), 2, 4));
    }

    @Test
    void consumeBeyondBufferedDataIsRejected() {
        SendBuffer buffer = new SendBuffer(8);
        buffer.append(bytes(0, 3), 0, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.consume(4));
        assertTrue(e.getMessage().contains("4 bytes but 3 are buffered"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> buffer.consume(-1));
    }

    @Test
    void resizeKeepsWrappedBytesInOrder() {
        SendBuffer buffer = new SendBuffer(8);
        buffer.append(bytes(0, 8), 0, 8);
        buffer.consume(5);
        buffer.append(bytes(8, 4), 0, 4);            // 5,6,7 | 8,9,10,11 wrapped
        buffer.resize(16);
        assertEquals(16, buffer.capacity());
        assertEquals(9, buffer.free());
        assertArrayEquals(bytes(5, 7).byteArray(), copyOut(buffer, 0, 16));
        assertEquals(9, buffer.append(bytes(12, 20), 0, 20));
        assertArrayEquals(bytes(5, 16).byteArray(), copyOut(buffer, 0, 16));
    }

    @Test
    void resizeBelowBufferedBytesIsRejectedAndShrinkingWhenTheyFitWorks() {
        SendBuffer buffer = new SendBuffer(16);
        buffer.append(bytes(0, 10), 0, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.resize(9));
        assertTrue(e.getMessage().contains("below the 10 buffered bytes"), e.getMessage());
        buffer.resize(10);
        assertEquals(0, buffer.free());
        assertArrayEquals(bytes(0, 10).byteArray(), copyOut(buffer, 0, 10));
    }

    @Test
    void allocatesOnFirstAppendAndReleasesWhenEmpty() {
        SendBuffer buffer = new SendBuffer(1 << 20);
        assertFalse(buffer.isAllocated());
        assertEquals(0, buffer.append(bytes(0, 0), 0, 0));
        assertFalse(buffer.isAllocated());
        buffer.append(bytes(0, 3), 0, 3);
        assertTrue(buffer.isAllocated());
        assertFalse(buffer.release());               // still holds data
        buffer.consume(3);
        assertTrue(buffer.release());
        assertFalse(buffer.isAllocated());
        buffer.append(bytes(7, 2), 0, 2);
        assertArrayEquals(bytes(7, 2).byteArray(), copyOut(buffer, 0, 2));
    }

    @Test
    void invalidCapacityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SendBuffer(0));
        assertThrows(IllegalArgumentException.class, () -> new SendBuffer(SendBuffer.MAX_CAPACITY + 1));
    }

    @Test
    void seededRandomAppendCopyConsumeMatchesAByteStream() {
        Random random = new Random(0x5eed);
        SendBuffer buffer = new SendBuffer(97);
        int una = 0;
        int next = 0;
        for (int step = 0; step < 20_000; step++) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    int length = random.nextInt(60);
                    int accepted = buffer.append(bytes(next, length), 0, length);
                    assertEquals(Math.min(length, 97 - (next - una)), accepted);
                    next += accepted;
                }
                case 1 -> buffer.consume(random.nextInt(next - una + 1));
                default -> {
                    int offset = random.nextInt(next - una + 1);
                    int length = random.nextInt(60);
                    byte[] got = copyOut(buffer, offset, length);
                    // Stream byte p is (byte) p, so the expected bytes are known without a copy.
                    assertArrayEquals(bytes(una + offset, Math.min(length, next - una - offset)).byteArray(), got,
                        "step " + step);
                }
            }
            una = next - buffer.size();
        }
    }
}
