package io.nsaas.conformance;

import io.nsaas.spi.Capability;
import io.nsaas.spi.StackDescriptor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every TCK test class (the Reactive Streams TCK pattern): a vendor extends a concrete TCK
 * class and says which plugin zip to certify by implementing {@link #pluginZip()}; the suite's
 * runner does the same with the zip given on its command line. The plugin is loaded once per test
 * class, before its tests, and closed after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StackTck {
    private PluginUnderTest plugin;

    /** @return the plugin zip under test */
    protected abstract Path pluginZip();

    @BeforeAll
    final void loadPluginUnderTest() {
        plugin = PluginUnderTest.load(pluginZip());
    }

    @AfterAll
    final void closePluginUnderTest() {
        if (plugin != null) {
            plugin.close();
        }
    }

    /** @return the loaded plugin; valid between this class's {@code @BeforeAll} and {@code @AfterAll} */
    protected final PluginUnderTest plugin() {
        return plugin;
    }

    /** @return the descriptor of the stack under test */
    protected final StackDescriptor descriptor() {
        return plugin.descriptor();
    }

    /** Skips the calling test, with the reason in the report, unless the stack declares {@code capability}. */
    protected final void requireCapability(Capability capability, String why) {
        Assumptions.assumeTrue(descriptor().has(capability),
            () -> "skipped: stack " + descriptor().id() + " does not declare capability " + capability + " (" + why + ")");
    }
}
