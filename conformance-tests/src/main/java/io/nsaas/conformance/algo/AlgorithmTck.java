package io.nsaas.conformance.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.Requirement;
import io.nsaas.conformance.StackTck;
import io.nsaas.host.sim.BottleneckSummary;
import io.nsaas.host.sim.CubicWindowFit;
import io.nsaas.host.sim.FlowSpec;
import io.nsaas.host.sim.FlowSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Congestion-control checks of the algorithm the stack declares ({@code descriptor().algorithm()}):
 * {@code reno} against RFC 5681 / 6582, {@code cubic} against RFC 9438, {@code dctcp} against RFC 8257.
 * The stack is a black box: every check reads only what the simulator samples from its {@code TcpInfo}
 * (cwnd, ssthresh, smoothed RTT, bytes in flight, bytes delivered, the stack's named algorithm values)
 * and the bottleneck's counters, in fixed-seed virtual-time runs. Checks for an algorithm the stack
 * does not declare skip, saying which one it declares; socket-level stacks skip every check.
 */
public abstract class AlgorithmTck extends StackTck {
    static final String RENO = "reno";
    static final String CUBIC = "cubic";
    static final String DCTCP = "dctcp";
    /** DCTCP runs' marking threshold K, packets. */
    static final int K_PACKETS = 20;
    /** Least stall (no delivery with data in flight) taken as ended by a retransmission timeout, seconds. */
    static final double TIMEOUT_STALL_S = 0.1;

    private static final long S = 1_000 * PathRun.MS;
    /** Reno's path: 50 Mbps, 10 ms base RTT, a one-BDP drop-tail buffer: losses recur every ~40 round trips. */
    private static final PathRun RENO_PATH = new PathRun("reno-drop-tail", 21, 3 * S,
        PathRun.dropTail(50 * PathRun.MBPS, 5 * PathRun.MS, 40), FlowSpec.BULK, 1);
    /** The same path losing 30% of data segments at random: whole windows are lost, so timeouts must fire. */
    private static final PathRun RENO_LOSSY = new PathRun("reno-random-loss-30%", 22, 3 * S,
        PathRun.withFaults(PathRun.dropTail(50 * PathRun.MBPS, 5 * PathRun.MS, 40), 0.3, 0, 0, 0), FlowSpec.BULK, 1);
    /** CUBIC's path: 100 Mbps, 40 ms base RTT, a 0.1-BDP buffer: losses every few seconds, concave and convex growth. */
    private static final PathRun CUBIC_PATH = new PathRun("cubic-drop-tail", 9, 20 * S,
        PathRun.dropTail(100 * PathRun.MBPS, 20 * PathRun.MS, 30), FlowSpec.BULK, 1);
    /** DCTCP's path: 100 Mbps, 10 ms base RTT, a deep buffer that marks CE from K packets. */
    private static final PathRun DCTCP_PATH = new PathRun("dctcp-marking", 23, 1 * S,
        PathRun.marking(100 * PathRun.MBPS, 5 * PathRun.MS, 1000, K_PACKETS), FlowSpec.BULK, 1);

    private final Map<PathRun, PathRun.Outcome> outcomes = new HashMap<>();

    /**
     * @return the algorithm whose checks run: the one the stack declares. The suite's own tests override it
     *         to run one algorithm's checks on another's stack and see them fail.
     */
    protected String algorithmUnderTest() {
        return descriptor().algorithm();
    }

    /** Skips unless the stack is packet-level and its {@link #algorithmUnderTest()} is {@code algorithm}. */
    private void requireAlgorithm(String algorithm) {
        Assumptions.assumeTrue(algorithmUnderTest().equals(algorithm), () -> "skipped: stack " + descriptor().id()
            + " declares algorithm " + algorithmUnderTest() + "; this check is for " + algorithm);
        Assumptions.assumeTrue(descriptor().packetLevel(), () -> "skipped: stack " + descriptor().id()
            + " is socket-level (it uses host sockets), so the simulator cannot run it on an emulated link");
    }

    /** @return the run's outcome (each run once per test class), after checking that its flows delivered intact */
    private synchronized PathRun.Outcome outcome(PathRun run) {
        return outcomes.computeIfAbsent(run, r -> {
            PathRun.Outcome o = r.run(plugin().registry(), plugin().stack().pluginId());
            for (FlowSummary flow : o.summary().flows()) {
                assertEquals(FlowSummary.OK, flow.integrity(), r.name() + ": flow " + flow.id() + " must deliver intact");
                assertTrue(flow.bytesDelivered() > 0, r.name() + ": flow " + flow.id() + " delivered nothing");
            }
            return o;
        });
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    // ---- reno: RFC 5681, RFC 6582 ----

    @Test
    @Requirement({"RFC5681-3.1"})
    void required_renoSlowStartGrowsCwndBetweenOneAndAHalfAndTwiceEachRtt() {
        requireAlgorithm(RENO);
        double growth = new CwndTrace(outcome(RENO_PATH).samples()).slowStartGrowthPerRtt();
        assertFalse(Double.isNaN(growth), "reno: the initial slow start must last at least two round trips on "
            + RENO_PATH.name() + " (a 50 Mbps, 10 ms path), but ssthresh was set earlier");
        assertTrue(growth >= 1.4 && growth <= 2.1, f("reno: in slow start cwnd must grow by at most 1 SMSS per ACK "
            + "(at most x2 per RTT) and, with an ACK at least every second segment, by at least x1.5 per RTT; measured "
            + "x%.2f per RTT on %s", growth, RENO_PATH.name()));
    }

    @Test
    @Requirement({"RFC5681-3.2"})
    void required_renoFastRetransmitSetsSsthreshToHalfTheFlight() {
        requireAlgorithm(RENO);
        CwndTrace trace = new CwndTrace(outcome(RENO_PATH).samples());
        int checked = 0;
        for (CwndTrace.Reduction r : trace.reductions()) {
            if (r.timeout()) {
                continue;
            }
            long expected = Math.max(r.inflightBefore() / 2, 2 * trace.mss());
            assertTrue(Math.abs(r.ssthresh() - expected) <= 0.1 * expected + 2 * trace.mss(), f("reno: on loss "
                + "detected by duplicate ACKs ssthresh must be max(FlightSize/2, 2*SMSS) = %d bytes (flight %d bytes "
                + "just before), but the stack set %d bytes (sample %d of %s)", expected, r.inflightBefore(),
                r.ssthresh(), r.index(), RENO_PATH.name()));
            checked++;
        }
        assertTrue(checked > 0, "reno: the one-BDP buffer of " + RENO_PATH.name() + " overflows, so ssthresh must have"
            + " been reduced at least once without a timeout, but no reduction was seen");
    }

    @Test
    @Requirement({"RFC5681-3.2", "RFC6582-3.2"})
    void required_renoCwndIsDeflatedToSsthreshWhenRecoveryEnds() {
        requireAlgorithm(RENO);
        FlowSamples s = outcome(RENO_PATH).samples();
        CwndTrace trace = new CwndTrace(s);
        int checked = 0;
        for (CwndTrace.Reduction r : trace.reductions()) {
            int k = afterRecovery(s, r);
            if (r.timeout() || k < 0 || s.ssthresh(k) != r.ssthresh()) {
                continue; // the run ended, or the next reduction came, before recovery surely ended
            }
            double rtts = (s.time(k) - s.time(r.index())) * 1e6 / Math.max(1, s.srttUs(k));
            long limit = r.ssthresh() + Math.round((1 + rtts) * trace.mss());
            assertTrue(s.cwnd(k) <= limit, f("reno: when recovery ends cwnd must be deflated to at most ssthresh (%d "
                + "bytes) and then grow at most 1 SMSS per RTT (%.1f RTTs since the loss: at most %d bytes), but cwnd "
                + "is %d bytes at %.4f s of %s", r.ssthresh(), rtts, limit, s.cwnd(k), s.time(k), RENO_PATH.name()));
            checked++;
        }
        assertTrue(checked > 0, "reno: no fast recovery on " + RENO_PATH.name() + " ended before the run did");
    }

    /**
     * @return the first sample one smoothed RTT after the flight outstanding at the reduction has been
     *         delivered (the sender has then had the ACK that ends recovery), or -1 when the run ends first
     */
    private static int afterRecovery(FlowSamples s, CwndTrace.Reduction r) {
        long point = s.delivered(r.index()) + r.inflightBefore();
        int i = r.index();
        while (i < s.size() && s.delivered(i) < point) {
            i++;
        }
        if (i == s.size()) {
            return -1;
        }
        double after = s.time(i) + s.srttUs(i) / 1e6;
        while (i < s.size() && s.time(i) < after) {
            i++;
        }
        return i < s.size() ? i : -1;
    }

    @Test
    @Requirement({"RFC5681-3.1"})
    void required_renoCongestionAvoidanceAddsAboutOneSegmentPerRtt() {
        requireAlgorithm(RENO);
        double perRtt = new CwndTrace(outcome(RENO_PATH).samples()).congestionAvoidanceSegmentsPerRtt(10);
        assertFalse(Double.isNaN(perRtt), "reno: no loss-free congestion-avoidance span of 10 RTTs on "
            + RENO_PATH.name());
        assertTrue(perRtt >= 0.3 && perRtt <= 1.2, f("reno: in congestion avoidance cwnd must grow by roughly, and "
            + "never more than, 1 SMSS per RTT; measured %.2f segments per RTT on %s", perRtt, RENO_PATH.name()));
    }

    @Test
    @Requirement({"RFC5681-3.1", "RFC9293-MUST-19"})
    void required_renoTimeoutCollapsesCwndToTheLossWindow() {
        requireAlgorithm(RENO);
        PathRun.Outcome o = outcome(RENO_LOSSY);
        CwndTrace trace = new CwndTrace(o.samples());
        List<CwndTrace.Stall> stalls = trace.stalls(TIMEOUT_STALL_S);
        stalls.removeIf(stall -> o.samples().delivered(stall.start()) == 0); // the handshake's own timeouts
        assertFalse(stalls.isEmpty(), f("reno: with 30%% of data segments lost whole windows are lost and only the "
            + "retransmission timer can repair them, but delivery never stalled for %.0f ms on %s (retransmits %d)",
            TIMEOUT_STALL_S * 1000, RENO_LOSSY.name(), o.flow(0).retransmits()));
        for (CwndTrace.Stall stall : stalls) {
            String at = f(" (stall from %.4f s to %.4f s of %s)", o.samples().time(stall.start()),
                o.samples().time(stall.end()), RENO_LOSSY.name());
            assertTrue(stall.minCwnd() <= trace.mss(), "reno: after a retransmission timeout cwnd must be at most the "
                + "loss window, 1 SMSS (" + trace.mss() + " bytes), but it never fell below " + stall.minCwnd()
                + " bytes" + at);
            long bound = Math.max(stall.maxInflight() / 2, 2 * trace.mss());
            assertTrue(stall.ssthresh() <= bound + trace.mss(), "reno: after a retransmission timeout ssthresh must "
                + "be at most max(FlightSize/2, 2*SMSS) = " + bound + " bytes, but it is " + stall.ssthresh() + at);
        }
    }

    // ---- cubic: RFC 9438 ----

    @Test
    @Requirement({"RFC9438-4.6"})
    void required_cubicLossReducesTheWindowByBeta() {
        requireAlgorithm(CUBIC);
        CwndTrace trace = new CwndTrace(outcome(CUBIC_PATH).samples());
        int checked = 0;
        for (CwndTrace.Reduction r : trace.reductions()) {
            if (r.timeout()) {
                continue;
            }
            double tolerance = 0.03 + 2.0 * trace.mss() / r.cwndBefore();
            double ofCwnd = (double) r.ssthresh() / r.cwndBefore();
            double ofFlight = r.inflightBefore() > 0 ? (double) r.ssthresh() / r.inflightBefore() : 0;
            boolean ok = Math.abs(ofCwnd - CubicWindowFit.BETA) <= tolerance
                || Math.abs(ofFlight - CubicWindowFit.BETA) <= tolerance
                || r.ssthresh() == 2 * trace.mss();
            assertTrue(ok, f("cubic: on loss ssthresh must be beta_cubic = 0.7 times cwnd (or the flight size), but it "
                + "is %.3f of cwnd %d bytes and %.3f of flight %d bytes (sample %d of %s)", ofCwnd, r.cwndBefore(),
                ofFlight, r.inflightBefore(), r.index(), CUBIC_PATH.name()));
            checked++;
        }
        assertTrue(checked >= 2, "cubic: the small buffer of " + CUBIC_PATH.name() + " overflows every few seconds, "
            + "but only " + checked + " reductions were seen");
    }

    @Test
    @Requirement({"RFC9438-4.2", "RFC9438-4.7"})
    void required_cubicCwndFollowsTheWindowFunction() {
        requireAlgorithm(CUBIC);
        FlowSamples s = outcome(CUBIC_PATH).samples();
        for (String value : new String[] {"w_max", "k_ms", "w_est", "epoch_ms", "cwnd_prior"}) {
            Assumptions.assumeTrue(s.hasValue(value), () -> "skipped: stack " + descriptor().id() + " reports no "
                + "algorithm value '" + value + "' in TcpInfo; the window function cannot be checked without "
                + "w_max, k_ms, w_est, epoch_ms and cwnd_prior");
        }
        CubicWindowFit fit = new CubicWindowFit(0);
        fit.begin(List.of("w_max", "k_ms", "w_est", "epoch_ms", "cwnd_prior"));
        double[] values = new double[5];
        for (int i = 0; i < s.size(); i++) {
            values[0] = s.value("w_max", i);
            values[1] = s.value("k_ms", i);
            values[2] = s.value("w_est", i);
            values[3] = s.value("epoch_ms", i);
            values[4] = s.value("cwnd_prior", i);
            fit.row(s.time(i), 0, s.cwnd(i), s.ssthresh(i), s.srttUs(i), s.inflight(i), s.delivered(i), s.queue(i),
                values);
        }
        CubicWindowFit.Result r = fit.result();
        String result = CubicWindowFit.toJson(r);
        assertTrue(r.epochs() >= 2 && r.samples() > 500, "cubic: too few congestion-avoidance epochs to compare on "
            + CUBIC_PATH.name() + ": " + result);
        assertTrue(r.medianError() < 0.02 && r.p90Error() < 0.05, "cubic: between losses cwnd must follow "
            + "W_cubic(t) = C*(t-K)^3 + W_max (median relative error below 2%, 90th percentile below 5%): " + result);
    }

    // ---- dctcp: RFC 8257 ----

    @Test
    @Requirement({"RFC8257-3", "RFC3168-6.1.1"})
    void required_dctcpNegotiatesEcnAndReactsToMarksWithoutLoss() {
        requireAlgorithm(DCTCP);
        PathRun.Outcome o = outcome(DCTCP_PATH);
        EcnCapture wire = o.ecn();
        assertTrue(wire.syns() > 0 && wire.ecnSetupSyns() == wire.syns(), "dctcp: DCTCP needs ECN, so every SYN must "
            + "ask for it with ECE and CWR set, but the capture of " + DCTCP_PATH.name() + " shows " + wire);
        assertTrue(wire.dataSegments() > 0 && wire.ectSegments() == wire.dataSegments(), "dctcp: once ECN is "
            + "negotiated every data segment must be sent ECN-capable (ECT), but the capture of " + DCTCP_PATH.name()
            + " shows " + wire);
        BottleneckSummary b = o.summary().bottleneck();
        assertTrue(b.ceMarks() > 0, "dctcp: the bottleneck marks CE on ECN-capable packets from K = " + K_PACKETS
            + " packets queued, but it marked none on " + DCTCP_PATH.name());
        assertEquals(0, b.drops(), "dctcp: reacting to CE marks must keep the 1000-packet buffer of "
            + DCTCP_PATH.name() + " from overflowing, but it dropped packets");
        assertEquals(0, o.flow(0).retransmits(), "dctcp: nothing was lost on " + DCTCP_PATH.name()
            + ", so nothing may be retransmitted");
    }

    @Test
    @Requirement({"RFC8257-3.1", "RFC8257-3.3"})
    void required_dctcpHoldsTheQueueNearTheMarkingThreshold() {
        requireAlgorithm(DCTCP);
        BottleneckSummary b = outcome(DCTCP_PATH).summary().bottleneck();
        assertTrue(b.queuePackets().p50() >= K_PACKETS / 4.0 && b.queuePackets().p50() <= 1.5 * K_PACKETS
            && b.queuePackets().p99() <= 3 * K_PACKETS, "dctcp: the queue must stay near the marking threshold K = "
            + K_PACKETS + " packets (median in [K/4, 1.5K], 99th percentile at most 3K), but it is " + b.queuePackets()
            + " on " + DCTCP_PATH.name());
        assertTrue(b.utilization() >= 0.85, "dctcp: holding the queue near K must not starve the link: utilization "
            + b.utilization() + " on " + DCTCP_PATH.name());
    }

    @Test
    @Requirement({"RFC8257-3.3"})
    void required_dctcpAlphaStaysBetweenZeroAndOneAndTracksTheMarks() {
        requireAlgorithm(DCTCP);
        FlowSamples s = outcome(DCTCP_PATH).samples();
        requireAlpha(s);
        double min = Double.MAX_VALUE;
        for (int i = 0; i < s.size(); i++) {
            double alpha = s.value("alpha", i);
            if (!Double.isNaN(alpha)) {
                assertTrue(alpha >= 0 && alpha <= 1, f("dctcp: alpha must be in [0, 1], but it is %s at %.4f s of %s",
                    alpha, s.time(i), DCTCP_PATH.name()));
                min = Math.min(min, alpha);
            }
        }
        assertTrue(min < 0.5, f("dctcp: with the queue near K only a small fraction of packets is marked, so alpha "
            + "(the moving average of that fraction) must fall well below 1, but its least value was %.3f", min));
    }

    @Test
    @Requirement({"RFC8257-3.3"})
    void required_dctcpReducesCwndByHalfOfAlpha() {
        requireAlgorithm(DCTCP);
        FlowSamples s = outcome(DCTCP_PATH).samples();
        requireAlpha(s);
        CwndTrace trace = new CwndTrace(s);
        int checked = 0;
        for (CwndTrace.Reduction r : trace.reductions()) {
            if (r.timeout()) {
                continue;
            }
            double tolerance = 0.03 * r.cwndBefore() + 2 * trace.mss();
            double before = r.cwndBefore() * (1 - s.value("alpha", r.index() - 1) / 2);
            double now = r.cwndBefore() * (1 - s.value("alpha", r.index()) / 2);
            assertTrue(Math.abs(r.ssthresh() - before) <= tolerance || Math.abs(r.ssthresh() - now) <= tolerance,
                f("dctcp: on a CE echo cwnd must be reduced to cwnd * (1 - alpha/2) = %.0f bytes (cwnd %d, alpha "
                    + "%.3f), but ssthresh became %d bytes at %.4f s of %s", now, r.cwndBefore(),
                    s.value("alpha", r.index()), r.ssthresh(), s.time(r.index()), DCTCP_PATH.name()));
            checked++;
        }
        assertTrue(checked >= 3, "dctcp: the marking bottleneck of " + DCTCP_PATH.name() + " must cause repeated "
            + "reductions, but only " + checked + " were seen");
    }

    private void requireAlpha(FlowSamples s) {
        Assumptions.assumeTrue(s.hasValue("alpha"), () -> "skipped: stack " + descriptor().id()
            + " reports no algorithm value 'alpha' in TcpInfo, so alpha cannot be observed from outside");
    }
}
