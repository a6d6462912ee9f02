package io.nsaas.conformance.runner;

import io.nsaas.conformance.Divergences;
import io.nsaas.conformance.PluginUnderTest;
import io.nsaas.spi.StackDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * Runs every test class of one package (the suite's {@code io.nsaas.conformance.certify}) against one
 * plugin zip through the JUnit Platform Launcher, in this JVM, and collects a {@link CertificationReport}.
 * The zip is passed to the tests as the system property and configuration parameter
 * {@value #PLUGIN_PROPERTY}; JUnit XML goes to {@code <out>/junit}.
 *
 * <p>Threading: one run at a time per JVM (the system property is process-wide); the previous value
 * of the property is restored afterwards.
 */
public final class CertificationRun {
    /** The system property and JUnit configuration parameter naming the zip under test. */
    public static final String PLUGIN_PROPERTY = "nsaas.conformance.plugin";
    /** The package whose test classes a certification runs. */
    public static final String CERTIFY_PACKAGE = "io.nsaas.conformance.certify";

    private final String testPackage;
    private final String classNamePattern;
    private final Divergences divergences;

    /**
     * @param testPackage the package whose (concrete) test classes run
     * @param divergences the explained divergences to apply to failures
     */
    public CertificationRun(String testPackage, Divergences divergences) {
        this(testPackage, ".*", divergences);
    }

    private CertificationRun(String testPackage, String classNamePattern, Divergences divergences) {
        this.testPackage = testPackage;
        this.classNamePattern = classNamePattern;
        this.divergences = divergences;
    }

    /** @return this run restricted to the test classes whose fully qualified name matches {@code regex} */
    public CertificationRun onlyClasses(String regex) {
        return new CertificationRun(testPackage, regex, divergences);
    }

    /**
     * Certifies {@code zip}; {@code out} is created when missing.
     *
     * @param progress where the live progress line goes, or null for none
     * @throws IllegalArgumentException when the zip is not a loadable stack plugin (the message says why)
     */
    public CertificationReport run(Path zip, Path out, PrintStream progress, boolean progressInPlace) {
        CertificationReport.PluginIdentity plugin = identify(zip);
        Path junitDir = out.resolve("junit");
        try {
            Files.createDirectories(junitDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + junitDir, e);
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        long start = System.nanoTime();
        OutcomeCollector collector = new OutcomeCollector();
        String previous = System.getProperty(PLUGIN_PROPERTY);
        System.setProperty(PLUGIN_PROPERTY, zip.toAbsolutePath().toString());
        PrintWriter xmlErrors = new PrintWriter(System.err, true);
        try {
            Launcher launcher = LauncherFactory.create();
            List<org.junit.platform.launcher.TestExecutionListener> listeners = new ArrayList<>();
            listeners.add(collector);
            listeners.add(new LegacyXmlReportGeneratingListener(junitDir, xmlErrors));
            if (progress != null) {
                listeners.add(new ProgressDisplay(progress, progressInPlace, System::nanoTime));
            }
            launcher.execute(request(zip), listeners.toArray(new org.junit.platform.launcher.TestExecutionListener[0]));
        } finally {
            xmlErrors.flush();
            if (previous == null) {
                System.clearProperty(PLUGIN_PROPERTY);
            } else {
                System.setProperty(PLUGIN_PROPERTY, previous);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<TestOutcome> outcomes = collector.outcomes();
        return new CertificationReport(SuiteIdentity.of(CertificationRun.class), plugin, environment(), startedAt, millis,
            applyDivergences(outcomes, plugin.id()), staleDivergences(outcomes, plugin.id()));
    }

    private LauncherDiscoveryRequest request(Path zip) {
        return LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectPackage(testPackage))
            .filters(ClassNameFilter.includeClassNamePatterns(classNamePattern))
            .configurationParameter(PLUGIN_PROPERTY, zip.toAbsolutePath().toString())
            .build();
    }

    private static CertificationReport.PluginIdentity identify(Path zip) {
        try (PluginUnderTest plugin = PluginUnderTest.load(zip)) {
            StackDescriptor d = plugin.descriptor();
            return new CertificationReport.PluginIdentity(d.id(), d.version(), d.algorithm(),
                List.copyOf(new TreeSet<>(d.capabilities().stream().map(Enum::name).toList())),
                plugin.sha256(), zip.toAbsolutePath().toString());
        }
    }

    /** A failed test listed for the stack becomes DIVERGED (tests that abort with KnownDivergence already are). */
    private List<TestOutcome> applyDivergences(List<TestOutcome> outcomes, String stackId) {
        List<TestOutcome> applied = new ArrayList<>(outcomes.size());
        for (TestOutcome outcome : outcomes) {
            if (outcome.result() == TestOutcome.Result.FAILED) {
                applied.add(divergences.find(outcome.id(), stackId)
                    .map(entry -> outcome.diverged(entry.explanation())).orElse(outcome));
            } else {
                applied.add(outcome);
            }
        }
        return applied;
    }

    /** @return the listed tests that passed on this stack: their lines in divergences.txt are stale */
    private List<CertificationReport.StaleDivergence> staleDivergences(List<TestOutcome> outcomes, String stackId) {
        List<CertificationReport.StaleDivergence> stale = new ArrayList<>();
        for (TestOutcome outcome : outcomes) {
            if (outcome.result() == TestOutcome.Result.PASSED) {
                divergences.find(outcome.id(), stackId)
                    .ifPresent(entry -> stale.add(new CertificationReport.StaleDivergence(outcome.id(), entry)));
            }
        }
        return stale;
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java.version", System.getProperty("java.version"));
        env.put("java.vendor", System.getProperty("java.vendor"));
        env.put("os.name", System.getProperty("os.name"));
        env.put("os.version", System.getProperty("os.version"));
        env.put("os.arch", System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return env;
    }
}
