package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example scenarios in the repository's scenarios/ directory stay valid. */
class ExampleScenariosTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");

    @Test
    void everyExampleScenarioLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(SCENARIOS)) {
            files = listing.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "examples in " + SCENARIOS.toAbsolutePath() + ": " + files);
        for (Path file : files) {
            Scenario scenario = new ScenarioLoader().load(file);
            assertEquals(file.getFileName().toString().replace(".conf", ""), scenario.name(), file.toString());
        }
    }

    @Test
    void theSingleFlowExampleHasABufferOfOneBandwidthDelayProduct() {
        Scenario s = new ScenarioLoader().load(SCENARIOS.resolve("newreno-single.conf"));
        BottleneckSpec b = s.bottleneck();
        // base RTT: twice the bottleneck and access delays (1 us), plus serialization of a packet on
        // the bottleneck and on the tenfold-faster access link
        double rttSeconds = 2 * (b.delayNanos() + 1_000) / 1e9 + s.mtu() * 8.0 / b.rateBps() * 1.1;
        double bdpPackets = b.rateBps() * rttSeconds / 8 / s.mtu();
        assertEquals(bdpPackets, b.bufferPackets(), 1.0);
        assertEquals(1, s.flows().size());
        assertEquals(0.0, b.loss());
    }
}
