package io.nsaas.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.runner.ScriptRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginScriptRunnerTest {
    private static final Path PLUGINS = Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"));
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int run(Path script, String zip) {
        return new PluginScriptRunner().run(script, PLUGINS.resolve(zip), new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void isFoundByServiceLoaderForThePluginTarget() {
        assertTrue(ServiceLoader.load(ScriptRunner.class).stream()
            .anyMatch(p -> p.type() == PluginScriptRunner.class && p.get().target() == ScriptRunner.Target.PLUGIN));
    }

    @Test
    void passesACorpusScriptUnchanged(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("close-active.pkt"), WireScriptTck.script("close-active.pkt"));
        assertEquals(ScriptRunner.EXIT_PASS, run(script, "newreno-1.0.0.zip"), output());
        assertTrue(output().contains("PASS close-active.pkt"), output());
    }

    @Test
    void failsWithTheDiff(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("bad.pkt"), WireScriptTck.script("close-active.pkt").replace("> F. 1:1(0) ack 1", "> F. 1:1(0) ack 9"));
        assertEquals(ScriptRunner.EXIT_FAIL, run(script, "newreno-1.0.0.zip"), output());
        assertTrue(output().contains("FAIL bad.pkt:"), output());
        assertTrue(output().contains("ack 9 vs 1"), output());
    }

    @Test
    void reportsAParseErrorAsUsage(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("broken.pkt"), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 frobnicate\n");
        assertEquals(ScriptRunner.EXIT_USAGE, run(script, "newreno-1.0.0.zip"), output());
        assertTrue(output().startsWith("broken.pkt:2: "), output());
    }

    @Test
    void refusesASocketLevelPluginAsEnvironment(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("close-active.pkt"), WireScriptTck.script("close-active.pkt"));
        assertEquals(ScriptRunner.EXIT_ENVIRONMENT, run(script, "kernel-1.0.0.zip"), output());
        assertTrue(output().contains("not packet level"), output());
    }
}
