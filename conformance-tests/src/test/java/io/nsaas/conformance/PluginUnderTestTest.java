package io.nsaas.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginUnderTestTest {
    static final Path PLUGINS = Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"));

    @Test
    void loadsOnePackagedStackAndHashesItsZip() {
        Path zip = PLUGINS.resolve("newreno-1.0.0.zip");
        try (PluginUnderTest plugin = PluginUnderTest.load(zip)) {
            assertEquals("newreno", plugin.descriptor().id());
            assertEquals(64, plugin.sha256().length());
            assertEquals(PluginUnderTest.sha256(zip), plugin.sha256());
        }
    }

    @Test
    void refusesAMissingZipNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginUnderTest.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void refusesAZipThatHoldsNoStack(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PluginUnderTest.load(junk));
        assertTrue(e.getMessage().contains("exactly one stack plugin"), e.getMessage());
    }

    @Test
    void levelComesFromTheMethodNamePrefix() {
        assertEquals(Level.REQUIRED, Level.ofMethodName("required_connectRefused").orElseThrow());
        assertEquals(Level.OPTIONAL, Level.ofMethodName("optional_sackBlocks").orElseThrow());
        assertTrue(Level.ofMethodName("helper").isEmpty());
    }
}
