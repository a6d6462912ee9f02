package io.nsaas.conformance.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CwndTrace on synthetic samples (1448-byte segments, 10 ms RTT, a sample per millisecond), so the
 * measurements the TCK asserts on are known to tell a conforming window from a wrong one.
 */
class CwndTraceTest {
    private static final long MSS = 1448;
    private static final long RTT_US = 10_000;

    /** Builds samples one millisecond apart. */
    private static final class Series {
        final FlowSamples samples = new FlowSamples(0);
        int n;
        long delivered;

        Series() {
            samples.begin(List.of("alpha"));
        }

        Series add(double cwndSegments, long ssthreshSegments, long inflightSegments, long deliveredBytes) {
            delivered += deliveredBytes;
            samples.row(n++ / 1000.0, 0, Math.round(cwndSegments) * MSS, ssthreshSegments < 0 ? -1 : ssthreshSegments * MSS,
                RTT_US, inflightSegments * MSS, delivered, 0, new double[] {0.5});
            return this;
        }
    }

    private static Series slowStart(double factorPerRtt) {
        Series s = new Series();
        for (int ms = 0; ms <= 60; ms++) {
            double cwnd = 10 * Math.pow(factorPerRtt, ms / 10.0);
            s.add(cwnd, -1, Math.round(cwnd), MSS);
        }
        return s;
    }

    @Test
    void slowStartGrowthTellsDoublingFromTripling() {
        assertEquals(2.0, new CwndTrace(slowStart(2).samples).slowStartGrowthPerRtt(), 0.03);
        assertEquals(1.5, new CwndTrace(slowStart(1.5).samples).slowStartGrowthPerRtt(), 0.03);
        assertEquals(3.0, new CwndTrace(slowStart(3).samples).slowStartGrowthPerRtt(), 0.06);
    }

    @Test
    void congestionAvoidanceGrowthIsMeasuredOverTheLongestLossFreeSpan() {
        Series s = new Series();
        for (int ms = 0; ms < 200; ms++) { // 20 RTTs at 2 segments per RTT: twice what RFC 5681 allows
            s.add(40 + ms / 5.0, 40, 40, MSS);
        }
        s.add(40, 40, 80, 0); // a reduction to the same ssthresh ends the span
        for (int ms = 0; ms < 120; ms++) {
            s.add(40 + ms / 10.0, 40, 40, MSS);
        }
        assertEquals(2.0, new CwndTrace(s.samples).congestionAvoidanceSegmentsPerRtt(10), 0.05);
        assertTrue(Double.isNaN(new CwndTrace(s.samples).congestionAvoidanceSegmentsPerRtt(30)), "no span of 30 RTTs");
    }

    @Test
    void reductionsAreSsthreshChangesWhereCwndFellAndTimeoutsFallToOneSegment() {
        Series s = new Series().add(10, -1, 10, 0).add(20, -1, 20, 0).add(10, 10, 20, 0).add(12, 10, 12, 0)
            .add(1, 6, 12, 0).add(2, 6, 2, 0).add(3, 9, 3, 0);
        List<CwndTrace.Reduction> r = new CwndTrace(s.samples).reductions();
        assertEquals(2, r.size(), r.toString());
        assertEquals(new CwndTrace.Reduction(2, 20 * MSS, 20 * MSS, 10 * MSS, 10 * MSS, false), r.get(0));
        assertEquals(new CwndTrace.Reduction(4, 12 * MSS, 12 * MSS, 6 * MSS, MSS, true), r.get(1));
    }

    @Test
    void stallsAreFoundWithTheirLeastCwndAndLargestFlight() {
        Series s = new Series();
        for (int ms = 0; ms < 10; ms++) {
            s.add(8, 8, 8, MSS);
        }
        for (int ms = 0; ms < 150; ms++) { // 150 ms without delivery, the flight growing to 12 segments
            s.add(ms < 140 ? 8 : 1, ms < 140 ? 8 : 6, 8 + Math.min(4, ms), 0);
        }
        for (int ms = 0; ms < 30; ms++) {
            s.add(2, 6, 2, MSS);
        }
        CwndTrace trace = new CwndTrace(s.samples);
        List<CwndTrace.Stall> stalls = trace.stalls(0.1);
        assertEquals(1, stalls.size(), stalls.toString());
        assertEquals(MSS, stalls.get(0).minCwnd());
        assertEquals(12 * MSS, stalls.get(0).maxInflight());
        assertEquals(6 * MSS, stalls.get(0).ssthresh());
        assertTrue(trace.stalls(0.2).isEmpty(), "the stall lasted 150 ms");
    }

    @Test
    void mssIsTheCommonDivisorOfTheCwndSamplesAndAlgorithmValuesAreNamed() {
        Series s = new Series().add(10, -1, 10, 0).add(17, -1, 17, 0);
        assertEquals(MSS, s.samples.mss());
        assertTrue(s.samples.hasValue("alpha"));
        assertFalse(s.samples.hasValue("w_max"));
        assertEquals(0.5, s.samples.value("alpha", 1));
        assertTrue(Double.isNaN(s.samples.value("w_max", 1)));
    }
}
