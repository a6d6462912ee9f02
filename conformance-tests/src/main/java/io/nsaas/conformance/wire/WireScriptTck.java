package io.nsaas.conformance.wire;

import io.nsaas.conformance.Requirement;
import io.nsaas.conformance.StackTck;
import io.nsaas.spi.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The wire-script part of the TCK: every script of the starter corpus
 * ({@code io/nsaas/conformance/scripts/}, listed in its {@code INDEX}) runs against the plugin in
 * virtual time, one dynamic test per script named {@code required_<script>} or {@code optional_<script>}
 * after the level its header declares ({@code // requirement: ID[, ID] required|optional}).
 * Socket-level plugins (the kernel stack) skip: their packets are the host kernel's. A script with a
 * line for this stack (or {@code *}) in {@code divergences.txt} skips with the explanation.
 */
public abstract class WireScriptTck extends StackTck {
    private static final String SCRIPTS = "/io/nsaas/conformance/scripts/";
    private static final String DIVERGENCES = "/io/nsaas/conformance/divergences.txt";

    /** Scripts declared {@code required}: RFC MUSTs. */
    @TestFactory
    @Requirement({})
    Stream<DynamicTest> required_wireScripts() {
        return tests(true);
    }

    /** Scripts declared {@code optional}: SHOULD/MAY behaviour and declared capabilities. */
    @TestFactory
    @Requirement({})
    Stream<DynamicTest> optional_wireScripts() {
        return tests(false);
    }

    private Stream<DynamicTest> tests(boolean required) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : corpus()) {
            WireScript script = ScriptParser.parse(name, resource(SCRIPTS + name));
            if (script.required() != required) {
                continue;
            }
            String base = name.endsWith(".pkt") ? name.substring(0, name.length() - 4) : name;
            String testName = (required ? "required_" : "optional_") + base.replace('-', '_')
                + " [" + String.join(", ", script.requirements()) + "]";
            tests.add(DynamicTest.dynamicTest(testName, () -> runOne(script)));
        }
        return tests.stream();
    }

    private void runOne(WireScript script) {
        Assumptions.assumeTrue(descriptor().has(Capability.PACKET_LEVEL), () -> "skipped: stack " + descriptor().id()
            + " is not packet level; its wire behaviour is the host kernel's (run the script with --linux)");
        for (String capability : script.capabilities()) {
            requireCapability(Capability.valueOf(capability), "script " + script.name() + " needs it");
        }
        String divergence = divergence(script.name(), descriptor().id());
        Assumptions.assumeTrue(divergence == null, () -> "skipped: known divergence from Linux: " + divergence);
        ScriptResult result = PluginScriptRunner.runScript(script, plugin());
        Assertions.assertTrue(result.passed(), () -> result.failure() + "\n  " + String.join("\n  ", result.notes()));
    }

    /** @return the corpus's script names, in INDEX order */
    public static List<String> corpus() {
        List<String> names = new ArrayList<>();
        for (String line : resource(SCRIPTS + "INDEX").split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    /** @return the text of a corpus script */
    public static String script(String name) {
        return resource(SCRIPTS + name);
    }

    private static String divergence(String script, String stackId) {
        String text;
        try {
            text = resource(DIVERGENCES);
        } catch (IllegalStateException missing) {
            return null;
        }
        String id = script.endsWith(".pkt") ? script.substring(0, script.length() - 4) : script;
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+", 3);
            if (parts.length == 3 && (parts[0].equals(id) || parts[0].equals(script))
                && (parts[1].equals(stackId + ":") || parts[1].equals("*:"))) {
                return parts[2];
            }
        }
        return null;
    }

    private static String resource(String path) {
        try (InputStream in = WireScriptTck.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the conformance jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }
}
