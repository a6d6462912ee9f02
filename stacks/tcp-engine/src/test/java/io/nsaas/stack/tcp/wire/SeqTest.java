package io.nsaas.stack.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {
    private static final int BEFORE_WRAP = 0xFFFF_FFF0;
    private static final int AFTER_WRAP = 0x10;

    @Test
    void numberJustBeforeWrapPrecedesNumberJustAfter() {
        assertTrue(Seq.lt(BEFORE_WRAP, AFTER_WRAP));
        assertTrue(Seq.le(BEFORE_WRAP, AFTER_WRAP));
        assertFalse(Seq.gt(BEFORE_WRAP, AFTER_WRAP));
        assertFalse(Seq.ge(BEFORE_WRAP, AFTER_WRAP));
        assertTrue(Seq.gt(AFTER_WRAP, BEFORE_WRAP));
        assertTrue(Seq.ge(AFTER_WRAP, BEFORE_WRAP));
        assertFalse(Seq.lt(AFTER_WRAP, BEFORE_WRAP));
    }

    @Test
    void equalNumbersAreNeitherLessNorGreater() {
        assertFalse(Seq.lt(BEFORE_WRAP, BEFORE_WRAP));
        assertFalse(Seq.gt(BEFORE_WRAP, BEFORE_WRAP));
        assertTrue(Seq.le(BEFORE_WRAP, BEFORE_WRAP));
        assertTrue(Seq.ge(BEFORE_WRAP, BEFORE_WRAP));
    }

    @Test
    void signedOverflowPointIsOrdinaryForSequenceNumbers() {
        assertTrue(Seq.lt(Integer.MAX_VALUE, Integer.MIN_VALUE));
        assertTrue(Seq.lt(-1, 0));
        assertTrue(Seq.lt(100, 200));
    }

    @Test
    void maxAndMinPickAcrossTheWrap() {
        assertEquals(AFTER_WRAP, Seq.max(BEFORE_WRAP, AFTER_WRAP));
        assertEquals(AFTER_WRAP, Seq.max(AFTER_WRAP, BEFORE_WRAP));
        assertEquals(BEFORE_WRAP, Seq.min(BEFORE_WRAP, AFTER_WRAP));
        assertEquals(BEFORE_WRAP, Seq.min(AFTER_WRAP, BEFORE_WRAP));
        assertEquals(5, Seq.max(5, 5));
    }

    @Test
    void inRangeSpansTheWrapWithInclusiveStartAndExclusiveEnd() {
        assertTrue(Seq.inRange(BEFORE_WRAP, BEFORE_WRAP, AFTER_WRAP));
        assertTrue(Seq.inRange(0xFFFF_FFFF, BEFORE_WRAP, AFTER_WRAP));
        assertTrue(Seq.inRange(0, BEFORE_WRAP, AFTER_WRAP));
        assertTrue(Seq.inRange(AFTER_WRAP - 1, BEFORE_WRAP, AFTER_WRAP));
        assertFalse(Seq.inRange(AFTER_WRAP, BEFORE_WRAP, AFTER_WRAP));
        assertFalse(Seq.inRange(BEFORE_WRAP - 1, BEFORE_WRAP, AFTER_WRAP));
        assertFalse(Seq.inRange(0x8000_0000, BEFORE_WRAP, AFTER_WRAP));
    }

    @Test
    void emptyRangeHoldsNothing() {
        assertFalse(Seq.inRange(7, 7, 7));
        assertFalse(Seq.inRange(BEFORE_WRAP, BEFORE_WRAP, BEFORE_WRAP));
    }
}
