package io.nsaas.conformance.algo;

import java.util.ArrayList;
import java.util.List;

/**
 * Measurements of a flow's congestion window taken from outside the stack, on its {@link FlowSamples}:
 * slow-start growth per round trip, window reductions, congestion-avoidance growth, and stalls that
 * only a retransmission timeout ends.
 */
final class CwndTrace {
    private final FlowSamples s;
    private final long mss;

    CwndTrace(FlowSamples samples) {
        this.s = samples;
        this.mss = samples.mss();
        if (mss <= 0) {
            throw new IllegalStateException("the flow has no cwnd samples: the stack never connected");
        }
    }

    /** @return the flow's MSS, bytes */
    long mss() {
        return mss;
    }

    /**
     * A reduction: sample {@code index} is the first whose ssthresh differs from the one before while cwnd
     * fell or ssthresh was set for the first time.
     *
     * @param index         the sample that shows the reduction
     * @param cwndBefore    cwnd of the sample before, bytes
     * @param inflightBefore bytes in flight at the sample before
     * @param ssthresh      the new ssthresh, bytes
     * @param cwnd          cwnd at the sample, bytes
     * @param timeout       whether cwnd fell to one segment (a retransmission timeout's loss window)
     */
    record Reduction(int index, long cwndBefore, long inflightBefore, long ssthresh, long cwnd, boolean timeout) {
    }

    /** @return the reductions of the run, in time order */
    List<Reduction> reductions() {
        List<Reduction> result = new ArrayList<>();
        for (int i = 1; i < s.size(); i++) {
            long before = s.ssthresh(i - 1);
            long now = s.ssthresh(i);
            if (now >= 0 && now != before && (s.cwnd(i) < s.cwnd(i - 1) || before < 0)) {
                result.add(new Reduction(i, s.cwnd(i - 1), s.inflight(i - 1), now, s.cwnd(i), s.cwnd(i) <= mss));
            }
        }
        return result;
    }

    /**
     * Growth of cwnd per round trip over the initial slow start: from the first sample with an RTT
     * estimate to the last before ssthresh is first set, {@code (cwnd_end / cwnd_start)^(1 / n)} where n
     * counts round trips as the sum of sample intervals over the smoothed RTT.
     *
     * @return the factor, or NaN when slow start lasted less than two round trips
     */
    double slowStartGrowthPerRtt() {
        int first = -1;
        double rtts = 0;
        int last = -1;
        for (int i = 0; i < s.size() && s.ssthresh(i) < 0; i++) {
            if (s.srttUs(i) <= 0 || s.cwnd(i) <= 0) {
                continue;
            }
            if (first < 0) {
                first = i;
            } else {
                rtts += (s.time(i) - s.time(i - 1)) * 1e6 / s.srttUs(i);
            }
            last = i;
        }
        if (first < 0 || rtts < 2) {
            return Double.NaN;
        }
        return Math.pow((double) s.cwnd(last) / s.cwnd(first), 1 / rtts);
    }

    /**
     * Congestion-avoidance growth per round trip, over the longest span (in round trips) of samples in
     * which ssthresh is set and unchanged and cwnd is at or above it and never falls: the cwnd gained over
     * the round trips elapsed (sum of sample intervals over the smoothed RTT).
     *
     * @return segments per round trip, or NaN when no span lasted {@code minRtts} round trips
     */
    double congestionAvoidanceSegmentsPerRtt(double minRtts) {
        double best = Double.NaN;
        double bestRtts = 0;
        int start = 0;
        double rtts = 0;
        for (int i = 1; i <= s.size(); i++) {
            boolean continues = i < s.size() && s.ssthresh(i) >= 0 && s.ssthresh(i) == s.ssthresh(i - 1)
                && s.cwnd(i) >= s.cwnd(i - 1) && s.cwnd(i) >= s.ssthresh(i) && s.cwnd(i - 1) >= s.ssthresh(i);
            if (continues) {
                rtts += (s.time(i) - s.time(i - 1)) * 1e6 / Math.max(1, s.srttUs(i));
                continue;
            }
            if (rtts >= minRtts && rtts > bestRtts) {
                bestRtts = rtts;
                best = (double) (s.cwnd(i - 1) - s.cwnd(start)) / mss / rtts;
            }
            start = i;
            rtts = 0;
        }
        return best;
    }

    /**
     * A stall: samples over which nothing new was delivered although data was in flight, for at least the
     * given time; only a retransmission timeout ends one that outlasts every fast-recovery round trip.
     *
     * @param start       first sample of the stall
     * @param end         first sample after it that shows delivery again
     * @param minCwnd     least cwnd from the start to one smoothed RTT after the end, bytes
     * @param maxInflight the most bytes in flight during the stall (the flight when the timer fired)
     * @param ssthresh    ssthresh at the end, bytes
     */
    record Stall(int start, int end, long minCwnd, long maxInflight, long ssthresh) {
    }

    /** @return every stall of at least {@code minSeconds} that delivery resumed after */
    List<Stall> stalls(double minSeconds) {
        List<Stall> result = new ArrayList<>();
        int i = 1;
        while (i < s.size()) {
            if (s.delivered(i) != s.delivered(i - 1) || s.inflight(i) == 0) {
                i++;
                continue;
            }
            int start = i - 1;
            int end = i;
            while (end < s.size() && s.delivered(end) == s.delivered(start)) {
                end++;
            }
            if (end < s.size() && s.time(end) - s.time(start) >= minSeconds) {
                long min = Long.MAX_VALUE;
                long inflight = 0;
                for (int j = start; j < end; j++) {
                    inflight = Math.max(inflight, s.inflight(j));
                }
                double until = s.time(end) + s.srttUs(end) / 1e6;
                for (int j = start; j < s.size() && s.time(j) <= until; j++) {
                    min = Math.min(min, s.cwnd(j));
                }
                result.add(new Stall(start, end, min, inflight, s.ssthresh(end)));
            }
            i = end + 1;
        }
        return result;
    }
}
