package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteCountTest {

    @Test
    void decimalAndBinaryUnitsAreCaseInsensitive() {
        assertEquals(1234, ByteCount.parse("1234"));
        assertEquals(5, ByteCount.parse("5B"));
        assertEquals(20_000_000, ByteCount.parse("20MB"));
        assertEquals(20_000_000, ByteCount.parse("20mb"));
        assertEquals(3_000, ByteCount.parse("3KB"));
        assertEquals(2_000_000_000_000L, ByteCount.parse("2TB"));
        assertEquals(1L << 30, ByteCount.parse("1GiB"));
        assertEquals(3L << 20, ByteCount.parse("3 MiB"));
        assertEquals(1L << 10, ByteCount.parse("1kib"));
        assertEquals(0, ByteCount.parse("0"));
    }

    @Test
    void singleLetterUnitsAreRefusedAsAmbiguous() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteCount.parse("1G"));
        assertTrue(e.getMessage().contains("ambiguous unit 'G'; write GB (powers of 1000) or GiB (powers of 1024)"),
            e.getMessage());
    }

    @Test
    void garbageUnknownUnitsFractionsAndOverflowAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteCount.parse("lots")).getMessage()
            .contains("'lots' is not a byte count"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteCount.parse("12XB")).getMessage()
            .contains("unknown unit 'XB'"));
        assertThrows(IllegalArgumentException.class, () -> ByteCount.parse("1.5GB"));
        assertThrows(IllegalArgumentException.class, () -> ByteCount.parse("-5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteCount.parse("9000000TiB")).getMessage()
            .contains("too large"));
    }

    @Test
    void humanFormUsesTheLargestBinaryUnit() {
        assertEquals("512 B", ByteCount.human(512));
        assertEquals("8.00 MiB", ByteCount.human(8L << 20));
        assertEquals("1.50 GiB", ByteCount.human(3L << 29));
    }
}
