package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
    @Test
    void matchesRfc1071NumericalExample() {
        // RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (folded), so the checksum is 220d.
        UnsafeBuffer buffer = bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
        long sum = InternetChecksum.sum(buffer, 0, 8, 0);
        assertEquals(0x220d, InternetChecksum.fold(sum));
    }

    @Test
    void matchesWellKnownIpv4Header() {
        UnsafeBuffer buffer = bytes(0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
            0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7);
        assertEquals(0xB861, InternetChecksum.fold(InternetChecksum.sum(buffer, 0, 20, 0)));
        buffer.putByte(10, (byte) 0xB8);
        buffer.putByte(11, (byte) 0x61);
        assertEquals(0, InternetChecksum.fold(InternetChecksum.sum(buffer, 0, 20, 0)));
    }

    @Test
    void padsOddTrailingByteAsHighHalfOfWord() {
        assertEquals(~0xAB00 & 0xFFFF, InternetChecksum.fold(InternetChecksum.sum(bytes(0xAB), 0, 1, 0)));
        assertEquals(~(0x0102 + 0x0300) & 0xFFFF,
            InternetChecksum.fold(InternetChecksum.sum(bytes(0x01, 0x02, 0x03), 0, 3, 0)));
    }

    @Test
    void emptyDataChecksumsToAllOnes() {
        assertEquals(0xFFFF, InternetChecksum.fold(InternetChecksum.sum(bytes(), 0, 0, 0)));
    }

    @Test
    void agreesWithWordByWordSumForEveryLengthAndOffset() {
        Random random = new Random(1071);
        byte[] data = new byte[300];
        random.nextBytes(data);
        UnsafeBuffer buffer = new UnsafeBuffer(data);
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length + offset <= data.length; length++) {
                assertEquals(wordByWord(data, offset, length, 0),
                    InternetChecksum.fold(InternetChecksum.sum(buffer, offset, length, 0)),
                    "offset " + offset + " length " + length);
            }
        }
    }

    @Test
    void chainedEvenPiecesEqualOneSum() {
        Random random = new Random(7);
        byte[] data = new byte[1500];
        random.nextBytes(data);
        UnsafeBuffer buffer = new UnsafeBuffer(data);
        long pseudo = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 1480;
        long chained = InternetChecksum.sum(buffer, 20, 20, pseudo);
        chained = InternetChecksum.sum(buffer, 40, 1460, chained);
        assertEquals(wordByWord(data, 20, 1480, (int) pseudo), InternetChecksum.fold(chained));
    }

    @Test
    void foldsLargeDeferredCarries() {
        assertEquals(~0xFFFF & 0xFFFF, InternetChecksum.fold(0xFFFF_FFFF_FFFFL));
        assertEquals(~0x0001 & 0xFFFF, InternetChecksum.fold(0x1_0000L));
    }

    @Test
    void rejectsNegativeLength() {
        assertThrows(IllegalArgumentException.class, () -> InternetChecksum.sum(bytes(1, 2), 0, -1, 0));
    }

    private static int wordByWord(byte[] data, int offset, int length, int initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            int hi = data[offset + i] & 0xFF;
            int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private static UnsafeBuffer bytes(int... values) {
        byte[] data = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = (byte) values[i];
        }
        return new UnsafeBuffer(data);
    }
}
