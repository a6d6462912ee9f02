package io.nsaas.stack.tcp.rtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
    private static final long MS = 1_000L;
    private static final long S = 1_000_000L;

    private final RttEstimator rtt = RttEstimator.withDefaults();

    @Test
    void usesTheInitialRtoBeforeAnySample() {
        assertFalse(rtt.hasSample());
        assertEquals(1 * S, rtt.rtoUs());                 // RFC 6298 2.1
        assertEquals(0, rtt.srttUs());
        assertEquals(0, rtt.minRttUs());
    }

    @Test
    void firstSampleSetsSrttAndHalfOfItAsVariance() {
        rtt.sample(100 * MS);
        assertTrue(rtt.hasSample());
        assertEquals(100_000, rtt.srttUs());              // 2.2: SRTT = R
        assertEquals(50_000, rtt.rttVarUs());             // RTTVAR = R/2
        assertEquals(300_000, rtt.rtoUs());               // SRTT + max(G, 4*RTTVAR) = 100000 + 200000
    }

    @Test
    void laterSamplesSmoothWithAlphaOneEighthAndBetaOneQuarter() {
        rtt.sample(100_000);
        rtt.sample(120_000);
        // RTTVAR = (3*50000 + |100000-120000|)/4 = 42500; SRTT = (7*100000 + 120000)/8 = 102500
        assertEquals(42_500, rtt.rttVarUs());
        assertEquals(102_500, rtt.srttUs());
        assertEquals(102_500 + 170_000, rtt.rtoUs());
        rtt.sample(80_000);
        // RTTVAR = (3*42500 + 22500)/4 = 37500; SRTT = (7*102500 + 80000)/8 = 797500/8 = 99687
        assertEquals(37_500, rtt.rttVarUs());
        assertEquals(99_687, rtt.srttUs());
        assertEquals(99_687 + 150_000, rtt.rtoUs());
        rtt.sample(100_000);
        // RTTVAR = (3*37500 + 313)/4 = 28203; SRTT = (7*99687 + 100000)/8 = 797809/8 = 99726
        assertEquals(28_203, rtt.rttVarUs());
        assertEquals(99_726, rtt.srttUs());
        assertEquals(99_726 + 4 * 28_203, rtt.rtoUs());
        assertEquals(80_000, rtt.minRttUs());
    }

    @Test
    void rtoIsRoundedUpToTheMinimum() {
        rtt.sample(1 * MS);                               // 1000 + max(1000, 2000) = 3000 < 200 ms
        assertEquals(200 * MS, rtt.rtoUs());
        assertEquals(1_000, rtt.srttUs());
    }

    @Test
    void clockGranularityBoundsTheVarianceTerm() {
        RttEstimator fine = new RttEstimator(1, 120 * S, 1 * S, 1 * MS);
        fine.sample(10 * MS);
        assertEquals(10_000 + 20_000, fine.rtoUs());
        for (int i = 0; i < 40; i++) {
            fine.sample(10 * MS);                         // RTTVAR decays to 0: RTO = SRTT + G
        }
        assertEquals(0, fine.rttVarUs());
        assertEquals(10_000 + 1_000, fine.rtoUs());
    }

    @Test
    void rtoIsCappedAtTheMaximum() {
        rtt.sample(100 * S);                              // 100 s + 4*50 s = 300 s > 120 s
        assertEquals(120 * S, rtt.rtoUs());
    }

    @Test
    void backoffDoublesUntilTheMaximum() {
        rtt.sample(100 * MS);                             // RTO 300 ms
        long[] expected = {600_000, 1_200_000, 2_400_000, 4_800_000, 9_600_000, 19_200_000,
            38_400_000, 76_800_000, 120_000_000, 120_000_000};
        for (int i = 0; i < expected.length; i++) {
            rtt.backoff();
            assertEquals(expected[i], rtt.rtoUs(), "after backoff " + (i + 1));
            assertEquals(i + 1, rtt.backoffCount());
        }
        for (int i = 0; i < 100; i++) {
            rtt.backoff();
        }
        assertEquals(120 * S, rtt.rtoUs());
        assertEquals(RttEstimator.MAX_BACKOFF_COUNT, rtt.backoffCount());
    }

    @Test
    void initialRtoBacksOffForSynRetransmissions() {
        rtt.backoff();
        assertEquals(2 * S, rtt.rtoUs());
        rtt.backoff();
        assertEquals(4 * S, rtt.rtoUs());
    }

    @Test
    void newSampleAfterBackoffCollapsesTheRto() {
        rtt.sample(100 * MS);
        rtt.backoff();
        rtt.backoff();
        assertEquals(1_200_000, rtt.rtoUs());
        rtt.sample(100 * MS);                             // RTTVAR (3*50000+0)/4 = 37500, SRTT 100000
        assertEquals(0, rtt.backoffCount());
        assertEquals(100_000 + 150_000, rtt.rtoUs());
    }

    @Test
    void resetBackoffRestoresTheEstimatedRto() {
        rtt.sample(100 * MS);
        rtt.backoff();
        rtt.resetBackoff();
        assertEquals(0, rtt.backoffCount());
        assertEquals(300_000, rtt.rtoUs());
    }

    @Test
    void synTimeoutWithoutSampleRaisesRtoToThreeSeconds() {
        rtt.backoff();
        rtt.handshakeComplete(true);                      // RFC 6298 5.7
        assertEquals(3 * S, rtt.rtoUs());
        assertEquals(0, rtt.backoffCount());
    }

    @Test
    void handshakeWithoutSynTimeoutOrWithASampleKeepsTheRto() {
        rtt.handshakeComplete(false);
        assertEquals(1 * S, rtt.rtoUs());
        RttEstimator sampled = RttEstimator.withDefaults();
        sampled.sample(100 * MS);
        sampled.handshakeComplete(true);
        assertEquals(300_000, sampled.rtoUs());
    }

    @Test
    void negativeSamplesAreIgnoredAndZeroCountsAsOneMicrosecond() {
        rtt.sample(-1);
        assertFalse(rtt.hasSample());
        assertEquals(1 * S, rtt.rtoUs());
        rtt.sample(0);
        assertEquals(1, rtt.srttUs());
        assertEquals(1, rtt.minRttUs());
    }

    @Test
    void minimumRttTracksTheSmallestSample() {
        rtt.sample(50 * MS);
        rtt.sample(30 * MS);
        rtt.sample(70 * MS);
        assertEquals(30_000, rtt.minRttUs());
    }

    @Test
    void rejectsInconsistentConfigurationNamingTheParameter() {
        assertMessage(() -> new RttEstimator(0, 120 * S, 1 * S), "minimum RTO 0");
        assertMessage(() -> new RttEstimator(200 * MS, 100 * MS, 150 * MS), "maximum RTO 100000");
        assertMessage(() -> new RttEstimator(200 * MS, 120 * S, 100 * MS), "initial RTO 100000");
        assertMessage(() -> new RttEstimator(200 * MS, 120 * S, 1 * S, 0), "granularity 0");
    }

    @Test
    void defaultsFollowLinux() {
        assertEquals(200 * MS, rtt.minRtoUs());
        assertEquals(120 * S, rtt.maxRtoUs());
    }

    private static void assertMessage(Runnable construct, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
