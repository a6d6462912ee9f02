package io.nsaas.conformance.wire;

import io.nsaas.conformance.PluginUnderTest;
import io.nsaas.conformance.runner.ScriptRunner;
import io.nsaas.spi.Capability;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code run-script --plugin ZIP FILE.pkt}: runs one script against a packet-level plugin in virtual time. */
public final class PluginScriptRunner implements ScriptRunner {
    /** The seed of the stack's random source in plugin mode, so every run is the same. */
    public static final long SEED = 7;

    @Override
    public Target target() {
        return Target.PLUGIN;
    }

    @Override
    public int run(Path script, Path pluginZipOrNull, PrintStream out) {
        WireScript parsed = ScriptParser.parseFileOrReport(script, out);
        if (parsed == null) {
            return EXIT_USAGE;
        }
        PluginUnderTest plugin;
        try {
            plugin = PluginUnderTest.load(pluginZipOrNull);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return EXIT_USAGE;
        }
        try (plugin) {
            if (!plugin.descriptor().has(Capability.PACKET_LEVEL)) {
                out.println("plugin " + plugin.descriptor().id() + " is not packet level: wire scripts run against it only with --linux"
                    + " semantics (its sockets are the kernel's)");
                return EXIT_ENVIRONMENT;
            }
            ScriptResult result = runScript(parsed, plugin);
            result.notes().forEach(note -> out.println("  " + note));
            out.println(result.passed() ? "PASS " + parsed.name() : "FAIL " + result.failure());
            return result.passed() ? EXIT_PASS : EXIT_FAIL;
        }
    }

    /** Runs a parsed script against a fresh instance of a loaded packet-level plugin. */
    public static ScriptResult runScript(WireScript script, PluginUnderTest plugin) {
        String description = "plugin " + plugin.descriptor().id() + " " + plugin.stack().pluginVersion();
        try (PluginWireTarget target = new PluginWireTarget(plugin.stack().stack(), description, SEED)) {
            return ScriptExecutor.run(script, target);
        }
    }
}
