package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimPlotsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void writesThreeValidPngsOfTheRecordedSeries(@TempDir Path dir) throws IOException {
        SimPlots plots = new SimPlots(List.of(new FlowSpec(0, "newreno", 0, -1, "x:1"), new FlowSpec(1, "cubic", 0, -1, "x:2")));
        plots.begin(List.of());
        for (int i = 0; i < 20_000; i++) {
            double t = i * 1e-4;
            plots.row(t, 0, 10_000 + (i % 100) * 1448L, 0, 100, 0, i * 12_500L, i % 50, new double[0]);
            plots.row(t, 1, 5_000, 0, 100, 0, i * 6_000L, i % 50, new double[0]);
        }
        plots.end();
        List<Path> files = plots.write(dir);
        assertEquals(List.of(dir.resolve("cwnd.png"), dir.resolve("queue.png"), dir.resolve("goodput.png")), files);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), file.toString());
            assertTrue(bytes.length > 10_000, file + " is only " + bytes.length + " bytes");
            BufferedImage image = ImageIO.read(file.toFile());
            assertEquals(1000, image.getWidth());
            assertEquals(500, image.getHeight());
        }
    }

    @Test
    void computesGoodputFromDeliveredBytesOverWindowsOfTheRun() {
        int n = 1001;
        double[] t = new double[n];
        double[] delivered = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.001;
            delivered[i] = i < 500 ? i * 125_000.0 : 500 * 125_000.0 + (i - 500) * 62_500.0; // 1000 then 500 Mbit/s
        }
        double[][] goodput = SimPlots.goodputMbps(t, delivered);
        assertEquals(250, goodput[0].length);
        assertEquals(0.004, goodput[0][0], 1e-12);
        assertEquals(1000, goodput[1][0], 1e-6);
        assertEquals(1.0, goodput[0][249], 1e-12);
        assertEquals(500, goodput[1][249], 1e-6);
        assertEquals(0, SimPlots.goodputMbps(new double[] {1}, new double[] {5})[0].length);
    }

    @Test
    void drawsAFlowThatWasNeverSampled(@TempDir Path dir) throws IOException {
        SimPlots plots = new SimPlots(List.of(new FlowSpec(0, "newreno", 0, -1, "x:1")));
        plots.begin(List.of());
        plots.end();
        for (Path file : plots.write(dir)) {
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(file), 8));
        }
    }
}
