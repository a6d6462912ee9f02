package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void unitsAreNanosMicrosMillisAndSecondsCaseInsensitive() {
        assertEquals(5_000_000, DurationText.parseNanos("5ms"));
        assertEquals(5_000_000, DurationText.parseNanos("5 MS"));
        assertEquals(250_000, DurationText.parseNanos("250us"));
        assertEquals(250_000, DurationText.parseNanos("250µs"));
        assertEquals(42, DurationText.parseNanos("42ns"));
        assertEquals(2_000_000_000, DurationText.parseNanos("2s"));
        assertEquals(1_500_000, DurationText.parseNanos("1.5ms"));
        assertEquals(0, DurationText.parseNanos("0"));
        assertEquals(0, DurationText.parseNanos("0ms"));
        assertEquals(DurationText.MAX_NANOS, DurationText.parseNanos("3600s"));
    }

    @Test
    void missingOrUnknownUnitsNegativeGarbageAndTooLongAreRefused() {
        assertEquals("'5' has no unit; write a number and a unit ns, us, ms or s, e.g. 5ms, 250us or 1.5s",
            assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos("5")).getMessage());
        assertEquals("'5min' has the unknown unit 'min'; write a number and a unit ns, us, ms or s, e.g. 5ms, 250us or 1.5s",
            assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos("5min")).getMessage());
        assertEquals("'-5ms' is not a duration; write a number and a unit ns, us, ms or s, e.g. 5ms, 250us or 1.5s",
            assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos("-5ms")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos("1..5ms"));
        assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos(""));
        assertEquals("'2h' has the unknown unit 'h'; write a number and a unit ns, us, ms or s, e.g. 5ms, 250us or 1.5s",
            assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos("2h")).getMessage());
        assertEquals("'3601s' is longer than the most allowed, 1 hour (3600s)",
            assertThrows(IllegalArgumentException.class, () -> DurationText.parseNanos("3601s")).getMessage());
    }
}
