package io.nsaas.stack.dctcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.AckSample;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CcView;
import io.nsaas.stack.tcp.cc.CongestionControls;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Dctcp} against RFC 8257 3.3. Every expected value is computed here from the RFC's
 * formulas ({@code alpha = (1 - g) * alpha + g * F}, {@code F = BytesMarked / BytesAcked},
 * {@code cwnd * (1 - alpha / 2)}), never with the implementation's helpers.
 */
class DctcpTest {
    private static final double G = 1.0 / 16; // RFC 8257 4.2
    private static final int MSS = 1460;

    /**
     * A sender whose windows are clean rounds: {@link #round} acknowledges a round's segments one by
     * one, sending the next round's data just before the round's last ACK, so each DCTCP observation
     * window is exactly one round (the window ends when SND.UNA covers the SND.MAX recorded at its start).
     */
    private static final class Flow implements CcView {
        final Dctcp cc;
        final AckSample sample = new AckSample();
        final TcpInfo info = new TcpInfo();
        int mss = MSS;
        int cwnd = 100 * MSS;
        int ssthresh = Integer.MAX_VALUE;
        int sndUna;
        int sndMax;
        boolean ecn = true;
        CaState state = CaState.OPEN;
        int priorCwnd;
        boolean ecnCall;

        Flow(Dctcp cc, int iss, int firstRoundBytes) {
            this.cc = cc;
            this.sndUna = iss;
            this.sndMax = iss + firstRoundBytes; // the first round is in flight when init runs
            cc.init(this);
        }

        /** Acknowledges {@code segments} of {@code segmentBytes}, segment i with ECE when marks[i]; sends {@code next} bytes before the last ACK. */
        void round(int segmentBytes, boolean[] marks, int next) {
            for (int i = 0; i < marks.length; i++) {
                if (i == marks.length - 1) {
                    sndMax += next;
                }
                ack(segmentBytes, marks[i], false);
            }
        }

        void ack(int bytes, boolean ece, boolean duplicate) {
            sndUna += bytes;
            sample.clear();
            sample.ackedBytes = bytes;
            sample.inFlightBefore = sndMax - sndUna + bytes;
            sample.ece = ece;
            sample.isDuplicate = duplicate;
            cc.pktsAcked(this, sample);
        }

        /** ssthresh as the engine asks it when an ECN echo starts a CWR episode. */
        int ecnCut() {
            ecnCall = true;
            try {
                return cc.ssthresh(this);
            } finally {
                ecnCall = false;
            }
        }

        @Override
        public boolean ecnReduction() {
            return ecnCall;
        }

        double alpha() {
            return value(Dctcp.INFO_ALPHA);
        }

        double value(String name) {
            info.clear();
            cc.info(this, info);
            return info.algorithmValue(name);
        }

        @Override
        public int cwnd() {
            return cwnd;
        }

        @Override
        public int ssthresh() {
            return ssthresh;
        }

        @Override
        public int mss() {
            return mss;
        }

        @Override
        public int bytesInFlight() {
            return sndMax - sndUna;
        }

        @Override
        public int priorCwnd() {
            return priorCwnd;
        }

        @Override
        public long srttUs() {
            return 100;
        }

        @Override
        public long minRttUs() {
            return 100;
        }

        @Override
        public long nowNanos() {
            return 0;
        }

        @Override
        public CaState caState() {
            return state;
        }

        @Override
        public boolean isCwndLimited() {
            return true;
        }

        @Override
        public long deliveredBytes() {
            return 0;
        }

        @Override
        public int sndUna() {
            return sndUna;
        }

        @Override
        public int sndMax() {
            return sndMax;
        }

        @Override
        public boolean ecnEnabled() {
            return ecn;
        }
    }

    private static boolean[] marks(int segments, int marked) {
        boolean[] m = new boolean[segments];
        for (int i = 0; i < marked; i++) {
            m[i] = true;
        }
        return m;
    }

    /** RFC 8257 3.3 step 6. */
    private static double next(double alpha, double fraction) {
        return alpha * (1 - G) + G * fraction;
    }

    @Test
    void alphaDecaysByFifteenSixteenthsPerUnmarkedWindow() {
        Flow flow = new Flow(new Dctcp(), 1000, 10 * MSS);
        assertEquals(1.0, flow.alpha(), "RFC 8257 3.3: alpha starts at 1");
        double expected = 1.0;
        for (int window = 1; window <= 40; window++) {
            flow.round(MSS, marks(10, 0), 10 * MSS);
            expected = next(expected, 0.0);
            assertEquals(expected, flow.alpha(), "window " + window);
            assertEquals(Math.pow(15.0 / 16, window), flow.alpha(), 1e-15, "closed form, window " + window);
        }
        assertEquals(0.0, flow.value(Dctcp.INFO_CE_FRACTION));
    }

    @Test
    void alphaDecaysBelowLinuxFixedPointFloor() {
        // Linux keeps alpha in 1/1024 units and decays it by alpha >> 4, which stalls near 15/1024;
        // the RFC formula in doubles keeps decaying: after 100 clean windows alpha = (15/16)^100.
        Flow flow = new Flow(new Dctcp(), 0, 4 * MSS);
        for (int window = 0; window < 100; window++) {
            flow.round(MSS, marks(4, 0), 4 * MSS);
        }
        assertEquals(Math.pow(15.0 / 16, 100), flow.alpha(), 1e-15);
        assertTrue(flow.alpha() < 15.0 / 1024, "alpha " + flow.alpha());
    }

    @Test
    void alphaStaysOneWhenEveryByteIsMarked() {
        Flow flow = new Flow(new Dctcp(), 7, 8 * MSS);
        for (int window = 1; window <= 20; window++) {
            flow.round(MSS, marks(8, 8), 8 * MSS);
            assertEquals(1.0, flow.alpha(), "window " + window);
            assertEquals(1.0, flow.value(Dctcp.INFO_CE_FRACTION));
        }
    }

    @Test
    void alphaConvergesToTheMarkedFractionOfOneHalf() {
        Flow flow = new Flow(new Dctcp(), 123_456, 10 * MSS);
        double expected = 1.0;
        for (int window = 1; window <= 200; window++) {
            flow.round(MSS, marks(10, 5), 10 * MSS);
            expected = next(expected, 0.5);
            assertEquals(expected, flow.alpha(), "window " + window);
            assertEquals(0.5 + 0.5 * Math.pow(15.0 / 16, window), flow.alpha(), 1e-12, "closed form, window " + window);
        }
        assertEquals(0.5, flow.alpha(), 1e-5);
        assertEquals(0.5, flow.value(Dctcp.INFO_CE_FRACTION));
    }

    @Test
    void alternatingFullyMarkedAndCleanWindowsSettleAtSixteenAndFifteenThirtyFirsts() {
        // Fixed point of a -> (1-g)((1-g)a + g): a_hi = 1/(2-g) = 16/31 after a marked window, a_lo = 15/31 after a clean one.
        Flow flow = new Flow(new Dctcp(), -5000, 6 * MSS);
        double expected = 1.0;
        for (int window = 1; window <= 400; window++) {
            boolean marked = window % 2 == 1;
            flow.round(MSS, marks(6, marked ? 6 : 0), 6 * MSS);
            expected = next(expected, marked ? 1.0 : 0.0);
            assertEquals(expected, flow.alpha(), "window " + window);
        }
        assertEquals(15.0 / 31, flow.alpha(), 1e-9);
        flow.round(MSS, marks(6, 6), 6 * MSS);
        assertEquals(16.0 / 31, flow.alpha(), 1e-9);
    }

    @Test
    void oneSegmentWindowsUpdateAlphaOnEveryAck() {
        // Tiny window: one segment in flight, so every ACK ends a window and F is 0 or 1.
        Flow flow = new Flow(new Dctcp(), 0, 536);
        flow.mss = 536;
        boolean[] pattern = {true, false, false, true, true, false, true, false, false, false};
        double expected = 1.0;
        for (boolean mark : pattern) {
            flow.round(536, new boolean[] {mark}, 536);
            expected = next(expected, mark ? 1.0 : 0.0);
            assertEquals(expected, flow.alpha());
        }
    }

    @Test
    void fractionCountsBytesNotAcks() {
        Flow flow = new Flow(new Dctcp(), 0, 4 * MSS);
        flow.ack(3 * MSS, true, false); // one stretch ACK of 3 segments, marked
        flow.sndMax += 4 * MSS;
        flow.ack(MSS, false, false); // ends the window: F = 3/4 of the bytes, although 1/2 of the ACKs
        assertEquals(0.75, flow.value(Dctcp.INFO_CE_FRACTION));
        assertEquals(next(1.0, 0.75), flow.alpha());
    }

    @Test
    void windowEndsOnlyWhenSndUnaCoversTheRecordedSndMax() {
        Flow flow = new Flow(new Dctcp(), 0, 4 * MSS);
        flow.ack(MSS, false, false);
        flow.ack(MSS, false, false);
        flow.sndMax += 8 * MSS; // data sent inside the window does not move its end
        flow.ack(MSS, false, false);
        assertEquals(1.0, flow.alpha(), "three of four segments acknowledged: the window is still open");
        flow.ack(MSS, true, false);
        assertEquals(next(1.0, 0.25), flow.alpha());
        // The next window is the 8 segments sent before it ended.
        for (int i = 0; i < 7; i++) {
            flow.ack(MSS, true, false);
        }
        assertEquals(next(1.0, 0.25), flow.alpha(), "7 of 8 segments acknowledged");
        flow.ack(MSS, false, false);
        assertEquals(next(next(1.0, 0.25), 7.0 / 8), flow.alpha());
    }

    @Test
    void ackWithoutNewDataDoesNotEndAWindow() {
        Flow flow = new Flow(new Dctcp(), 0, 0); // nothing in flight at init: SND.UNA is already the window end
        flow.ack(0, true, true);
        flow.ack(0, false, false); // window update
        assertEquals(1.0, flow.alpha(), "no byte acknowledged: no F to compute");
        flow.sndMax += 2 * MSS;
        flow.ack(MSS, false, false); // the first ACK of data ends the window that began at init
        assertEquals(next(1.0, 0.0), flow.alpha());
    }

    @Test
    void windowsFollowSequenceNumbersAcrossWrapAround() {
        Flow flow = new Flow(new Dctcp(), -3 * MSS, 6 * MSS); // the round spans 2^32
        double expected = 1.0;
        for (int window = 0; window < 5; window++) {
            flow.round(MSS, marks(6, 3), 6 * MSS);
            expected = next(expected, 0.5);
            assertEquals(expected, flow.alpha(), "window " + window);
        }
    }

    @Test
    void gainFollowsTheShiftOption() {
        Flow flow = new Flow(new Dctcp(0, 1.0), 0, 4 * MSS); // g = 1: alpha = F
        flow.round(MSS, marks(4, 1), 4 * MSS);
        assertEquals(0.25, flow.alpha());
        Flow slow = new Flow(new Dctcp(8, 0.0), 0, 4 * MSS); // g = 1/256 from alpha 0
        slow.round(MSS, marks(4, 4), 4 * MSS);
        assertEquals(1.0 / 256, slow.alpha());
    }

    @Test
    void ecnReductionCutsCwndByHalfAlpha() {
        Flow flow = new Flow(new Dctcp(), 0, 20 * MSS);
        flow.round(MSS, marks(20, 5), 20 * MSS); // alpha = 15/16 + 1/16 * 1/4
        double alpha = next(1.0, 0.25);
        flow.cwnd = 20 * MSS;
        flow.ack(MSS, true, false); // ECE inside the next window: alpha unchanged
        int expected = (int) Math.ceil(flow.cwnd * (1 - alpha / 2)); // RFC 8257 3.3 step 9, whole bytes up
        assertEquals(expected, flow.ecnCut());
        assertEquals(15_285, expected, "29200 * (1 - 0.953125/2) = 15284.375, rounded up to a whole byte");
    }

    @Test
    void ecnReductionUsesAlphaUpdatedByTheSameAck() {
        Flow flow = new Flow(new Dctcp(0, 1.0), 0, 2 * MSS); // g = 1 makes the update visible
        flow.cwnd = 40 * MSS;
        flow.ack(MSS, false, false);
        flow.ack(MSS, true, false); // ends the window (F = 1/2) and carries ECE
        assertEquals(0.5, flow.alpha());
        assertEquals(30 * MSS, flow.ecnCut(), "cwnd * (1 - 0.5/2)");
    }

    @Test
    void ecnReductionRoundingAndFloorAtTinyWindows() {
        int mss = 536;
        int[][] cases = {
            // cwnd, alpha as numerator over 16
            {2 * mss, 16}, {2 * mss, 1}, {3 * mss, 16}, {3 * mss, 8}, {4 * mss, 16}, {5 * mss, 16},
            {4001, 16}, {4001, 1}, {1073, 16}, {2 * mss + 1, 0}, {7 * mss, 15},
        };
        for (int[] c : cases) {
            double alpha = c[1] / 16.0;
            Flow flow = new Flow(new Dctcp(4, alpha), 0, 8 * mss);
            flow.mss = mss;
            flow.cwnd = c[0];
            flow.ack(mss, true, false); // ECE, window not ended
            double exact = c[0] * (1 - alpha / 2);
            int expected = Math.max((int) Math.ceil(exact), 2 * mss);
            assertEquals(expected, flow.ecnCut(), "cwnd " + c[0] + " alpha " + alpha + " exact " + exact);
        }
    }

    @Test
    void tinyWindowValuesAreTheRfcFormulaRoundedUpAndFloored() {
        // Spot values worked by hand, mss 536: the floor of 2*SMSS = 1072 bytes holds.
        assertEquals(1072, reduce(1072, 1.0));
        assertEquals(1072, reduce(1608, 1.0));    // 804 -> floor
        assertEquals(1340, reduce(2680, 1.0));    // exactly half
        assertEquals(2001, reduce(4001, 1.0));    // 2000.5 rounds up
        assertEquals(3876, reduce(4001, 1.0 / 16)); // 4001 * 31/32 = 3875.97 rounds up
        assertEquals(1073, reduce(1073, 0.0));    // alpha 0: unchanged
    }

    private static int reduce(int cwnd, double alpha) {
        Flow flow = new Flow(new Dctcp(4, alpha), 0, 8 * 536);
        flow.mss = 536;
        flow.cwnd = cwnd;
        flow.ack(536, true, false);
        return flow.ecnCut();
    }

    @Test
    void lossOnDuplicateAcksIsReno() {
        Flow flow = new Flow(new Dctcp(4, 0.2), 0, 30 * MSS);
        flow.cwnd = 30 * MSS;
        flow.ack(0, true, true); // third duplicate ACK, even with ECE: fast retransmit
        assertEquals(15 * MSS, flow.cc.ssthresh(flow), "RFC 5681 eq. 4: FlightSize / 2");
    }

    @Test
    void timeoutIsRenoEvenAfterAnEceAck() {
        Flow flow = new Flow(new Dctcp(4, 0.2), 0, 30 * MSS);
        flow.cwnd = 30 * MSS;
        flow.ack(MSS, true, false);
        assertEquals(flow.cwnd - (int) (flow.cwnd * 0.1), flow.ecnCut(), "the ECN reduction");
        flow.state = CaState.CWR;
        // No ACK arrives; the retransmission timer fires.
        assertEquals(29 * MSS / 2, flow.cc.ssthresh(flow), "RTO: FlightSize / 2");
    }

    @Test
    void eceDuringRecoveryDoesNotMakeALossReductionDctcps() {
        Flow flow = new Flow(new Dctcp(4, 0.2), 0, 30 * MSS);
        flow.state = CaState.RECOVERY;
        flow.ack(MSS, true, false);
        assertEquals(29 * MSS / 2, flow.cc.ssthresh(flow));
    }

    @Test
    void lossFloorIsTwoSegments() {
        Flow flow = new Flow(new Dctcp(), 0, MSS);
        flow.ack(0, false, true);
        assertEquals(2 * MSS, flow.cc.ssthresh(flow));
    }

    @Test
    void withoutEcnItIsRenoAndAlphaStaysFrozen() {
        Flow flow = new Flow(new Dctcp(), 0, 10 * MSS);
        flow.ecn = false;
        flow.cwnd = 10 * MSS;
        flow.round(MSS, marks(10, 0), 10 * MSS);
        assertEquals(1.0, flow.alpha(), "no ECN: no estimate");
        assertEquals(0.0, flow.value(Dctcp.INFO_ECN));
        flow.ack(MSS, true, false); // a stray ECE on a non-ECN connection means nothing
        assertEquals(9 * MSS / 2, flow.cc.ssthresh(flow), "Reno: FlightSize / 2");
    }

    @Test
    void growthIsRenoSlowStartAndCongestionAvoidance() {
        Flow flow = new Flow(new Dctcp(), 0, 10 * MSS);
        flow.cwnd = 10 * MSS;
        assertEquals(12 * MSS, flow.cc.congestionAvoid(flow, 2 * MSS), "slow start: + acked bytes");
        assertEquals(12 * MSS, flow.cc.congestionAvoid(flow, 5 * MSS), "RFC 3465: at most L = 2*SMSS per ACK");
        flow.ssthresh = 10 * MSS;
        int grown = flow.cwnd;
        for (int i = 0; i < 10; i++) {
            grown = flow.cc.congestionAvoid(flow, MSS);
        }
        assertEquals(11 * MSS, grown, "congestion avoidance: one SMSS per cwnd of acknowledged bytes");
    }

    @Test
    void undoRestoresTheCwndBeforeTheReduction() {
        Flow flow = new Flow(new Dctcp(), 0, 10 * MSS);
        flow.cwnd = 5 * MSS;
        flow.priorCwnd = 10 * MSS;
        assertEquals(10 * MSS, flow.cc.undoCwnd(flow));
    }

    @Test
    void infoCarriesAlphaFractionAndEcn() {
        Flow flow = new Flow(new Dctcp(), 0, 4 * MSS);
        flow.round(MSS, marks(4, 1), 4 * MSS);
        flow.info.clear();
        flow.cc.info(flow, flow.info);
        assertEquals(3, flow.info.algorithmValueCount());
        assertEquals(next(1.0, 0.25), flow.info.algorithmValue("alpha"));
        assertEquals(0.25, flow.info.algorithmValue("ce_fraction"));
        assertEquals(1.0, flow.info.algorithmValue("ecn"));
    }

    @Test
    void initStartsAFreshEstimate() {
        Flow flow = new Flow(new Dctcp(), 0, 4 * MSS);
        flow.round(MSS, marks(4, 0), 4 * MSS);
        flow.cc.init(flow);
        assertEquals(1.0, flow.alpha());
        assertEquals(0.0, flow.value(Dctcp.INFO_CE_FRACTION));
    }

    @Test
    void needsEcnAndPassesTheRegistrationProbe() {
        assertTrue(new Dctcp().needsEcn());
        assertEquals("", CongestionControls.validate(Dctcp::new));
        assertEquals("dctcp", CongestionControls.register(Dctcp::new).name());
    }

    @Test
    void rejectsParametersOutOfRange() {
        IllegalArgumentException shift = assertThrows(IllegalArgumentException.class, () -> new Dctcp(11, 1.0));
        assertTrue(shift.getMessage().contains("shift-g 11"), shift.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class, () -> new Dctcp(4, 1.5));
        assertTrue(alpha.getMessage().contains("initial alpha 1.5"), alpha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dctcp(4, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Dctcp(-1, 1.0));
    }
}
