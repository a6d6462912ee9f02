package io.nsaas.host.sim;

import io.nsaas.host.perf.JsonLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code summary.json} of a run: one JSON object on one line, then a newline, with exactly these
 * fields in this order (the interface of issue 4):
 *
 * <pre>
 * {"name","seed","simulated_seconds","wall_seconds",
 *  "bottleneck":{"capacity_bps","utilization","queue_packets":{"mean","p50","p95","p99","max"},"drops","ce_marks"},
 *  "flows":[{"id","stack","bytes_delivered","goodput_bps","retransmits","integrity"}],
 *  "jain_fairness","jain_fairness_last_half","packets_sent"}
 * </pre>
 *
 * <p>{@code jain_fairness_last_half} and {@code packets_sent} extend issue 4's list at the end (readers
 * that take the listed fields are unaffected): Jain's index over the flows' goodputs in the last half of
 * the run, and the packets all tenants sent (so packets per wall second is the simulation speed).
 *
 * <p>Whole numbers are written as integers, fractions with six decimals (NaN and infinities as 0), so
 * the same summary always gives the same bytes; two runs of a scenario differ only in
 * {@code wall_seconds}.
 */
public final class SummaryJson {
    /** The file name in the output directory. */
    public static final String FILE_NAME = "summary.json";

    private SummaryJson() {
    }

    /** @return the JSON text, without a trailing newline */
    public static String toJson(SimSummary summary) {
        BottleneckSummary b = summary.bottleneck();
        QueueStats q = b.queuePackets();
        JsonLine queue = new JsonLine().field("mean", q.mean()).field("p50", q.p50()).field("p95", q.p95())
            .field("p99", q.p99()).field("max", q.max());
        JsonLine bottleneck = new JsonLine().field("capacity_bps", b.capacityBps()).field("utilization", b.utilization())
            .field("queue_packets", queue).field("drops", b.drops()).field("ce_marks", b.ceMarks());
        List<JsonLine> flows = new ArrayList<>();
        for (FlowSummary f : summary.flows()) {
            flows.add(new JsonLine().field("id", f.id()).field("stack", f.stack()).field("bytes_delivered", f.bytesDelivered())
                .field("goodput_bps", f.goodputBps()).field("retransmits", f.retransmits()).field("integrity", f.integrity()));
        }
        return new JsonLine().field("name", summary.name()).field("seed", summary.seed())
            .field("simulated_seconds", summary.simulatedSeconds()).field("wall_seconds", summary.wallSeconds())
            .field("bottleneck", bottleneck).field("flows", flows).field("jain_fairness", summary.jainFairness())
            .field("jain_fairness_last_half", summary.jainFairnessLastHalf()).field("packets_sent", summary.packetsSent())
            .toString();
    }

    /** Writes {@link #toJson} and a newline to {@code file}, replacing it. */
    public static void write(SimSummary summary, Path file) throws IOException {
        Files.writeString(file, toJson(summary) + "\n", StandardCharsets.UTF_8);
    }
}
