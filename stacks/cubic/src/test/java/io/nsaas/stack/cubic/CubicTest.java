package io.nsaas.stack.cubic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CongestionControls;
import io.nsaas.stack.tcp.cc.CwndEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class CubicTest {
    private static final int MSS = 1460;
    private static final double RTT = 0.1;

    private final Cubic cubic = new Cubic();
    private final ScriptedSender tcp = new ScriptedSender(MSS);

    @Test
    void isNamedCubicAndPassesTheEnginesRegistrationProbe() {
        assertEquals("cubic", cubic.name());
        assertEquals("", CongestionControls.validate(Cubic::new));
        assertEquals("cubic", CongestionControls.register(Cubic::new).name());
    }

    @Test
    void ssthreshIsSeventyPercentOfCwndRoundedDown() {
        assertEquals(expectedSsthresh(146_000, MSS), ssthresh(146_000, MSS));
        assertEquals(102_200, ssthresh(146_000, MSS));
        assertEquals(7000, ssthresh(10_001, MSS));           // 7000.7 rounds down
        assertEquals(expectedSsthresh(12_345, MSS), ssthresh(12_345, MSS));
    }

    @Test
    void ssthreshNeverFallsBelowTwoSegmentsAtTinyWindows() {
        assertEquals(1072, ssthresh(2 * 536, 536));           // 750.4 < 2*536
        assertEquals(1125, ssthresh(3 * 536, 536));           // 1125.6 rounds down, above 1072
        assertEquals(expectedSsthresh(3 * 536, 536), ssthresh(3 * 536, 536));
        assertEquals(1072, ssthresh(536, 536));
    }

    @Test
    void ssthreshOfTheLargestWindowIsExact() {
        assertEquals(expectedSsthresh(Integer.MAX_VALUE, MSS), ssthresh(Integer.MAX_VALUE, MSS));
        assertEquals(1_503_238_552, ssthresh(Integer.MAX_VALUE, MSS));
    }

    @Test
    void kIsTheTimeTheCurveTakesFromCwndEpochToWmax() {
        lossAt(100);
        tcp.ack(cubic, MSS);                                     // first ACK in avoidance starts the epoch
        assertEquals(RfcCubic.k(100, 70) * 1e3, tcp.info(cubic, "k_ms"), 1e-6);
        assertEquals(4217.163, tcp.info(cubic, "k_ms"), 1e-3);  // cbrt(30 / 0.4) s
        assertEquals(100 * MSS, tcp.info(cubic, "w_max"), 1e-9);
    }

    @Test
    void kAtATinyWindowUsesTheUnroundedSegmentCount() {
        ScriptedSender small = new ScriptedSender(536);
        small.cwnd = 3 * 536;
        small.lossAndRecovery(cubic);                            // ssthresh 1125 = 2.0989 segments
        small.ack(cubic, 536);
        assertEquals(RfcCubic.k(3, 1125.0 / 536) * 1e3, small.info(cubic, "k_ms"), 1e-6);
    }

    @Test
    void kAtAHugeWindow() {
        tcp.cwnd = 1_000_000 * MSS;
        tcp.lossAndRecovery(cubic);
        assertEquals(700_000 * MSS, tcp.cwnd);
        tcp.ack(cubic, MSS);
        assertEquals(RfcCubic.k(1_000_000, 700_000) * 1e3, tcp.info(cubic, "k_ms"), 1e-6);
        assertEquals(90_856.0, tcp.info(cubic, "k_ms"), 1.0);
    }

    @Test
    void windowFunctionMatchesTheRfcCurveAtSeveralTimes() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        long start = tcp.nowNanos;
        double k = RfcCubic.k(100, 70);
        for (double t : new double[] {0, 0.5, 1, 2, k, 5, 8}) {
            tcp.nowNanos = start + Math.round(t * 1e9);
            assertEquals(RfcCubic.wCubic(t, k, 100) * MSS, tcp.info(cubic, "w_cubic"), 1e-3, "t=" + t);
            assertEquals(t * 1e3, tcp.info(cubic, "epoch_ms"), 1e-6);
        }
        tcp.nowNanos = start;
        assertEquals(70 * MSS, tcp.info(cubic, "w_cubic"), 1e-6);      // W_cubic(0) = cwnd_epoch
        tcp.nowNanos = start + Math.round(k * 1e9);
        assertEquals(100 * MSS, tcp.info(cubic, "w_cubic"), 1e-3);     // W_cubic(K) = W_max
    }

    @Test
    void eachAckGrowsCwndByTargetMinusCwndOverCwndPerSegment() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        long start = tcp.nowNanos;
        double k = RfcCubic.k(100, 70);
        for (double t : new double[] {0.3, 1.0, 2.5, 4.0, 6.0, 7.5}) {
            tcp.nowNanos = start + Math.round(t * 1e9);
            double w = tcp.cwnd / (double) MSS;
            double target = RfcCubic.target(t, RTT, k, 100, w);
            int before = tcp.cwnd;
            int after = tcp.ack(cubic, 2 * MSS);
            double expected = before + 2.0 * MSS * (target - w) / w;
            assertEquals(expected, after, 1.0, "t=" + t);        // the carried fraction is below one byte
        }
    }

    @Test
    void targetIsCappedAtOneAndAHalfCwnd() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        tcp.advanceMs(60_000);                                   // W_cubic(60 s) is far above 1.5 * cwnd
        int before = tcp.cwnd;
        int after = tcp.ack(cubic, MSS);
        assertEquals(before + MSS * 0.5, after, 1.0);
    }

    @Test
    void cwndFollowsTheCurveThroughConcaveAndConvexRegions() {
        lossAt(1000);
        long start = tcp.nowNanos;
        double k = RfcCubic.k(1000, 700);
        double previousGrowth = Double.MAX_VALUE;
        boolean sawConcave = false;
        boolean sawConvex = false;
        for (int round = 0; round < 130; round++) {
            double t = (tcp.nowNanos - start) / 1e9;
            double expected = RfcCubic.wCubic(t, k, 1000) * MSS;
            assertEquals(expected, tcp.cwnd, 0.03 * expected, "round " + round + " t=" + t);
            int before = tcp.cwnd;
            roundOfAcks(MSS);
            double growth = tcp.cwnd - before;
            if (t + RTT < k - 1) {
                assertTrue(growth <= previousGrowth + 1, "concave: growth shrinks toward W_max at t=" + t);
                sawConcave = true;
            } else if (t > k + 1) {
                assertTrue(growth >= previousGrowth - 1, "convex: growth increases beyond W_max at t=" + t);
                sawConvex = true;
            }
            previousGrowth = growth;
        }
        assertTrue(sawConcave && sawConvex);
    }

    @Test
    void renoFriendlyRegionFollowsWestAndAlphaBecomesOneAtCwndPrior() {
        lossAt(10);                                              // W_max 10, cwnd_epoch 7: K = 1.96 s
        long start = tcp.nowNanos;
        double k = RfcCubic.k(10, 7);
        double wEst = 7;                                         // RFC 9438 4.3: W_est = cwnd_epoch at epoch start
        double cwndPrior = 10;
        int alphaOne = 0;
        int alphaCubic = 0;
        for (int round = 0; round < 20; round++) {
            int n = tcp.cwnd / MSS;
            for (int i = 0; i < n; i++) {
                double t = (tcp.nowNanos - start) / 1e9;
                double alpha = wEst >= cwndPrior ? 1.0 : RfcCubic.ALPHA;
                if (alpha == 1.0) {
                    alphaOne++;
                } else {
                    alphaCubic++;
                }
                wEst += alpha * 1.0 / (tcp.cwnd / (double) MSS);  // one segment acknowledged
                int before = tcp.cwnd;
                int after = tcp.ack(cubic, MSS);
                assertEquals(wEst * MSS, tcp.info(cubic, "w_est"), 1e-6, "W_est at t=" + t);
                assertTrue(RfcCubic.wCubic(t, k, 10) < wEst, "still Reno-friendly at t=" + t);
                assertEquals(Math.max(before, (int) Math.floor(wEst * MSS)), after, "cwnd = W_est at t=" + t);
                tcp.advanceMs(RTT * 1e3 / n);
            }
        }
        assertTrue(alphaCubic > 0 && alphaOne > 0, "both alphas used: " + alphaCubic + " / " + alphaOne);
        // alpha_cubic = 0.529 until W_est reaches cwnd_prior = 10 segments: (10 - 7) / 0.529 = 5.67 rounds
        assertTrue(alphaCubic >= 5 * 7 && alphaCubic <= 6 * 10, "ACKs at alpha_cubic: " + alphaCubic);
    }

    @Test
    void fastConvergenceReleasesBandwidthWhenCwndFellBelowTheLastWmax() {
        lossAt(100);
        assertEquals(100 * MSS, wMaxAfterEpochStart(), 1e-9);
        tcp.cwnd = 80 * MSS;
        tcp.lossAndRecovery(cubic);
        assertEquals(80 * MSS * (1 + 0.7) / 2, wMaxAfterEpochStart(), 1e-6);   // 68 segments
        tcp.cwnd = 120 * MSS;
        tcp.lossAndRecovery(cubic);
        assertEquals(120 * MSS, wMaxAfterEpochStart(), 1e-9);                    // above W_max: no reduction
    }

    @Test
    void withoutFastConvergenceWmaxIsCwndAtTheLoss() {
        Cubic plain = new Cubic(true, false);
        tcp.cwnd = 100 * MSS;
        tcp.lossAndRecovery(plain);
        tcp.cwnd = 80 * MSS;
        tcp.lossAndRecovery(plain);
        tcp.ack(plain, MSS);
        assertEquals(80 * MSS, tcp.info(plain, "w_max"), 1e-9);
    }

    @Test
    void slowStartAfterATimeoutCountsOneSegmentPerAck() {
        tcp.cwnd = 100 * MSS;
        tcp.timeout(cubic);
        assertEquals(70 * MSS, tcp.ssthresh);
        assertEquals(2 * MSS, tcp.ack(cubic, 3 * MSS));          // RFC 3465 2.3: L = 1 SMSS after an RTO
        assertEquals(2, tcp.info(cubic, "hystart"), 0.0);         // HyStart++ only in the initial slow start
    }

    @Test
    void firstAvoidanceAfterATimeoutStartsWithKZeroAndWmaxAtCwndEpoch() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        tcp.advanceMs(2000);
        tcp.cwnd = 90 * MSS;
        tcp.timeout(cubic);
        cubic.setState(tcp, CaState.OPEN);
        tcp.state = CaState.OPEN;
        tcp.cwnd = tcp.ssthresh;                                 // slow start has reached ssthresh
        int epoch = tcp.cwnd;
        tcp.ack(cubic, MSS);
        assertEquals(0, tcp.info(cubic, "k_ms"), 0.0);
        assertEquals(epoch, tcp.info(cubic, "w_max"), 1e-9);      // RFC 9438 4.8
        // W_est starts at cwnd_epoch; cwnd_prior = 90 segments, so alpha is still alpha_cubic
        assertEquals(epoch + RfcCubic.ALPHA * MSS * MSS / (double) epoch, tcp.info(cubic, "w_est"), 1e-6);
    }

    @Test
    void undoRestoresTheCurveOfASpuriousReduction() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        long start = tcp.nowNanos;
        tcp.advanceMs(1500);
        roundOfAcks(MSS);
        int cwnd = tcp.cwnd;
        tcp.enterRecovery(cubic);
        assertEquals(cwnd, tcp.priorCwnd);
        assertEquals(cwnd, cubic.undoCwnd(tcp));
        tcp.cwnd = cwnd;
        cubic.setState(tcp, CaState.OPEN);
        tcp.state = CaState.OPEN;
        assertEquals(100 * MSS, tcp.info(cubic, "w_max"), 1e-9);
        assertEquals(RfcCubic.k(100, 70) * 1e3, tcp.info(cubic, "k_ms"), 1e-6);
        assertEquals((tcp.nowNanos - start) / 1e6, tcp.info(cubic, "epoch_ms"), 1e-6);
    }

    @Test
    void undoNeverGrowsBeyondCwndAndPriorCwnd() {
        tcp.cwnd = 50 * MSS;
        tcp.enterRecovery(cubic);
        tcp.cwnd = 40 * MSS;
        assertEquals(50 * MSS, cubic.undoCwnd(tcp));
        tcp.cwnd = 60 * MSS;
        assertEquals(60 * MSS, cubic.undoCwnd(tcp));
    }

    @Test
    void applicationLimitedAcksGrowNeitherCwndNorWest() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        tcp.cwndLimited = false;
        int cwnd = tcp.cwnd;
        double wEst = tcp.info(cubic, "w_est");
        for (int i = 0; i < 50; i++) {
            tcp.advanceMs(20);
            assertEquals(cwnd, tcp.ack(cubic, MSS));
        }
        assertEquals(wEst, tcp.info(cubic, "w_est"), 0.0);
    }

    @Test
    void applicationLimitedTimeIsNotCountedInTheEpoch() {
        ScriptedSender other = new ScriptedSender(MSS);
        Cubic reference = new Cubic();
        lossAt(100);
        other.cwnd = 100 * MSS;
        other.lossAndRecovery(reference);
        // reference: cwnd-limited ACKs at 0, 0.5 and 1.0 s
        for (int i = 0; i < 3; i++) {
            other.ack(reference, MSS);
            other.advanceMs(500);
        }
        // ours: cwnd-limited at 0 and 0.5 s, application-limited at 1.0 and 1.5 s, cwnd-limited at 2.0 s
        tcp.ack(cubic, MSS);
        tcp.advanceMs(500);
        tcp.ack(cubic, MSS);
        tcp.cwndLimited = false;
        tcp.advanceMs(500);
        tcp.ack(cubic, MSS);
        tcp.advanceMs(500);
        tcp.ack(cubic, MSS);
        tcp.cwndLimited = true;
        tcp.advanceMs(500);
        tcp.ack(cubic, MSS);
        assertEquals(other.cwnd, tcp.cwnd);
        assertEquals(1000, tcp.info(cubic, "epoch_ms"), 1e-6);
        assertEquals(other.info(reference, "w_est"), tcp.info(cubic, "w_est"), 0.0);
    }

    @Test
    void idleTimeBeforeTxStartIsNotCountedInTheEpoch() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        tcp.advanceMs(500);
        tcp.ack(cubic, MSS);
        tcp.advanceMs(3000);                                     // nothing in flight for 3 s
        cubic.cwndEvent(tcp, CwndEvent.TX_START);
        assertEquals(500, tcp.info(cubic, "epoch_ms"), 1e-6);
        tcp.advanceMs(500);
        tcp.ack(cubic, MSS);
        assertEquals(1000, tcp.info(cubic, "epoch_ms"), 1e-6);
    }

    @Test
    void tinyWindowOfTwoSegmentsGrowsAsRenoFromTheFloor() {
        ScriptedSender small = new ScriptedSender(536);
        small.cwnd = 2 * 536;
        assertEquals(1072, small.lossAndRecovery(cubic));
        assertEquals(1072, small.cwnd);
        long start = small.nowNanos;
        double wEst = 2;                                         // cwnd_epoch = W_max = 2 segments, K = 0
        for (int round = 0; round < 10; round++) {
            int n = small.cwnd / 536;
            for (int i = 0; i < n; i++) {
                double t = (small.nowNanos - start) / 1e9;
                wEst += 1.0 / (small.cwnd / 536.0);              // alpha = 1: W_est >= cwnd_prior from the start
                int before = small.cwnd;
                int after = small.ack(cubic, 536);
                assertTrue(after >= 1072);
                assertTrue(RfcCubic.wCubic(t, 0, 2) < wEst);
                assertEquals(Math.max(before, (int) Math.floor(wEst * 536)), after, "t=" + t);
                small.advanceMs(RTT * 1e3 / n);
            }
        }
        assertEquals(0, small.info(cubic, "k_ms"), 0.0);
        // about one segment per round trip (a round here is floor(cwnd / SMSS) ACKs, so a little less)
        assertEquals(2 + 10, small.cwnd / 536.0, 1.5);
    }

    @Test
    void hugeWindowsGrowByHalfAnAckAndSaturate() {
        lossAt(10);
        tcp.cwnd = 2_000_000_000;
        tcp.ack(cubic, MSS);                                     // epoch at cwnd_epoch above W_max: K = 0
        assertEquals(0, tcp.info(cubic, "k_ms"), 0.0);
        tcp.advanceMs(1_000_000);
        assertEquals(2_000_000_730, tcp.ack(cubic, MSS));        // target capped at 1.5 * cwnd
        tcp.cwnd = Integer.MAX_VALUE - 100;
        assertEquals(Integer.MAX_VALUE, tcp.ack(cubic, MSS));
        assertEquals(Integer.MAX_VALUE, tcp.ack(cubic, 64 * 1024));
    }

    @Test
    void slowStartAfterAReductionHandsTheRestToAvoidance() {
        cubic.init(tcp);
        Cubic plain = new Cubic(false, true);
        plain.init(tcp);
        tcp.ssthresh = 20 * MSS;
        tcp.cwnd = 19 * MSS;
        // RFC 3465: min(N, 2*SMSS) up to ssthresh; the leftover segment starts the epoch with
        // cwnd_prior = cwnd_epoch, so alpha = 1 and W_est (above W_cubic(0)) grows by SMSS*SMSS/cwnd
        int reached = 20 * MSS;
        assertEquals(reached + MSS * MSS / reached, tcp.ack(plain, 2 * MSS));
        assertEquals(reached + (double) MSS * MSS / reached, tcp.info(plain, "w_est"), 1e-9);
    }

    @Test
    void infoReportsEveryNamedValue() {
        lossAt(100);
        tcp.ack(cubic, MSS);
        for (String name : new String[] {"w_max", "k_ms", "w_est", "epoch_ms", "w_cubic", "cwnd_prior", "hystart"}) {
            assertTrue(!Double.isNaN(tcp.info(cubic, name)), name);
        }
        assertEquals(100 * MSS, tcp.info(cubic, "cwnd_prior"), 0.0);
    }

    private void lossAt(int segments) {
        cubic.init(tcp);
        tcp.cwnd = segments * MSS;
        tcp.lossAndRecovery(cubic);
    }

    private double wMaxAfterEpochStart() {
        tcp.ack(cubic, MSS);
        return tcp.info(cubic, "w_max");
    }

    /** One round trip of cwnd-limited ACKs of {@code bytes} each, spread evenly over RTT. */
    private void roundOfAcks(int bytes) {
        int n = Math.max(1, tcp.cwnd / bytes);
        for (int i = 0; i < n; i++) {
            tcp.ack(cubic, bytes);
            tcp.advanceMs(RTT * 1e3 / n);
        }
    }

    private static int ssthresh(int cwnd, int mss) {
        ScriptedSender sender = new ScriptedSender(mss);
        sender.cwnd = cwnd;
        return new Cubic().ssthresh(sender);
    }

    /** RFC 9438 4.6: max(cwnd * beta_cubic, 2 * SMSS), computed exactly and rounded down. */
    private static int expectedSsthresh(int cwnd, int mss) {
        BigDecimal reduced = BigDecimal.valueOf(cwnd).multiply(new BigDecimal("0.7")).setScale(0, RoundingMode.FLOOR);
        return Math.max(reduced.intValueExact(), 2 * mss);
    }
}
