package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files that are right: units, defaults, both forms of the buffer. */
class ScenarioLoaderTest {
    @TempDir
    Path dir;

    private Scenario load(String text) throws IOException {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, text);
        return new ScenarioLoader().load(file);
    }

    @Test
    void readsTheIssueExampleWithEveryUnit() throws IOException {
        Scenario s = load("""
            name = "two-dctcp-flows"
            seed = 42
            duration = 10s
            mtu = 1500
            bottleneck {
              rate = 1Gbps
              delay = 50us            # one way
              buffer = 466 packets    # or bytes
              ecn-threshold = 20 packets
              loss = 0.0
              duplicate = 0.01
              reorder = 0.5
              corrupt = 1
            }
            flows = [
              { stack = dctcp, start = 0s }
              { stack = cubic, start = 2s, bytes = 50MB }
            ]
            """);
        assertEquals("two-dctcp-flows", s.name());
        assertEquals(42, s.seed());
        assertEquals(10_000_000_000L, s.durationNanos());
        assertEquals(1500, s.mtu());
        assertEquals(new BottleneckSpec(1_000_000_000L, 50_000, 466, -1, 20, -1, 0.0, 0.01, 0.5, 1.0), s.bottleneck());
        String file = dir.resolve("exp.conf").toString();
        assertEquals(List.of(new FlowSpec(0, "dctcp", 0, FlowSpec.BULK, file + ":16"),
            new FlowSpec(1, "cubic", 2_000_000_000L, 50_000_000L, file + ":17")), s.flows());
        assertEquals(file, s.source());
    }

    @Test
    void fillsInDefaultsForOptionalKeys() throws IOException {
        Scenario s = load("""
            duration = 200ms
            bottleneck { rate = 100Mbps, delay = 1ms, buffer = 100 packets }
            flows = [ { stack = newreno } ]
            """);
        assertEquals("exp", s.name());
        assertEquals(ScenarioLoader.DEFAULT_SEED, s.seed());
        assertEquals(ScenarioLoader.DEFAULT_MTU, s.mtu());
        assertEquals(new BottleneckSpec(100_000_000L, 1_000_000, 100, -1, -1, -1, 0, 0, 0, 0), s.bottleneck());
        assertEquals(false, s.bottleneck().marksEcn());
        assertEquals(0, s.flows().get(0).startNanos());
        assertTrue(s.flows().get(0).bulk());
    }

    @Test
    void takesBufferAndThresholdInDecimalAndBinaryBytes() throws IOException {
        Scenario s = load("""
            duration = 1s
            bottleneck { rate = 10kbps, delay = 0, buffer = 700KB, ecn-threshold = 30KiB }
            flows = [ { stack = newreno, bytes = 1MB }, { stack = newreno, bytes = 1500 }, { stack = x, bytes = 64 bytes } ]
            """);
        assertEquals(-1, s.bottleneck().bufferPackets());
        assertEquals(700_000, s.bottleneck().bufferBytes());
        assertEquals(-1, s.bottleneck().ecnThresholdPackets());
        assertEquals(30 * 1024, s.bottleneck().ecnThresholdBytes());
        assertEquals(10_000, s.bottleneck().rateBps());
        assertEquals(0, s.bottleneck().delayNanos());
        assertEquals(List.of(1_000_000L, 1500L, 64L), s.flows().stream().map(FlowSpec::bytes).toList());
    }

    @Test
    void acceptsFractionsOfRatesAndDurationsAndASinglePacket() throws IOException {
        Scenario s = load("""
            duration = 1.5ms
            bottleneck { rate = 2.5 Gbps, delay = 250ns, buffer = 1 packet, ecn-threshold = 0 packets }
            flows = [ { stack = newreno, start = 10us } ]
            """);
        assertEquals(1_500_000, s.durationNanos());
        assertEquals(2_500_000_000L, s.bottleneck().rateBps());
        assertEquals(250, s.bottleneck().delayNanos());
        assertEquals(1, s.bottleneck().bufferPackets());
        assertEquals(0, s.bottleneck().ecnThresholdPackets());
        assertTrue(s.bottleneck().marksEcn());
        assertEquals(10_000, s.flows().get(0).startNanos());
    }
}
