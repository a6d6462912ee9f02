package io.nsaas.conformance.wire;

import io.nsaas.conformance.Divergences;
import io.nsaas.conformance.KnownDivergence;
import io.nsaas.conformance.Level;
import io.nsaas.conformance.Requirement;
import io.nsaas.conformance.StackTck;
import io.nsaas.spi.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * Socket-level plugins (the kernel stack) skip: their packets are the host kernel's. Every outbound
 * packet's headers and checksums are checked before its fields (RFC 9293 MUST-2), in every script.
 *
 * <p>A script with a line for this stack (or {@code *}) in {@code divergences.txt} ({@link Divergences})
 * still runs: when it fails it is aborted with a {@link KnownDivergence} carrying the explanation and the
 * actual mismatch (reported as diverged by the runner); when it passes it passes.
 */
public abstract class WireScriptTck extends StackTck {
    private static final String SCRIPTS = "/io/nsaas/conformance/scripts/";

    /** Scripts declared {@code required}: RFC MUSTs. */
    @TestFactory
    @Requirement({"RFC9293-MUST-2"}) // every outbound packet's checksums are checked (OutboundCheck)
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
            String testName = (required ? Level.REQUIRED : Level.OPTIONAL).prefix() + Divergences.scriptTestName(name)
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
        ScriptResult result = PluginScriptRunner.runScript(script, plugin());
        if (!result.passed()) {
            Optional<Divergences.Entry> divergence = Divergences.bundled().findScript(script.name(), descriptor().id());
            if (divergence.isPresent()) {
                throw new KnownDivergence(divergence.get().explanation(), result.failure());
            }
        }
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
