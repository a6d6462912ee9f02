package io.nsaas.stack.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlowStartTest {
    private static final int MSS = 1460;
    private static final int NO_SSTHRESH = Integer.MAX_VALUE;

    @Test
    void slowStartGrowsByAckedBytesPerAck() {
        // RFC 5681 3.1 with RFC 3465 byte counting: cwnd += min(N, 2*SMSS).
        assertEquals(14600 + 1460, SlowStart.slowStart(14600, NO_SSTHRESH, 1460, MSS));
        assertEquals(14600 + 2920, SlowStart.slowStart(14600, NO_SSTHRESH, 2920, MSS));
        assertEquals(14600 + 1000, SlowStart.slowStart(14600, NO_SSTHRESH, 1000, MSS));
    }

    @Test
    void stretchAckGrowsByAtMostTwoSegments() {
        // RFC 3465 2.2: L = 2*SMSS; an ACK covering 3 or 10 segments still adds 2920.
        assertEquals(14600 + 2920, SlowStart.slowStart(14600, NO_SSTHRESH, 3 * MSS, MSS));
        assertEquals(14600 + 2920, SlowStart.slowStart(14600, NO_SSTHRESH, 10 * MSS, MSS));
    }

    @Test
    void delayedAcksDoubleTheWindowPerRoundTrip() {
        // IW 14600 acknowledged by 5 delayed ACKs of 2 segments each: 14600 -> 29200 after one RTT,
        // then 29200 (10 ACKs of 2920) -> 58400.
        int cwnd = 14600;
        int[] expected = {17520, 20440, 23360, 26280, 29200};
        for (int i = 0; i < 5; i++) {
            cwnd = SlowStart.slowStart(cwnd, NO_SSTHRESH, 2 * MSS, MSS);
            assertEquals(expected[i], cwnd, "after ACK " + (i + 1));
        }
        for (int i = 0; i < 10; i++) {
            cwnd = SlowStart.slowStart(cwnd, NO_SSTHRESH, 2 * MSS, MSS);
        }
        assertEquals(58400, cwnd);
    }

    @Test
    void slowStartStopsAtSsthreshAndReportsLeftover() {
        assertEquals(21000, SlowStart.slowStart(20000, 21000, 2920, MSS));
        assertEquals(2920 - 1000, SlowStart.leftover(20000, 21000, 2920, MSS));
        assertEquals(20800, SlowStart.slowStart(20000, 21000, 800, MSS));
        assertEquals(0, SlowStart.leftover(20000, 21000, 800, MSS));
    }

    @Test
    void atOrAboveSsthreshNothingChangesAndEverythingIsLeftover() {
        assertEquals(21000, SlowStart.slowStart(21000, 21000, 2920, MSS));
        assertEquals(2920, SlowStart.leftover(21000, 21000, 2920, MSS));
        assertEquals(30000, SlowStart.slowStart(30000, 21000, 1460, MSS));
    }

    @Test
    void bytesCutByTheLimitBeforeSsthreshAreNotLeftover() {
        assertEquals(10000 + 2920, SlowStart.slowStart(10000, 50000, 10000, MSS));
        assertEquals(0, SlowStart.leftover(10000, 50000, 10000, MSS));
        // The ACK reaches ssthresh within the limit: the bytes beyond the room are leftover.
        assertEquals(11000, SlowStart.slowStart(10000, 11000, 10000, MSS));
        assertEquals(9000, SlowStart.leftover(10000, 11000, 10000, MSS));
    }

    @Test
    void slowStartAfterTimeoutCountsOneSegmentPerAck() {
        long limit = SlowStart.ABC_LIMIT_AFTER_RTO_SEGMENTS * (long) MSS;
        assertEquals(1460 + 1460, SlowStart.slowStartLimited(1460, 7300, 4 * MSS, limit));
        assertEquals(0, SlowStart.leftoverLimited(1460, 7300, 4 * MSS, limit));
    }

    @Test
    void nothingAckedChangesNothing() {
        assertEquals(14600, SlowStart.slowStart(14600, NO_SSTHRESH, 0, MSS));
        assertEquals(0, SlowStart.leftover(14600, NO_SSTHRESH, 0, MSS));
        long packed = SlowStart.additiveIncrease(14600, 0, MSS, 100, 14600);
        assertEquals(14600, SlowStart.cwndOf(packed));
        assertEquals(100, SlowStart.creditOf(packed));
    }

    @Test
    void additiveIncreaseAddsOneSegmentPerWindowOfAckedBytes() {
        // RFC 3465 2.1: bytes_acked accrues; cwnd += SMSS once bytes_acked >= cwnd.
        int cwnd = 14600;
        int credit = 0;
        for (int i = 1; i <= 9; i++) {
            long packed = SlowStart.additiveIncrease(cwnd, MSS, MSS, credit, cwnd);
            cwnd = SlowStart.cwndOf(packed);
            credit = SlowStart.creditOf(packed);
            assertEquals(14600, cwnd, "no growth before a full window, ACK " + i);
            assertEquals(i * MSS, credit);
        }
        long packed = SlowStart.additiveIncrease(cwnd, MSS, MSS, credit, cwnd);
        assertEquals(16060, SlowStart.cwndOf(packed));
        assertEquals(0, SlowStart.creditOf(packed));
    }

    @Test
    void additiveIncreaseHandlesStretchAcksAndKeepsTheRemainder() {
        long packed = SlowStart.additiveIncrease(2920, 7300, MSS, 0, 2920);
        assertEquals(2920 + 2 * MSS, SlowStart.cwndOf(packed));
        assertEquals(7300 - 2 * 2920, SlowStart.creditOf(packed));
    }

    @Test
    void perAckIncreaseFollowsEquationThree() {
        assertEquals(146, SlowStart.perAckIncrease(14600, MSS));          // 1460*1460/14600
        assertEquals(2, SlowStart.perAckIncrease(1_000_000, MSS));       // 2131600/1000000
        assertEquals(1, SlowStart.perAckIncrease(1 << 30, MSS));         // rounds to 0: at least 1 byte
        assertEquals(3, SlowStart.perAckIncrease(1 << 30, 65535));       // 4294836225/2^30, no int overflow
    }

    @Test
    void largeWindowsDoNotOverflow() {
        int big = 1 << 30;
        assertEquals(big + 2 * 65535, SlowStart.slowStart(big, NO_SSTHRESH, big, 65535));
        assertEquals(big + 2 * 65535, SlowStart.slowStart(big, NO_SSTHRESH, Integer.MAX_VALUE, 65535));
        long packed = SlowStart.additiveIncrease(big, big, 9000, big - 1, big);
        assertEquals(big + 9000, SlowStart.cwndOf(packed));
        assertEquals(big - 1, SlowStart.creditOf(packed));
        long saturated = SlowStart.additiveIncrease(Integer.MAX_VALUE - 10, Integer.MAX_VALUE, 65535, 0, 1);
        assertEquals(Integer.MAX_VALUE, SlowStart.cwndOf(saturated));
        assertEquals(Integer.MAX_VALUE, SlowStart.slowStart(Integer.MAX_VALUE - 10, NO_SSTHRESH, 65535, 65535));
    }
}
