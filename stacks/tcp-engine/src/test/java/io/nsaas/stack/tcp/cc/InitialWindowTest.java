package io.nsaas.stack.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitialWindowTest {
    // RFC 6928 equation 1: min(10*MSS, max(2*MSS, 14600)).

    @Test
    void smallMssGetsTenSegments() {
        assertEquals(5360, InitialWindow.bytes(536));      // min(5360, max(1072, 14600))
    }

    @Test
    void ethernetMssGetsTenSegments() {
        assertEquals(14600, InitialWindow.bytes(1460));    // min(14600, max(2920, 14600))
    }

    @Test
    void largerMssIsCappedAt14600Bytes() {
        assertEquals(14600, InitialWindow.bytes(1461));    // min(14610, 14600)
        assertEquals(14600, InitialWindow.bytes(4096));    // min(40960, max(8192, 14600))
        assertEquals(14600, InitialWindow.bytes(7300));    // 2*MSS == 14600
    }

    @Test
    void jumboMssGetsTwoSegments() {
        assertEquals(14602, InitialWindow.bytes(7301));    // 2*MSS above 14600
        assertEquals(18000, InitialWindow.bytes(9000));    // min(90000, max(18000, 14600))
    }

    @Test
    void otherSegmentCountsScaleTheByteBound() {
        assertEquals(5840, InitialWindow.bytes(1460, 4));  // min(5840, max(2920, 5840))
        assertEquals(18000, InitialWindow.bytes(9000, 4)); // min(36000, max(18000, 5840))
        assertEquals(536, InitialWindow.bytes(536, 1));    // min(536, max(1072, 1460))
        assertEquals(Integer.MAX_VALUE, InitialWindow.bytes(65535, 1 << 21)); // 1460 * 2^21 > 2^31: saturates
    }

    @Test
    void rejectsNonPositiveInputsWithAMessage() {
        IllegalArgumentException mss = assertThrows(IllegalArgumentException.class, () -> InitialWindow.bytes(0));
        assertTrue(mss.getMessage().contains("mss 0"), mss.getMessage());
        IllegalArgumentException segments = assertThrows(IllegalArgumentException.class, () -> InitialWindow.bytes(1460, 0));
        assertTrue(segments.getMessage().contains("segments 0"), segments.getMessage());
    }
}
