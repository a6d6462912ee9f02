package io.nsaas.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.Divergences;
import io.nsaas.conformance.Level;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificationRunTest {
    static final Path NEWRENO = Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins")).resolve("newreno-1.0.0.zip");
    static final Path DCTCP = NEWRENO.resolveSibling("dctcp-1.0.0.zip");
    private static final String FIXTURES = "io.nsaas.conformance.runner.fixture.";

    private static Map<String, TestOutcome> byMethod(CertificationReport report) {
        return report.outcomes().stream().collect(Collectors.toMap(o -> o.id().substring(o.id().indexOf('.') + 1), o -> o));
    }

    @Test
    void optionalFailuresSkipsAndExplainedDivergencesStillCertify(@TempDir Path out) throws Exception {
        Divergences divergences = Divergences.parse("# fixture\nrequired_divergesFromLinux newreno: Linux does it differently\n"
            + "b.pkt *: the script needs a Linux sysctl\n", "fixture");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CertificationReport report = new CertificationRun(FIXTURES + "passing", divergences)
            .run(NEWRENO, out, new PrintStream(progress, true, StandardCharsets.UTF_8), false);

        Map<String, TestOutcome> tests = byMethod(report);
        assertEquals(7, tests.size(), tests.toString());
        assertEquals(TestOutcome.Result.PASSED, tests.get("required_scripts[a.pkt]").result(), "a dynamic test is named by its display name");
        assertEquals(List.of("FIX-SCRIPTS"), tests.get("required_scripts[a.pkt]").requirements(), "ids of the factory method");
        assertEquals(TestOutcome.Result.DIVERGED, tests.get("required_scripts[b.pkt]").result());
        TestOutcome named = tests.get("required_scripts[optional_c]");
        assertEquals(Level.OPTIONAL, named.level(), "a dynamic test's own level prefix wins");
        assertEquals(List.of("FIX-C1", "FIX-C2", "FIX-SCRIPTS"), named.requirements(), "ids from the display name, then the factory's");
        TestOutcome passed = tests.get("required_seesThePluginUnderTest");
        assertEquals(TestOutcome.Result.PASSED, passed.result(), passed.message());
        assertEquals(List.of("FIX-PASS-1", "FIX-PASS-2"), passed.requirements());
        assertEquals(TestOutcome.Result.FAILED, tests.get("optional_fails").result());
        assertEquals(Level.OPTIONAL, tests.get("optional_fails").level());
        TestOutcome skipped = tests.get("optional_skipsWithoutEcn");
        assertEquals(TestOutcome.Result.SKIPPED, skipped.result());
        assertTrue(skipped.message().contains("does not declare capability ECN (fixture needs ECN)"), skipped.message());
        TestOutcome diverged = tests.get("required_divergesFromLinux");
        assertEquals(TestOutcome.Result.DIVERGED, diverged.result());
        assertTrue(diverged.message().startsWith("Linux does it differently (failure was: fixture: fails"), diverged.message());
        assertTrue(report.certified());
        assertEquals(new CertificationReport.Counts(2, 0, 0, 2), report.countsByLevel().get(Level.REQUIRED));
        assertEquals(new CertificationReport.Counts(1, 1, 1, 0), report.countsByLevel().get(Level.OPTIONAL));
        assertNull(System.getProperty(CertificationRun.PLUGIN_PROPERTY), "the run restores the system property");
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[7/7] 3 passed, 3 failed, 1 skipped"),
            progress.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRequiredFailureOrAnUnprefixedTestFailsCertificationAndIsReported(@TempDir Path out) throws Exception {
        CertificationReport report = new CertificationRun(FIXTURES + "failing", Divergences.parse("", "empty"))
            .run(NEWRENO, out, null, false);

        Map<String, TestOutcome> tests = byMethod(report);
        assertFalse(report.certified());
        TestOutcome failed = tests.get("required_fails");
        assertTrue(failed.failsCertification());
        assertTrue(failed.message().startsWith("fixture: connect to a closed port must report ECONNREFUSED"), failed.message());
        TestOutcome setup = tests.get("<class setup>");
        assertEquals("BrokenSetupFixtureTck.<class setup>", setup.id());
        assertTrue(setup.failsCertification(), "a class that cannot set up hides its tests: a required failure");
        assertEquals("IllegalStateException: fixture: the fabric did not start", setup.message());
        assertFalse(tests.containsKey("optional_neverRuns"), tests.keySet().toString());
        TestOutcome unprefixed = tests.get("noLevelPrefix");
        assertEquals(Level.REQUIRED, unprefixed.level());
        assertTrue(unprefixed.levelMissing());

        ReportFiles.write(report, out);
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"plugin\":{\"id\":\"newreno\",\"version\":\"1.0.0\""), json);
        assertTrue(json.contains("\"sha256\":\"" + io.nsaas.conformance.PluginUnderTest.sha256(NEWRENO) + "\""), json);
        assertTrue(json.contains("\"certified\":false"), json);
        assertTrue(json.contains("\"capabilities\":[\"PACKET_LEVEL\",\"SACK\",\"TIMESTAMPS\"]"), json);
        assertTrue(json.contains("{\"id\":\"FailingFixtureTck.required_fails\",\"requirements\":[\"FIX-REQ-FAIL\"],"
            + "\"level\":\"REQUIRED\",\"levelMissing\":false,\"result\":\"FAILED\""), json);
        assertTrue(json.contains("\"jarSha256\":\"unknown\""), "run from classes: " + json);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("**NOT CERTIFIED**: 2 required test(s) failed."), md);
        assertTrue(md.contains("- `FailingFixtureTck.required_fails` (FIX-REQ-FAIL): fixture: connect to a closed port"), md);
        try (Stream<Path> xml = Files.list(out.resolve("junit"))) {
            Path file = xml.filter(p -> p.toString().endsWith(".xml")).findFirst().orElseThrow();
            String text = Files.readString(file);
            assertTrue(text.contains("required_fails") && text.contains("<failure"), text);
        }
        String summary = ReportFiles.summary(report, out);
        assertTrue(summary.startsWith("NOT CERTIFIED: newreno 1.0.0"), summary);
        assertTrue(summary.contains("  FailingFixtureTck.required_fails: fixture: connect to a closed port"), summary);
    }

    @Test
    void aListedScriptThatFailsRunsAndIsReportedDivergedWithExplanationAndActualMismatch(@TempDir Path out) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CertificationReport report = new CertificationRun(CertificationRun.CERTIFY_PACKAGE, Divergences.bundled())
            .onlyClasses(".*\\.CertifyWireScripts").run(DCTCP, out, new PrintStream(progress, true, StandardCharsets.UTF_8), false);

        TestOutcome handshake = byMethod(report).get("required_wireScripts[required_handshake_active]");
        assertEquals(TestOutcome.Result.DIVERGED, handshake.result(), handshake.message());
        assertTrue(handshake.message().matches("known divergence from Linux: DCTCP requires ECN \\(RFC 8257 3\\.1\\).*; "
            + "actual: handshake-active\\.pkt:\\d+: expected > S 0:0\\(0\\) .*; got > SEW 0:0\\(0\\) .*\\(differs in flags S vs SEW\\)"),
            handshake.message());
        List<String> diverged = report.withResult(TestOutcome.Result.DIVERGED).stream().map(TestOutcome::id).sorted().toList();
        assertEquals(5, diverged.size(), "the 5 dctcp lines of divergences.txt: " + diverged);
        assertTrue(report.certified(), "divergences do not fail certification: " + report.outcomes());
        assertEquals(List.of(), report.stale());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains(" skipped, 5 diverged "), progress.toString(StandardCharsets.UTF_8));

        ReportFiles.write(report, out);
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"result\":\"DIVERGED\"") && json.contains("\"divergences\":[{\"id\":\"CertifyWireScripts.required_wireScripts["),
            json);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Divergences from Linux (explained, not failures)\n\n- `CertifyWireScripts.required_wireScripts[required_")
            && md.contains("; actual: handshake-active.pkt:"), md);
        try (Stream<Path> xml = Files.list(out.resolve("junit"))) {
            String text = Files.readString(xml.filter(p -> p.toString().endsWith(".xml")).findFirst().orElseThrow());
            assertTrue(text.contains("<skipped") && text.contains("known divergence from Linux: DCTCP requires ECN")
                && text.contains("actual: handshake-active.pkt:"), text);
            assertFalse(text.contains("<failure"), "a divergence is no failure in JUnit XML either: " + text);
        }
    }

    @Test
    void aListedTestThatPassesIsReportedPassedWithAHintThatItsLineIsStale(@TempDir Path out) throws Exception {
        Divergences divergences = Divergences.parse("handshake-passive newreno: fixture: newreno passes it\n"
            + "connect-refused dctcp: fixture: another stack\n", "fixture");
        CertificationReport report = new CertificationRun(CertificationRun.CERTIFY_PACKAGE, divergences)
            .onlyClasses(".*\\.CertifyWireScripts").run(NEWRENO, out, null, false);

        TestOutcome passive = byMethod(report).get("required_wireScripts[required_handshake_passive]");
        assertEquals(TestOutcome.Result.PASSED, passive.result(), passive.message());
        assertEquals(List.of(new CertificationReport.StaleDivergence(passive.id(), divergences.entries().get(0))), report.stale());
        String summary = ReportFiles.summary(report, out);
        assertTrue(summary.contains("hint: CertifyWireScripts.required_wireScripts[required_handshake_passive] passed, so its "
            + "divergences.txt line is stale (delete it): handshake-passive newreno: fixture: newreno passes it"), summary);
        assertTrue(ReportFiles.json(report).contains("\"staleDivergences\":[{\"id\":\"" + passive.id()
            + "\",\"line\":\"handshake-passive newreno: fixture: newreno passes it\"}]"), ReportFiles.json(report));
        assertTrue(ReportFiles.markdown(report).contains("## Stale divergences"), ReportFiles.markdown(report));
    }

    @Test
    void onATerminalTheProgressLineIsRewrittenInPlaceAndClearedAtTheEnd(@TempDir Path out) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        new CertificationRun(FIXTURES + "passing", Divergences.parse("", "empty"))
            .run(NEWRENO, out, new PrintStream(progress, true, StandardCharsets.UTF_8), true);
        String text = progress.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\n"), "one line, rewritten: " + text);
        assertTrue(text.contains("\r[7/7] 3 passed, 3 failed, 1 skipped"), text);
        assertTrue(text.endsWith("\r"), "the line is cleared before the summary");
    }

    @Test
    void aZipThatIsNotAStackPluginIsRefusedBeforeAnyTestRuns(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new CertificationRun(FIXTURES + "passing", Divergences.parse("", "empty")).run(junk, dir.resolve("out"), null, false));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }

    @Test
    void nothingToRunIsNotACertification(@TempDir Path out) {
        CertificationReport report = new CertificationRun(FIXTURES + "none", Divergences.parse("", "empty")).run(NEWRENO, out, null, false);
        assertFalse(report.certified(), "a suite that ran no tests certifies nothing");
    }
}
