package io.nsaas.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nsaas sim}: usage and scenario errors exit 2; a short run writes every output. */
class SimCommandTest {
    private static final Path PLUGINS = Paths.get(System.getProperty("nsaas.test.plugins", "../target/plugins"));
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String SHORT_RUN = """
        name = "short"
        seed = 3
        duration = 200ms
        bottleneck { rate = 100Mbps, delay = 50us, buffer = 20 packets }
        flows = [ { stack = newreno } ]
        """;

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = NsaasCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path scenario(String text) throws IOException {
        Path file = dir.resolve("s.conf");
        Files.writeString(file, text);
        return file;
    }

    private Path plugins() {
        assertTrue(Files.isRegularFile(PLUGINS.resolve("newreno-1.0.0.zip")),
            PLUGINS + "/newreno-1.0.0.zip is missing: build with mvn package (or verify) first");
        return PLUGINS;
    }

    @Test
    void exitsTwoWithoutTheOutputDirectory() throws IOException {
        assertEquals(2, run("sim", scenario(SHORT_RUN).toString()));
        assertTrue(err.toString().contains("Missing required option: '--out=DIR'"), err.toString());
    }

    @Test
    void exitsTwoWithEveryProblemOfABadScenarioAtItsLine() throws IOException {
        Path file = scenario("""
            duration = 1s
            bottleneck { rate = -1Gbps, delay = 50us, buffer = 20 packets, loss = 2 }
            flows = [ { stack = newrneo } ]
            """);
        assertEquals(2, run("sim", file.toString(), "--out", dir.resolve("out").toString(), "--plugins", plugins().toString()));
        List<String> lines = err.toString().lines().toList();
        assertEquals(3, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith(file + ":2: bottleneck.rate: '-1Gbps' is negative; expected"), lines.get(0));
        assertTrue(lines.get(1).startsWith(file + ":2: bottleneck.loss: 2 is outside [0,1]; expected"), lines.get(1));
        assertTrue(lines.get(2).startsWith(file + ":3: flows[0].stack: unknown stack 'newrneo'; did you mean newreno?"), lines.get(2));
        assertEquals(false, Files.exists(dir.resolve("out")), "nothing is written for a bad scenario");
    }

    @Test
    void exitsTwoForAMissingScenarioFileAMissingPluginDirectoryAndAnOutputThatIsAFile() throws IOException {
        assertEquals(2, run("sim", dir.resolve("none.conf").toString(), "--out", dir.resolve("o").toString(),
            "--plugins", plugins().toString()));
        assertEquals(dir.resolve("none.conf") + ": file not found; expected a readable scenario file (HOCON; see README.md, nsaas sim)\n",
            err.toString().replace(System.lineSeparator(), "\n"));
        assertEquals(2, run("sim", scenario(SHORT_RUN).toString(), "--out", dir.resolve("o").toString(),
            "--plugins", dir.resolve("no-plugins").toString()));
        assertTrue(err.toString().startsWith("nsaas sim: plugin directory "), err.toString());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(2, run("sim", scenario(SHORT_RUN).toString(), "--out", file.toString(), "--plugins", plugins().toString()));
        assertTrue(err.toString().startsWith("nsaas sim: --out " + file + " is a file"), err.toString());
    }

    @Test
    void writesEveryOutputOfAShortRunAndRepeatsItExactly() throws IOException {
        Path file = scenario(SHORT_RUN);
        Path first = dir.resolve("first");
        assertEquals(0, run("sim", file.toString(), "--out", first.toString(), "--pcap", "--plugins", plugins().toString()),
            err.toString());
        assertTrue(out.toString().startsWith("short (seed 3): 0.2 s simulated in "), out.toString());
        assertTrue(out.toString().contains("   0  newreno "), out.toString());

        Config summary = ConfigFactory.parseString(Files.readString(first.resolve("summary.json")),
            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        assertEquals("short", summary.getString("name"));
        assertEquals(3, summary.getLong("seed"));
        assertEquals(0.2, summary.getDouble("simulated_seconds"), 1e-9);
        assertEquals(100_000_000L, summary.getLong("bottleneck.capacity_bps"));
        double utilization = summary.getDouble("bottleneck.utilization");
        assertTrue(utilization > 0.5 && utilization <= 1, "utilization " + utilization);
        Config flow = summary.getConfigList("flows").get(0);
        assertEquals("newreno", flow.getString("stack"));
        assertEquals("ok", flow.getString("integrity"));
        assertTrue(flow.getLong("bytes_delivered") > 1_000_000, "delivered " + flow.getLong("bytes_delivered"));
        assertEquals(1.0, summary.getDouble("jain_fairness"), 1e-9);

        List<String> csv = Files.readAllLines(first.resolve("timeseries.csv"));
        assertTrue(csv.get(0).startsWith("time_s,flow,cwnd_bytes,ssthresh_bytes,srtt_us,inflight_bytes,delivered_bytes,queue_packets"),
            csv.get(0));
        assertTrue(csv.size() > 100, csv.size() + " lines");
        for (String png : List.of("cwnd.png", "queue.png", "goodput.png")) {
            byte[] bytes = Files.readAllBytes(first.resolve(png));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), png);
            assertTrue(bytes.length > 5_000, png + " is " + bytes.length + " bytes");
        }
        byte[] pcap = Files.readAllBytes(first.resolve("bottleneck.pcap"));
        assertEquals(0xA1B23C4D, ByteBuffer.wrap(pcap, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertTrue(pcap.length > 1_000_000, "pcap " + pcap.length + " bytes");

        Path second = dir.resolve("second");
        assertEquals(0, run("sim", file.toString(), "--out", second.toString(), "--pcap", "--plugins", plugins().toString()),
            err.toString());
        assertEquals(withoutWallSeconds(first), withoutWallSeconds(second));
        assertArrayEquals(Files.readAllBytes(first.resolve("timeseries.csv")), Files.readAllBytes(second.resolve("timeseries.csv")));
        assertArrayEquals(pcap, Files.readAllBytes(second.resolve("bottleneck.pcap")));
    }

    private static String withoutWallSeconds(Path dir) throws IOException {
        return Files.readString(dir.resolve("summary.json")).replaceAll("\"wall_seconds\":[0-9.]+", "\"wall_seconds\":_");
    }
}
