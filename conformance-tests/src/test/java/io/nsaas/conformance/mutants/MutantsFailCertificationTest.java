package io.nsaas.conformance.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.nsaas.conformance.PluginUnderTest;
import io.nsaas.conformance.mutants.plugin.Mutation;
import io.nsaas.conformance.runner.CertificationReport;
import io.nsaas.conformance.runner.CertificationRun;
import io.nsaas.conformance.Divergences;
import io.nsaas.conformance.runner.TestOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The suite's self-test: every deliberately broken stack must fail certification, and fail it in an
 * area meant to catch that break (the area is the package of the abstract TCK class a
 * {@code Certify*} class extends). Each mutant is certified with the classes of the first of its
 * catching areas that is present, to keep CI time down; when none is present the test skips with a reason. The real newreno zip, which
 * every mutant wraps, must certify with the whole suite.
 */
class MutantsFailCertificationTest {
    static final Path NEWRENO = Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins")).resolve("newreno-1.0.0.zip");

    /**
     * The areas (sub-packages of io.nsaas.conformance) that must catch each mutation (issue 7), in the
     * order tried: the first area present on the class path is the one certified, fastest first (the
     * wire scripts and simulator runs use virtual time; the socket contract waits in real time, so a
     * stack that ignores RST costs it about a minute of timeouts). The bad checksum is caught by the
     * wire interpreter, which checks every outbound packet's IPv4 and TCP checksums (and by the
     * simulator's fault runs).
     */
    private static final Map<Mutation, List<String>> CATCHING_AREAS = Map.of(
        Mutation.NO_RETRANSMIT, List.of("wire", "algo"),
        Mutation.WRONG_ERRNO, List.of("contract"),
        Mutation.IGNORES_RST, List.of("wire", "contract"),
        Mutation.BAD_CHECKSUM, List.of("wire", "algo"));

    /**
     * The requirement ids of which at least one failed required test must carry, i.e. "the right test"
     * (ids are the stable names across areas; checked against the merged areas: wire rto_backoff and
     * newreno_recovery, contract connect-refused, wire rst_established / connect_refused, fault runs'
     * corrupted-segment run; every wire script carries RFC9293-MUST-2, so for the bad checksum the
     * failure must also name the checksum, see {@link #EXPECTED_IN_MESSAGE}).
     */
    private static final Map<Mutation, Set<String>> EXPECTED_IDS = Map.of(
        Mutation.NO_RETRANSMIT, Set.of("RFC6298-2.2", "RFC6298-5", "RFC6298-5.5", "RFC5681-3.2"),
        Mutation.WRONG_ERRNO, Set.of("SC-CONNECT-REFUSED"),
        Mutation.IGNORES_RST, Set.of("SC-RECV-RESET", "RFC9293-3.10.7.4", "SC-CONNECT-REFUSED", "SC-CLOSE-UNREAD-RST"),
        Mutation.BAD_CHECKSUM, Set.of("RFC9293-MUST-2", "RFC9293-MUST-3"));

    /** What the message of a catching failure must mention, where the requirement ids alone do not tell the right test. */
    private static final Map<Mutation, String> EXPECTED_IN_MESSAGE = Map.of(Mutation.BAD_CHECKSUM, "checksum");

    @ParameterizedTest
    @EnumSource(Mutation.class)
    void mutantZipLoadsAsAStackPluginWithoutBundlingTheSpiOrPf4j(Mutation mutation, @TempDir Path dir) throws Exception {
        Path zip = MutantZipBuilder.write(mutation, NEWRENO, dir);
        try (PluginUnderTest plugin = PluginUnderTest.load(zip)) {
            assertEquals(mutation.stackId(), plugin.descriptor().id());
            assertEquals("reno", plugin.descriptor().algorithm(), "a mutant keeps the algorithm of the stack it wraps");
        }
        List<String> lib = MutantZipBuilder.libEntries(zip);
        assertTrue(lib.stream().anyMatch(n -> n.startsWith("lib/tcp-engine")), lib.toString());
        assertTrue(lib.contains("lib/newreno-classes.jar"), lib.toString());
        assertTrue(lib.stream().noneMatch(n -> n.contains("plugin-api") || n.contains("pf4j")), lib.toString());
    }

    @ParameterizedTest
    @EnumSource(Mutation.class)
    void everyMutantFailsARequiredTestOfAnAreaThatMustCatchIt(Mutation mutation, @TempDir Path dir) {
        List<String> areas = CATCHING_AREAS.get(mutation);
        Map<String, String> classes = certifyClassesByArea();
        String area = areas.stream().filter(classes::containsValue).findFirst().orElse(null);
        assumeFalse(area == null, "no Certify* class of area(s) " + areas + " on this branch yet (found " + classes + ")");
        List<String> catching = classes.entrySet().stream().filter(e -> e.getValue().equals(area)).map(Map.Entry::getKey).toList();

        Path zip = MutantZipBuilder.write(mutation, NEWRENO, dir);
        String pattern = catching.stream().map(java.util.regex.Pattern::quote).collect(Collectors.joining("|"));
        CertificationReport report = new CertificationRun(CertificationRun.CERTIFY_PACKAGE, Divergences.bundled())
            .onlyClasses(pattern).run(zip, dir.resolve("out"), null, false);

        assertFalse(report.certified(), mutation + " must not certify; ran " + report.outcomes());
        List<String> caught = new ArrayList<>();
        for (TestOutcome outcome : report.outcomes()) {
            String simpleClass = outcome.id().substring(0, outcome.id().indexOf('.'));
            if (outcome.failsCertification() && catching.stream().anyMatch(c -> c.endsWith("." + simpleClass))
                && outcome.requirements().stream().anyMatch(EXPECTED_IDS.get(mutation)::contains)
                && outcome.message().contains(EXPECTED_IN_MESSAGE.getOrDefault(mutation, ""))) {
                caught.add(outcome.id());
            }
        }
        assertFalse(caught.isEmpty(), mutation + ": no required test of area " + area + " with a requirement in "
            + EXPECTED_IDS.get(mutation) + " failed" + (EXPECTED_IN_MESSAGE.containsKey(mutation)
            ? " mentioning '" + EXPECTED_IN_MESSAGE.get(mutation) + "'" : "") + "; failures: " + report.outcomes().stream()
            .filter(TestOutcome::failsCertification).map(o -> o.id() + " " + o.requirements()).toList());
    }

    @Test
    void theRealNewRenoStackCertifiesWithTheWholeSuite(@TempDir Path dir) {
        assumeFalse(certifyClassesByArea().isEmpty(), "no Certify* class on this branch yet");
        CertificationReport report = new CertificationRun(CertificationRun.CERTIFY_PACKAGE, Divergences.bundled())
            .run(NEWRENO, dir, null, false);
        assertTrue(report.certified(), "newreno must certify; failed: " + report.outcomes().stream()
            .filter(TestOutcome::failsCertification).map(o -> o.id() + ": " + o.message()).toList());
    }

    /** @return every concrete test class of the certify package, mapped to its area (the package of the TCK class it extends) */
    private static Map<String, String> certifyClassesByArea() {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectPackage(CertificationRun.CERTIFY_PACKAGE)).build());
        Map<String, String> areas = new java.util.TreeMap<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                if (test.getSource().orElse(null) instanceof ClassSource source) {
                    areas.put(source.getClassName(), areaOf(source.getJavaClass()));
                }
            }
        }
        return areas;
    }

    private static String areaOf(Class<?> certifyClass) {
        for (Class<?> c = certifyClass.getSuperclass(); c != null; c = c.getSuperclass()) {
            String pkg = c.getPackageName();
            if (pkg.startsWith("io.nsaas.conformance.") && !pkg.endsWith(".certify")) {
                return pkg.substring("io.nsaas.conformance.".length());
            }
        }
        return "?";
    }
}
