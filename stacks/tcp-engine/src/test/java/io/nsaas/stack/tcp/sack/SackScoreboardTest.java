package io.nsaas.stack.tcp.sack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SackScoreboardTest {
    private static final int MSS = 1000;
    private static final int DUP_THRESH = 3;

    private final SackScoreboard board = new SackScoreboard(32);

    /** Applies one ACK carrying the given blocks as (left, right) pairs. */
    private static int ack(SackScoreboard board, int una, int nxt, int... edges) {
        int n = edges.length / 2;
        int[] left = new int[n];
        int[] right = new int[n];
        for (int i = 0; i < n; i++) {
            left[i] = edges[2 * i];
            right[i] = edges[2 * i + 1];
        }
        return board.update(una, nxt, n, left, right);
    }

    private static long hole(int seq, int length) {
        return ((long) seq << 32) | length;
    }

    @Test
    void updateReturnsNewlySackedBytesOnly() {
        assertEquals(1000, ack(board, 0, 10_000, 2000, 3000));
        assertEquals(0, ack(board, 0, 10_000, 2000, 3000), "repeated block");
        assertEquals(1500, ack(board, 0, 10_000, 1500, 4000));  // [1500,2000) + [3000,4000)
        assertEquals(2500, board.sackedBytes());
        assertEquals(1, board.rangeCount());
        assertEquals(4000, board.highestSacked());
    }

    @Test
    void invalidBlocksAreIgnored() {
        assertEquals(0, ack(board, 1000, 10_000,
            3000, 4000,      // first block valid: keeps the others from being read as D-SACK
            5000, 5000,      // empty
            6000, 5000,      // reversed
            500, 2000,       // starts below SND.UNA (not first: not a D-SACK)
            9000, 10_001,    // beyond SND.NXT
            20_000, 30_000) - 1000);
        assertEquals(1000, board.sackedBytes());
        assertEquals(1, board.rangeCount());
        assertFalse(board.lastUpdateHadDsack());
        assertFalse(board.isSacked(1999));
        assertTrue(board.isSacked(3000));
        assertFalse(board.isSacked(4000));
    }

    @Test
    void cumulativeAckDropsAndTrimsRangesBelowSndUna() {
        ack(board, 0, 10_000, 1000, 2000, 3000, 4000, 5000, 6000);
        assertEquals(0, ack(board, 3500, 10_000));
        assertEquals(2, board.rangeCount());
        assertEquals(1500, board.sackedBytes());
        assertFalse(board.isSacked(3499));
        assertTrue(board.isSacked(3500));
        assertEquals(0, ack(board, 6000, 10_000));
        assertEquals(0, board.sackedBytes());
        assertEquals(6000, board.highestSacked(), "SND.UNA when nothing is SACKed");
    }

    @Test
    void firstBlockBelowSndUnaIsReportedAsDsack() {
        ack(board, 5000, 10_000, 6000, 7000);
        assertEquals(0, ack(board, 5000, 10_000, 4000, 4500, 6000, 7000));
        assertTrue(board.lastUpdateHadDsack());
        assertEquals(4000, board.dsackLeft());
        assertEquals(4500, board.dsackRight());
        assertEquals(1000, board.sackedBytes());
        ack(board, 5000, 10_000, 6000, 8000);
        assertFalse(board.lastUpdateHadDsack(), "the flag describes the last update only");
    }

    @Test
    void firstBlockInsideTheSecondIsReportedAsDsackAndNotCounted() {
        ack(board, 0, 10_000, 2000, 4000);
        assertEquals(0, ack(board, 0, 10_000, 2500, 3000, 2000, 4000));
        assertTrue(board.lastUpdateHadDsack());
        assertEquals(2500, board.dsackLeft());
        assertEquals(3000, board.dsackRight());
        assertEquals(2000, board.sackedBytes());
    }

    @Test
    void firstBlockOverlappingButNotInsideTheSecondIsOrdinarySack() {
        assertEquals(2500, ack(board, 0, 10_000, 1500, 3000, 2000, 4000));
        assertFalse(board.lastUpdateHadDsack());
    }

    /** RFC 6675 section 4 IsLost: DupThresh discontiguous SACKed sequences above the octet. */
    @Test
    void isLostWhenDupThreshDiscontiguousRangesLieAbove() {
        ack(board, 0, 10_000, 1000, 1100, 2000, 2100, 3000, 3100);
        assertTrue(board.isLost(0, MSS, DUP_THRESH));
        assertTrue(board.isLost(999, MSS, DUP_THRESH));
        assertFalse(board.isLost(1100, MSS, DUP_THRESH), "only two ranges above");
        assertTrue(board.isLost(1000, MSS, DUP_THRESH), "octets 1001..1099 are a third SACKed sequence above");
        assertFalse(board.isLost(1099, MSS, DUP_THRESH), "last octet of the first range: two ranges above");
    }

    /** RFC 6675 section 4 IsLost: more than (DupThresh - 1) * SMSS octets SACKed above the octet. */
    @Test
    void isLostWhenMoreThanDupThreshMinusOneSegmentsAreSackedAbove() {
        ack(board, 0, 10_000, 1000, 3000);
        assertFalse(board.isLost(0, MSS, DUP_THRESH), "exactly 2 * SMSS is not more than 2 * SMSS");
        ack(board, 0, 10_000, 3000, 3001);
        assertTrue(board.isLost(0, MSS, DUP_THRESH));
        assertFalse(board.isLost(3001, MSS, DUP_THRESH));
        assertTrue(board.isLost(999, MSS, DUP_THRESH), "2001 octets above 999");
        assertFalse(board.isLost(1000, MSS, DUP_THRESH), "2000 octets above 1000 inside the range");
    }

    @Test
    void nextLostHoleFindsTheFirstLostUnsackedRangeFromAPosition() {
        ack(board, 0, 10_000, 2000, 3000, 4000, 5000, 6000, 7000);
        assertEquals(hole(0, 2000), board.nextLostHole(0, MSS, DUP_THRESH));
        assertEquals(hole(1000, 1000), board.nextLostHole(1000, MSS, DUP_THRESH));
        assertEquals(SackScoreboard.NO_HOLE, board.nextLostHole(2000, MSS, DUP_THRESH),
            "hole [3000,4000) has only two ranges and 2000 octets above: not lost");
        ack(board, 0, 10_000, 7000, 8500);             // now 3500 octets above 3000
        assertEquals(hole(3000, 1000), board.nextLostHole(2000, MSS, DUP_THRESH));
        assertEquals(SackScoreboard.NO_HOLE, board.nextLostHole(8500, MSS, DUP_THRESH), "at highestSacked");
        long found = board.nextLostHole(-5, MSS, DUP_THRESH);
        assertEquals(0, SackScoreboard.holeSeq(found), "positions below SND.UNA start at SND.UNA");
        assertEquals(2000, SackScoreboard.holeLength(found));
    }

    @Test
    void nextUnsackedHoleIgnoresIsLost() {
        ack(board, 0, 10_000, 2000, 3000, 4000, 5000);
        assertEquals(hole(3000, 1000), board.nextUnsackedHole(2500));
        assertEquals(hole(3500, 500), board.nextUnsackedHole(3500));
        assertEquals(SackScoreboard.NO_HOLE, board.nextUnsackedHole(4000));
        assertEquals(SackScoreboard.NO_HOLE, new SackScoreboard(4).nextUnsackedHole(0), "nothing SACKed");
    }

    /** RFC 6675 section 4 SetPipe with and without retransmissions. */
    @Test
    void pipeCountsUnsackedNotLostOctetsPlusRetransmittedOnes() {
        ack(board, 0, 10_000, 2000, 3000, 4000, 5000, 6000, 7000);
        // Un-SACKed: [0,2000) lost, [3000,4000) + [5000,6000) + [7000,10000) not lost.
        assertEquals(5000, board.pipe(0, 10_000, MSS, DUP_THRESH, 0));
        assertEquals(6000, board.pipe(0, 10_000, MSS, DUP_THRESH, 1000));
        assertEquals(7500, board.pipe(0, 10_000, MSS, DUP_THRESH, 3500), "[0,2000) and [3000,3500) again");
        assertEquals(0, board.pipe(10_000, 10_000, MSS, DUP_THRESH, 10_000), "nothing outstanding");
    }

    @Test
    void everythingWorksAcrossTheSequenceWrap() {
        int base = -5000;                               // 0xFFFFEC78: holes and ranges straddle 2^32
        ack(board, base, base + 10_000, base + 2000, base + 3000, base + 4000, base + 5000, base + 6000,
            base + 7000);
        assertTrue(board.isSacked(base + 4999));       // 0xFFFFFFFF
        assertFalse(board.isSacked(base + 5000));      // 0
        assertEquals(base + 7000, board.highestSacked());
        assertTrue(board.isLost(base, MSS, DUP_THRESH));
        assertFalse(board.isLost(base + 3000, MSS, DUP_THRESH));
        assertEquals(hole(base, 2000), board.nextLostHole(base, MSS, DUP_THRESH));
        assertEquals(hole(base + 5000, 1000), board.nextUnsackedHole(base + 4500));
        assertEquals(7500, board.pipe(base, base + 10_000, MSS, DUP_THRESH, base + 3500));
        assertEquals(0, ack(board, base + 5500, base + 10_000, base + 4000, base + 5000));
        assertTrue(board.lastUpdateHadDsack(), "a first block below SND.UNA, across the wrap");
        assertEquals(1000, board.sackedBytes());
    }

    @Test
    void blockNeedingARangeBeyondTheTableIsIgnored() {
        SackScoreboard small = new SackScoreboard(2);
        ack(small, 0, 10_000, 1000, 2000, 3000, 4000);
        assertEquals(0, ack(small, 0, 10_000, 5000, 6000));
        assertEquals(2, small.rangeCount());
        assertEquals(500, ack(small, 0, 10_000, 4000, 4500), "extending a range needs no new entry");
        assertEquals(2500, small.sackedBytes());
    }

    @Test
    void clearForgetsEverything() {
        ack(board, 0, 10_000, 1000, 2000);
        board.clear();
        assertEquals(0, board.sackedBytes());
        assertEquals(0, board.rangeCount());
        assertFalse(board.isSacked(1500));
    }

    @Test
    void invalidConstructionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SackScoreboard(0));
        assertThrows(IllegalArgumentException.class, () -> new SackScoreboard(SackScoreboard.MAX_RANGES + 1));
    }

    @Test
    void seededRandomUpdatesMatchABooleanArrayReference() {
        Random random = new Random(6675);
        int window = 2000;
        int mss = 100;
        for (int round = 0; round < 40; round++) {
            int origin = random.nextInt();               // every round starts somewhere else in seq space
            if (round % 4 == 0) {
                origin = -window / 2;                    // and some straddle the wrap
            }
            Reference model = new Reference(origin, window);
            SackScoreboard scoreboard = new SackScoreboard(window / 2);
            int una = origin;
            int nxt = origin + window;
            int[] left = new int[4];
            int[] right = new int[4];
            for (int step = 0; step < 300; step++) {
                if (random.nextInt(8) == 0) {
                    una += random.nextInt(40);
                    if (nxt - una < 0) {
                        una = nxt;
                    }
                }
                int count = random.nextInt(5);
                for (int i = 0; i < count; i++) {
                    int l = una + random.nextInt(nxt - una + 200) - 100;  // sometimes invalid
                    left[i] = l;
                    right[i] = l + random.nextInt(3 * mss) - 20;
                }
                int expected = model.apply(una, nxt, count, left, right);
                assertEquals(expected, scoreboard.update(una, nxt, count, left, right), "round " + round + " step " + step);
                model.check(scoreboard, una, nxt, mss, random);
            }
        }
    }

    /** One boolean per octet of [origin, origin + window): the obvious model of RFC 6675's scoreboard. */
    private static final class Reference {
        private final int origin;
        private final boolean[] sacked;

        Reference(int origin, int window) {
            this.origin = origin;
            this.sacked = new boolean[window];
        }

        int apply(int una, int nxt, int count, int[] left, int[] right) {
            int unaOffset = una - origin;
            java.util.Arrays.fill(sacked, 0, unaOffset, false);
            int newly = 0;
            for (int i = 0; i < count; i++) {
                int l = left[i] - origin;
                int r = right[i] - origin;
                boolean valid = l >= unaOffset && l < r && r <= nxt - origin;
                boolean dsack = i == 0 && count > 1 && left[1] - left[0] <= 0 && right[0] - right[1] <= 0
                    && left[1] - right[1] < 0;
                if (valid && !dsack) {
                    for (int o = l; o < r; o++) {
                        if (!sacked[o]) {
                            sacked[o] = true;
                            newly++;
                        }
                    }
                }
            }
            return newly;
        }

        /** IsLost for every octet, by one scan down from the top counting SACKed octets and runs above. */
        boolean[] lostMap(int mss) {
            boolean[] lost = new boolean[sacked.length];
            int bytes = 0;
            int runs = 0;
            for (int p = sacked.length - 1; p >= 0; p--) {
                lost[p] = runs >= DUP_THRESH || bytes > (DUP_THRESH - 1) * mss;
                if (sacked[p]) {
                    bytes++;
                    if (p + 1 == sacked.length || !sacked[p + 1]) {
                        runs++;
                    }
                }
            }
            return lost;
        }

        int highest(int una) {
            for (int o = sacked.length - 1; o >= 0; o--) {
                if (sacked[o]) {
                    return origin + o + 1;
                }
            }
            return una;
        }

        long hole(int from, int una, boolean[] lost, boolean requireLost) {
            int high = highest(una) - origin;
            int o = Math.max(from - origin, una - origin);
            while (o < high && sacked[o]) {
                o++;
            }
            if (o >= high || (requireLost && !lost[o])) {
                return SackScoreboard.NO_HOLE;
            }
            int e = o;
            while (!sacked[e]) {
                e++;
            }
            return ((long) (origin + o) << 32) | (e - o);
        }

        void check(SackScoreboard board, int una, int nxt, int mss, Random random) {
            boolean[] lost = lostMap(mss);
            int total = 0;
            for (int o = 0; o < sacked.length; o++) {
                assertEquals(sacked[o], board.isSacked(origin + o), "isSacked at offset " + o);
                total += sacked[o] ? 1 : 0;
            }
            assertEquals(total, board.sackedBytes());
            assertEquals(highest(una), board.highestSacked());
            for (int k = 0; k < 10; k++) {
                int o = (una - origin) + random.nextInt(Math.max(nxt - una, 1));
                if (o >= sacked.length) {
                    continue;
                }
                assertEquals(lost[o], board.isLost(origin + o, mss, DUP_THRESH), "isLost at offset " + o);
                int from = origin + o;
                assertEquals(hole(from, una, lost, true), board.nextLostHole(from, mss, DUP_THRESH), "lost hole");
                assertEquals(hole(from, una, lost, false), board.nextUnsackedHole(from), "unsacked hole");
                int rxtEnd = una + random.nextInt(nxt - una + 1);
                int pipe = 0;
                for (int p = una - origin; p < nxt - origin; p++) {
                    if (!sacked[p]) {
                        pipe += lost[p] ? 0 : 1;
                        pipe += p < rxtEnd - origin ? 1 : 0;
                    }
                }
                assertEquals(pipe, board.pipe(una, nxt, mss, DUP_THRESH, rxtEnd), "pipe with rxtEnd " + rxtEnd);
            }
        }
    }
}
