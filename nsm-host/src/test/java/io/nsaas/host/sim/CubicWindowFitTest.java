package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CubicWindowFit on synthetic time series built from RFC 9438's formulas: a flow that follows W_cubic
 * exactly fits, one that is off by a known amount reports that amount, fast convergence is recomputed,
 * and the Reno-friendly region is left out.
 */
class CubicWindowFitTest {
    private static final int MSS = 1448;
    private static final List<String> COLUMNS = List.of("w_max", "k_ms", "w_est", "epoch_ms", "cwnd_prior");
    private static final double DT = 0.01;

    /** Writes a synthetic CUBIC flow: slow start, then losses, each followed by an epoch on RFC 9438's curve. */
    private static final class Flow {
        final CubicWindowFit fit = new CubicWindowFit(0);
        double time;
        double wMax = -1;
        long ssthresh = -1;
        long cwnd;

        Flow() {
            fit.begin(COLUMNS);
        }

        void row(long cwndBytes, double wMaxSeg, double kS, double wEstSeg, double epochS, double priorSeg) {
            fit.row(time, 0, cwndBytes, ssthresh, 40_000, cwndBytes, 0, 0,
                new double[] {wMaxSeg * MSS, kS * 1000, wEstSeg * MSS, epochS * 1000, priorSeg * MSS});
            time += DT;
        }

        /** Slow start up to {@code segments}, where the first loss comes. */
        void slowStartTo(int segments) {
            cwnd = (long) segments * MSS;
            row(cwnd, 0, 0, 0, 0, 0);
        }

        /**
         * A loss at the cwnd the flow has now, then {@code seconds} of an epoch whose cwnd is
         * {@code scale} x W_cubic(t), rounded down to segments; W_est below W_cubic unless {@code renoFriendly}.
         */
        void lossThenEpoch(double seconds, double scale, boolean renoFriendly) {
            long cwndSeg = cwnd / MSS;
            double newWmax = cwndSeg < wMax ? cwndSeg * 0.85 : cwndSeg;
            wMax = newWmax;
            double epochCwnd = 0.7 * cwndSeg;
            double k = Math.cbrt((newWmax - epochCwnd) / 0.4);
            ssthresh = (long) (epochCwnd * MSS);
            row((long) epochCwnd * MSS, newWmax, k, 0, 0, cwndSeg); // recovery: no epoch yet
            for (double t = DT; t < seconds; t += DT) {
                double w = 0.4 * Math.pow(t - k, 3) + newWmax;
                double wEst = renoFriendly ? w + 5 : w - 5;
                cwnd = (long) (scale * w) * MSS;
                row(cwnd, newWmax, k, wEst, t, cwndSeg);
            }
        }
    }

    @Test
    void aFlowOnTheCurveFitsInBothRegions() {
        Flow flow = new Flow();
        flow.slowStartTo(200);
        flow.lossThenEpoch(10, 1, false);   // first loss: only sets W_max 200; the curve ends at 241 segments
        flow.lossThenEpoch(5.5, 1, false);  // W_max 241, K = 5.65 s: concave; ends at 240 (< W_max)
        flow.lossThenEpoch(6, 1, false);    // fast convergence: W_max 204, K = 4.52 s: concave, then convex
        CubicWindowFit.Result r = flow.fit.result();

        assertEquals(MSS, r.mss());
        assertEquals(2, r.epochs());
        assertTrue(r.concaveSamples() > 900 && r.convexSamples() > 100, r.toString());
        assertTrue(r.maxError() < 1.0 / 150, "whole segments only: " + r);
        assertTrue(r.maxLossCwndDeviation() < 1.0 / 150, r.toString());
        assertEquals(0, r.maxWmaxDeviation(), 1e-9, "fast convergence recomputed as the flow did");
        assertEquals(0, r.maxKDeviationMs(), 1e-6);
    }

    @Test
    void aFlowTenPercentBelowTheCurveShowsTenPercent() {
        Flow flow = new Flow();
        flow.slowStartTo(200);
        flow.lossThenEpoch(10, 1, false);
        flow.lossThenEpoch(6, 0.9, false);
        CubicWindowFit.Result r = flow.fit.result();
        assertEquals(0.1, r.medianError(), 0.01, r.toString());
        assertTrue(r.p90Error() >= r.medianError() && r.maxError() >= r.p90Error(), r.toString());
    }

    @Test
    void theRenoFriendlyRegionIsCountedButNotCompared() {
        Flow flow = new Flow();
        flow.slowStartTo(200);
        flow.lossThenEpoch(10, 1, false);
        flow.lossThenEpoch(2, 0.5, true); // far off the curve, but W_est is above it
        CubicWindowFit.Result r = flow.fit.result();
        assertEquals(0, r.samples());
        assertTrue(r.renoFriendlySamples() > 150, r.toString());
    }

    @Test
    void refusesASeriesWithoutCubicsInfoValues() {
        CubicWindowFit fit = new CubicWindowFit(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit.begin(List.of("alpha")));
        assertTrue(e.getMessage().contains("'w_est'"), e.getMessage());
    }

    @Test
    void refusesAFlowWithoutLosses() {
        Flow flow = new Flow();
        flow.slowStartTo(10);
        flow.slowStartTo(20);
        IllegalStateException e = assertThrows(IllegalStateException.class, flow.fit::result);
        assertTrue(e.getMessage().contains("no epoch after a loss"), e.getMessage());
    }

    @Test
    void quantileIsNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, CubicWindowFit.quantile(sorted, 0.5));
        assertEquals(9, CubicWindowFit.quantile(sorted, 0.9));
        assertEquals(1, CubicWindowFit.quantile(sorted, 0.0));
        assertEquals(0, CubicWindowFit.quantile(new double[0], 0.5));
    }
}
