package io.nsaas.host.sim;

import io.nsaas.host.fabric.link.BitRate;
import io.nsaas.host.perf.ByteCount;
import java.util.List;
import java.util.Locale;

/**
 * The one-screen text summary {@code nsaas sim} prints at the end of a run, for people (scripts read
 * {@code summary.json}):
 *
 * <pre>
 * two-flows (seed 42): 10 s simulated in 3.2 s (3.1x real time, 412,345 packets per wall second)
 * bottleneck 1 Gbps: utilization 98.7%, drops 17, CE marks 3
 *   queue (packets): mean 12.5, p50 11, p95 30, p99 41.3, max 466
 * flow  stack             delivered    goodput        retransmits  integrity
 *    0  newreno          572.20 MiB    480.000 Mbps             5  ok
 * Jain's fairness index: 0.999 (last half of the run: 0.998)
 * </pre>
 *
 * At most {@link #MAX_FLOW_LINES} flows are listed; the rest are counted.
 */
public final class SummaryText {
    /** Flows listed before the rest are only counted, to keep the summary on one screen. */
    public static final int MAX_FLOW_LINES = 12;

    private SummaryText() {
    }

    /** @return the summary, lines separated by {@code \n}, without a trailing newline */
    public static String render(SimSummary s) {
        StringBuilder text = new StringBuilder(1024);
        double speed = s.wallSeconds() > 0 ? s.simulatedSeconds() / s.wallSeconds() : Double.POSITIVE_INFINITY;
        text.append(String.format(Locale.ROOT, "%s (seed %d): %s s simulated in %.1f s (%s real time, %,.0f packets per wall "
            + "second)%n", s.name(), s.seed(), decimal(s.simulatedSeconds(), 6), s.wallSeconds(), Double.isFinite(speed)
                ? String.format(Locale.ROOT, "%.1fx", speed) : "faster than", s.packetsPerWallSecond()));
        BottleneckSummary b = s.bottleneck();
        text.append(String.format(Locale.ROOT, "bottleneck %s: utilization %.1f%%, drops %d, CE marks %d%n",
            BitRate.human(b.capacityBps()), b.utilization() * 100, b.drops(), b.ceMarks()));
        QueueStats q = b.queuePackets();
        text.append(String.format(Locale.ROOT, "  queue (packets): mean %s, p50 %s, p95 %s, p99 %s, max %s%n",
            decimal(q.mean(), 1), decimal(q.p50(), 1), decimal(q.p95(), 1), decimal(q.p99(), 1), decimal(q.max(), 1)));
        text.append(String.format(Locale.ROOT, "%4s  %-14s %12s  %14s  %11s  %s%n", "flow", "stack", "delivered", "goodput",
            "retransmits", "integrity"));
        List<FlowSummary> flows = s.flows();
        for (int i = 0; i < Math.min(flows.size(), MAX_FLOW_LINES); i++) {
            FlowSummary f = flows.get(i);
            text.append(String.format(Locale.ROOT, "%4d  %-14s %12s  %14s  %11d  %s%n", f.id(), f.stack(),
                ByteCount.human(f.bytesDelivered()), BitRate.human(Double.isFinite(f.goodputBps()) ? Math.round(f.goodputBps()) : 0),
                f.retransmits(), f.integrity()));
        }
        if (flows.size() > MAX_FLOW_LINES) {
            text.append("  ... and ").append(flows.size() - MAX_FLOW_LINES).append(" more flows (see summary.json)\n");
        }
        text.append(String.format(Locale.ROOT, "Jain's fairness index: %.3f (last half of the run: %.3f)", s.jainFairness(),
            s.jainFairnessLastHalf()));
        return text.toString();
    }

    /** @return {@code value} with at most {@code decimals} decimals and no trailing zeros: {@code 10}, {@code 41.3} */
    private static String decimal(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
            .toPlainString();
    }
}
