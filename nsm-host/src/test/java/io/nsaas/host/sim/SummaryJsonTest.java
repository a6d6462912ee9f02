package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {
    static final SimSummary SUMMARY = new SimSummary("two \"flows\"", 42, 10.0, 3.25,
        new BottleneckSummary(1_000_000_000L, 0.987654321, new QueueStats(12.5, 11, 30, 41.25, 466), 17, 3),
        List.of(new FlowSummary(0, "newreno", 600_000_000L, 480_000_000.123456789, 5, FlowSummary.OK),
            new FlowSummary(1, "cubic", 12, Double.NaN, 0, FlowSummary.INCOMPLETE)),
        0.5000001, 0.75, 1_234_567);

    @Test
    void writesExactlyTheIssuesFieldsInOrderWithFixedNumberFormatting() {
        assertEquals("{\"name\":\"two \\\"flows\\\"\",\"seed\":42,\"simulated_seconds\":10.000000,\"wall_seconds\":3.250000,"
                + "\"bottleneck\":{\"capacity_bps\":1000000000,\"utilization\":0.987654,"
                + "\"queue_packets\":{\"mean\":12.500000,\"p50\":11.000000,\"p95\":30.000000,\"p99\":41.250000,\"max\":466.000000},"
                + "\"drops\":17,\"ce_marks\":3},"
                + "\"flows\":[{\"id\":0,\"stack\":\"newreno\",\"bytes_delivered\":600000000,\"goodput_bps\":480000000.123457,"
                + "\"retransmits\":5,\"integrity\":\"ok\"},"
                + "{\"id\":1,\"stack\":\"cubic\",\"bytes_delivered\":12,\"goodput_bps\":0.000000,\"retransmits\":0,"
                + "\"integrity\":\"incomplete\"}],"
                + "\"jain_fairness\":0.500000,\"jain_fairness_last_half\":0.750000,\"packets_sent\":1234567}",
            SummaryJson.toJson(SUMMARY));
    }

    @Test
    void runsThatDifferOnlyInWallTimeDifferOnlyInWallSeconds() {
        String a = SummaryJson.toJson(SUMMARY);
        String b = SummaryJson.toJson(SUMMARY.withWallSeconds(99.5));
        assertEquals(a.replace("\"wall_seconds\":3.250000", "\"wall_seconds\":99.500000"), b);
    }

    @Test
    void writesTheFileWithATrailingNewline(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(SummaryJson.FILE_NAME);
        SummaryJson.write(SUMMARY, file);
        assertEquals(SummaryJson.toJson(SUMMARY) + "\n", Files.readString(file));
    }
}
