package io.nsaas.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchArgumentsTest {
    static final String USAGE = "Prog MODE N [SIZE]";

    @Test
    void sizesTakeBinarySuffixes() {
        BenchArguments a = BenchArguments.expect(USAGE, new String[] {"1G", "500m", "7", "3K"}, 1, 4);
        assertEquals(1L << 30, a.size(0, "BYTES"));
        assertEquals(500L << 20, a.size(1, "BYTES"));
        assertEquals(7, a.size(2, "BYTES"));
        assertEquals(3072, a.size(3, "BYTES"));
    }

    @Test
    void wrongArgumentCountShowsTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BenchArguments.expect(USAGE, new String[] {"x"}, 2, 3));
        assertEquals("expected 2..3 arguments, got 1; usage: " + USAGE, e.getMessage());
    }

    @Test
    void malformedAndOutOfRangeValuesNameTheArgument() {
        BenchArguments a = BenchArguments.expect(USAGE, new String[] {"client", "ten", "0", "1T"}, 4, 4);
        assertEquals("N must be a whole number, got 'ten'; usage: " + USAGE,
            assertThrows(IllegalArgumentException.class, () -> a.integer(1, "N", 1, 100)).getMessage());
        assertEquals("N must be in 1..100, got 0; usage: " + USAGE,
            assertThrows(IllegalArgumentException.class, () -> a.integer(2, "N", 1, 100)).getMessage());
        assertEquals("BYTES must be a byte count like 1G or 500M, got '1T'; usage: " + USAGE,
            assertThrows(IllegalArgumentException.class, () -> a.size(3, "BYTES")).getMessage());
        assertEquals("client", a.text(0, null));
        assertEquals("fallback", BenchArguments.expect(USAGE, new String[] {"a"}, 1, 2).text(1, "fallback"));
    }
}
