package io.nsaas.bench.rtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.bench.run.LatencySamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RingPingPongTest {
    @TempDir
    Path dir;

    @Test
    void pingTimesEachEchoedNqeAndStopsThePongSide() throws Exception {
        Path file = dir.resolve("ring");
        CompletableFuture<Void> pong = CompletableFuture.runAsync(() -> {
            try {
                new RingPingPong(RingPingPong.create(file)).pong();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LatencySamples samples = new RingPingPong(RingPingPong.await(file)).ping(100, 2_000);
        pong.get(30, TimeUnit.SECONDS);
        assertEquals(2_000, samples.count());
        assertTrue(samples.quantileNanos(0.5) > 0);
        assertTrue(Files.size(file) >= RingPingPong.LAYOUT.regionLength(), "the file is region-sized");
        assertTrue(Files.notExists(dir.resolve("ring.partial")), "the partial file was renamed");
    }
}
