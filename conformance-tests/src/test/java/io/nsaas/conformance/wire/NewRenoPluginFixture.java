package io.nsaas.conformance.wire;

import io.nsaas.conformance.PluginUnderTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Loads the bundled newreno plugin once for a test class that runs scripts against it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NewRenoPluginFixture {
    static final Path PLUGINS = Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"));

    PluginUnderTest plugin;

    @BeforeAll
    void loadNewReno() {
        plugin = PluginUnderTest.load(PLUGINS.resolve("newreno-1.0.0.zip"));
    }

    @AfterAll
    void closeNewReno() {
        plugin.close();
    }
}
