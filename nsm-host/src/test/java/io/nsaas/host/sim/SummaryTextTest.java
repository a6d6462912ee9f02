package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTextTest {
    @Test
    void showsTheRunTheBottleneckEveryFlowAndFairness() {
        assertEquals("""
            two "flows" (seed 42): 10 s simulated in 3.3 s (3.1x real time, 379,867 packets per wall second)
            bottleneck 1 Gbps: utilization 98.8%, drops 17, CE marks 3
              queue (packets): mean 12.5, p50 11, p95 30, p99 41.3, max 466
            flow  stack             delivered         goodput  retransmits  integrity
               0  newreno          572.20 MiB        480 Mbps            5  ok
               1  cubic                  12 B           0 bps            0  incomplete
            Jain's fairness index: 0.500 (last half of the run: 0.750)""", SummaryText.render(SummaryJsonTest.SUMMARY));
    }

    @Test
    void countsTheFlowsBeyondOneScreen() {
        List<FlowSummary> flows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flows.add(new FlowSummary(i, "newreno", 1, 1, 0, FlowSummary.OK));
        }
        SimSummary s = SummaryJsonTest.SUMMARY;
        String text = SummaryText.render(new SimSummary(s.name(), s.seed(), 1, 1, s.bottleneck(), flows, 1, 1, 0));
        assertTrue(text.contains("\n  ... and 8 more flows (see summary.json)\n"), text);
        assertEquals(SummaryText.MAX_FLOW_LINES + 6, text.split("\n").length);
    }
}
