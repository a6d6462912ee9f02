package io.nsaas.host.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.plugin.testplugin.ExplodingStack;
import io.nsaas.host.plugin.testplugin.FailingStartPlugin;
import io.nsaas.host.plugin.testplugin.NotAStack;
import io.nsaas.host.plugin.testplugin.PropertiesStack;
import io.nsaas.host.plugin.testplugin.SecondStack;
import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.SpiVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pf4j.PluginClassLoader;

class StackPluginLoaderTest {
    @TempDir
    Path tmp;
    private Path work;
    private Path in;
    private PluginStackRegistry registry;

    @BeforeEach
    void directories() throws IOException {
        work = tmp.resolve("work");
        in = Files.createDirectories(tmp.resolve("in"));
    }

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private PluginStackRegistry load(Path... sources) {
        return load(ZipLimits.DEFAULT, sources);
    }

    private PluginStackRegistry load(ZipLimits limits, Path... sources) {
        registry = new StackPluginLoader(work, SpiVersion.CURRENT, limits).load(List.of(sources));
        return registry;
    }

    private Path zip(String fileName, PluginZipBuilder builder) {
        return builder.writeZip(in.resolve(fileName));
    }

    /** Loads a good plugin, {@code bad}, and another good plugin; both good ones must start. */
    private PluginReport rejectedBetweenGoodOnes(ZipLimits limits, Path bad) {
        Path alpha = zip("alpha-1.0.0.zip", PluginZipBuilder.stack("alpha", "1.0.0"));
        Path omega = zip("omega-1.0.0.zip", PluginZipBuilder.stack("omega", "1.0.0"));
        List<PluginReport> reports = load(limits, alpha, bad, omega).reports();
        assertEquals(3, reports.size(), reports::toString);
        assertEquals(PluginReport.State.STARTED, reports.get(0).state(), reports.get(0)::toString);
        assertEquals(PluginReport.State.STARTED, reports.get(2).state(), reports.get(2)::toString);
        assertNotNull(registry.resolve("alpha", "*"));
        assertNotNull(registry.resolve("omega", "*"));
        PluginReport report = reports.get(1);
        assertEquals(PluginReport.State.REJECTED, report.state(), report::toString);
        assertEquals(bad.toString(), report.source());
        assertNotNull(report.reason());
        assertFalse(report.reason().contains("\n"), "one line: " + report.reason());
        assertNull(report.descriptor());
        return report;
    }

    private String rejectionOf(PluginZipBuilder bad) {
        return rejectedBetweenGoodOnes(ZipLimits.DEFAULT, zip("bad-1.0.0.zip", bad)).reason();
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual != null && actual.contains(expected), () -> "expected '" + expected + "' in: " + actual);
    }

    private List<Path> workContents() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.collect(Collectors.toList());
        }
    }

    @Test
    void startsAValidPluginZipAndReportsItsDescriptor() {
        Path zip = zip("echo-1.2.0.zip", PluginZipBuilder.stack("echo", "1.2.0"));

        PluginReport report = load(zip).reports().get(0);

        assertEquals(new PluginReport(zip.toString(), "echo", "1.2.0", PluginZipBuilder.REQUIRES,
            PluginReport.State.STARTED, null, report.descriptor()), report);
        assertEquals("echo", report.descriptor().id());
        assertTrue(report.descriptor().has(Capability.SACK));
        LoadedStack stack = registry.resolve("echo", "*");
        assertEquals("echo", stack.pluginId());
        assertEquals("1.2.0", stack.pluginVersion());
        assertEquals(List.of(stack), registry.stacks());
    }

    @Test
    void unpacksZipsIntoAFreshWorkSubdirectoryAndNotNextToTheZip() throws IOException {
        Path zip = zip("echo-1.0.0.zip", PluginZipBuilder.stack("echo", "1.0.0"));

        load(zip);

        try (Stream<Path> siblings = Files.list(in)) {
            assertEquals(List.of(zip), siblings.collect(Collectors.toList()));
        }
        List<Path> unpacked = workContents();
        assertEquals(1, unpacked.size());
        assertTrue(Files.isRegularFile(unpacked.get(0).resolve("classes/META-INF/MANIFEST.MF")));
    }

    @Test
    void loadsSpiPackagesFromTheHostAndPluginClassesFromThePlugin() throws Exception {
        load(zip("echo-1.0.0.zip", PluginZipBuilder.stack("echo", "1.0.0")));
        NetworkStack stack = registry.resolve("echo", "*").stack();

        ClassLoader pluginLoader = stack.getClass().getClassLoader();
        assertTrue(pluginLoader instanceof PluginClassLoader, pluginLoader::toString);
        assertNotEquals(PropertiesStack.class, stack.getClass(), "plugin classes load plugin-first");
        assertEquals(PropertiesStack.class.getName(), stack.getClass().getName());
        assertSame(NetworkStack.class, pluginLoader.loadClass(NetworkStack.class.getName()));
        assertSame(DirectBuffer.class, pluginLoader.loadClass(DirectBuffer.class.getName()));
        assertSame(org.pf4j.Plugin.class, pluginLoader.loadClass(org.pf4j.Plugin.class.getName()));
        assertSame(org.slf4j.Logger.class, pluginLoader.loadClass(org.slf4j.Logger.class.getName()));
    }

    @Test
    void startsAPluginDirectoryInPlace() throws IOException {
        Path dir = PluginZipBuilder.stack("echo", "1.0.0").writeDirectory(in.resolve("echo"));

        PluginReport report = load(dir).reports().get(0);

        assertEquals(PluginReport.State.STARTED, report.state(), report::toString);
        assertEquals(dir.toString(), report.source());
        assertTrue(workContents().isEmpty(), "a directory is not copied");
    }

    @Test
    void takesAContainerDirectoryInNameOrderSkippingOtherFiles() throws IOException {
        zip("b-1.0.0.zip", PluginZipBuilder.stack("bravo", "1.0.0"));
        PluginZipBuilder.stack("charlie", "1.0.0").writeDirectory(in.resolve("c-dir"));
        zip("a-1.0.0.zip", PluginZipBuilder.stack("alpha", "1.0.0"));
        zip(".hidden.zip", PluginZipBuilder.stack("hidden", "1.0.0"));
        Files.writeString(in.resolve("README.txt"), "not a plugin");
        Files.createDirectories(in.resolve("empty-dir"));

        List<PluginReport> reports = load(in).reports();

        assertEquals(List.of("alpha", "bravo", "charlie"),
            reports.stream().map(PluginReport::pluginId).collect(Collectors.toList()));
        assertTrue(reports.stream().allMatch(r -> r.state() == PluginReport.State.STARTED), reports::toString);
    }

    @Test
    void skipsTheWorkDirectoryWhenItLiesInsideAContainerDirectory() {
        zip("echo-1.0.0.zip", PluginZipBuilder.stack("echo", "1.0.0"));
        Path innerWork = in.resolve("work");
        try (PluginStackRegistry first = new StackPluginLoader(innerWork).load(List.of(in));
             PluginStackRegistry second = new StackPluginLoader(innerWork).load(List.of(in))) {
            assertEquals(1, first.reports().size(), first.reports()::toString);
            assertEquals(List.of(in.resolve("echo-1.0.0.zip").toString()),
                second.reports().stream().map(PluginReport::source).collect(Collectors.toList()));
        }
    }

    @Test
    void resolvesTheStartedVersionOnlyWhenItSatisfiesTheConstraint() {
        load(zip("echo-1.2.0.zip", PluginZipBuilder.stack("echo", "1.2.0")));

        assertNotNull(registry.resolve("echo", ">=1.0.0 & <2.0.0"));
        assertNotNull(registry.resolve("echo", "1.2.0"));
        assertNotNull(registry.resolve("echo", "*"));
        assertNotNull(registry.resolve("echo", ""));
        assertNotNull(registry.resolve("echo", null));
        assertNull(registry.resolve("echo", ">=2.0.0"));
        assertNull(registry.resolve("echo", "<1.2.0"));
        assertNull(registry.resolve("kernel", "*"));
    }

    @Test
    void rejectsAnInvalidVersionConstraint() {
        load(zip("echo-1.0.0.zip", PluginZipBuilder.stack("echo", "1.0.0")));

        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> registry.resolve("echo", ">=1.0.0 &&& banana"));

        assertContains("version constraint '>=1.0.0 &&& banana' for stack 'echo' is not valid", e.getMessage());
    }

    @Test
    void closeUnloadsThePluginsAndRemovesTheUnpackedZips() throws IOException {
        load(zip("echo-1.0.0.zip", PluginZipBuilder.stack("echo", "1.0.0")));
        ClassLoader pluginLoader = registry.resolve("echo", "*").stack().getClass().getClassLoader();

        registry.close();

        assertEquals(List.of(), workContents(), "nothing left behind");
        assertTrue(((PluginClassLoader) pluginLoader).isClosed());
        assertThrows(IllegalStateException.class, () -> registry.resolve("echo", "*"));
    }

    @Test
    void rejectsAZipBundlingTheSpi() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0")
            .entry("lib/plugin-api-1.0.0.jar", PluginZipBuilder.jarOf(NetworkStack.class)));

        assertContains("bundles the SPI (lib/plugin-api-1.0.0.jar contains io/nsaas/", reason);
        assertContains("declare io.nsaas:plugin-api and org.pf4j:pf4j with scope provided", reason);
    }

    @Test
    void rejectsAZipBundlingPf4j() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0")
            .entry("lib/pf4j-3.15.0.jar", PluginZipBuilder.jarOf(org.pf4j.Plugin.class)));

        assertContains("bundles pf4j (lib/pf4j-3.15.0.jar contains org/pf4j/", reason);
    }

    @Test
    void rejectsSpiClassesCopiedIntoClasses() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0")
            .entry("classes/io/nsaas/nqe/Nqe.class", new byte[] {(byte) 0xCA, (byte) 0xFE}));

        assertContains("bundles the SPI (classes/io/nsaas/nqe/Nqe.class)", reason);
    }

    @Test
    void rejectsASecondPluginWithTheSameIdNamingBothSources() {
        Path copy = zip("alpha-copy.zip", PluginZipBuilder.stack("alpha", "1.1.0"));

        PluginReport report = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, copy);

        assertContains("duplicate plugin id 'alpha': already loaded from " + in.resolve("alpha-1.0.0.zip")
            + ", so " + copy + " was not loaded", report.reason());
        assertEquals("1.0.0", registry.resolve("alpha", "*").pluginVersion());
    }

    @Test
    void rejectsAPluginRequiringAnotherSpiVersion() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Requires", ">=2.0.0"));

        assertContains("requires SPI >=2.0.0, host provides 1.0.0", reason);
    }

    @Test
    void rejectsAPluginWithoutPluginRequires() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Requires", null));

        assertContains("Plugin-Requires is missing", reason);
    }

    @Test
    void rejectsAMalformedPluginRequires() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Requires", ">=1.0.0 &&& ?"));

        assertContains("Plugin-Requires '>=1.0.0 &&& ?' is not a valid version range", reason);
    }

    @Test
    void rejectsAPluginRequiresThatAdmitsTheNextSpiMajor() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Requires", ">=1.0.0"));

        assertContains("Plugin-Requires '>=1.0.0' also admits SPI 2.0.0", reason);
    }

    @Test
    void rejectsAZipWithoutDescriptor() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").withoutManifest());

        assertContains("no plugin descriptor: expected classes/META-INF/MANIFEST.MF with Plugin-Id", reason);
    }

    @Test
    void rejectsADescriptorWithoutPluginId() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Id", null));

        assertContains("descriptor classes/META-INF/MANIFEST.MF has no Plugin-Id", reason);
    }

    @Test
    void rejectsADescriptorWithoutPluginVersion() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Version", null));

        assertContains("descriptor classes/META-INF/MANIFEST.MF has no Plugin-Version", reason);
    }

    @Test
    void rejectsAPluginVersionThatIsNotSemantic() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").manifest("Plugin-Version", "1.0-beta"));

        assertContains("Plugin-Version '1.0-beta' is not a semantic version", reason);
    }

    @Test
    void rejectsAnEmptyExtensionIndex() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").index());

        assertEquals("no NetworkStack extension: META-INF/extensions.idx lists no classes: is pf4j's annotation "
            + "processor configured? (JDK 23+ needs it in annotationProcessorPaths)", reason);
    }

    @Test
    void rejectsAMissingExtensionIndex() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").withoutIndex());

        assertContains("no NetworkStack extension: META-INF/extensions.idx is missing", reason);
    }

    @Test
    void rejectsAnIndexListingNoNetworkStack() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").index(NotAStack.class));

        assertContains("no NetworkStack extension: none of the classes in META-INF/extensions.idx ("
            + NotAStack.class.getName() + ") implements io.nsaas.spi.NetworkStack", reason);
    }

    @Test
    void rejectsAPluginWithTwoNetworkStacks() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").index(PropertiesStack.class, SecondStack.class));

        assertContains("ambiguous: 2 NetworkStack extensions", reason);
    }

    @Test
    void rejectsAnExtensionThatCannotBeInstantiated() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").index(ExplodingStack.class));

        assertContains("NetworkStack extension " + ExplodingStack.class.getName()
            + " cannot be instantiated: IllegalStateException: needs /dev/net/tun", reason);
    }

    @Test
    void rejectsAnExtensionWhoseDescriptorThrows() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").descriptorId("Bad_Id"));

        assertContains(PropertiesStack.class.getName() + ".descriptor() failed: IllegalArgumentException: stack id 'Bad_Id'",
            reason);
    }

    @Test
    void rejectsADescriptorIdThatDiffersFromThePluginId() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").descriptorId("other"));

        assertContains("descriptor id 'other' of " + PropertiesStack.class.getName() + " differs from Plugin-Id 'bad'",
            reason);
    }

    @Test
    void rejectsAPluginWhoseStartFailsWithPf4jsReason() {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0")
            .manifest("Plugin-Class", FailingStartPlugin.class.getName()));

        assertEquals("start failed: IllegalStateException: port 9 busy", reason);
    }

    @Test
    void rejectsASourceThatDoesNotExist() {
        String reason = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, in.resolve("missing.zip")).reason();

        assertEquals("does not exist", reason);
    }

    @Test
    void refusesAZipEntryClimbingOutWithDotDotAndWritesNothingOutside() throws IOException {
        Path bad = zip("bad-1.0.0.zip", PluginZipBuilder.stack("bad", "1.0.0")
            .entry("../../evil.txt", "pwned".getBytes(StandardCharsets.UTF_8)));

        String reason = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, bad).reason();

        assertEquals("unsafe zip entry '../../evil.txt': has a '..' path segment; the archive was not unpacked", reason);
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertFalse(Files.exists(work.resolve("evil.txt")));
        assertEquals(2, workContents().size(), "only the two good plugins stay unpacked");
    }

    @Test
    void refusesAnAbsoluteZipEntryAndWritesNothingThere() throws IOException {
        Path target = tmp.resolve("abs-evil.txt");
        Path bad = zip("bad-1.0.0.zip", PluginZipBuilder.stack("bad", "1.0.0")
            .entry(target.toString(), "pwned".getBytes(StandardCharsets.UTF_8)));

        String reason = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, bad).reason();

        assertEquals("unsafe zip entry '" + target + "': is an absolute path; the archive was not unpacked", reason);
        assertFalse(Files.exists(target));
        assertEquals(2, workContents().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "classes\\evil.txt    | contains a backslash",
        "C:/evil.txt            | starts with a drive letter",
        "classes/a/../../../x   | has a '..' path segment",
        "classes/./..           | has a '..' path segment",
        "./                     | resolves outside the plugin directory",
    })
    void refusesUnsafeZipEntryNames(String name, String why) {
        String reason = rejectionOf(PluginZipBuilder.stack("bad", "1.0.0").entry(name, new byte[] {1}));

        assertEquals("unsafe zip entry '" + name + "': " + why + "; the archive was not unpacked", reason);
    }

    @Test
    void refusesASymbolicLinkEntry() throws IOException {
        Path bad = zip("bad-1.0.0.zip", PluginZipBuilder.stack("bad", "1.0.0")
            .entry("classes/link", "/etc/passwd".getBytes(StandardCharsets.UTF_8)));
        Files.write(bad, ZipBytes.markSymlink(Files.readAllBytes(bad), "classes/link"));

        String reason = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, bad).reason();

        assertContains("unsafe zip entry 'classes/link': is a symbolic link", reason);
        assertEquals(2, workContents().size());
    }

    @Test
    void refusesDuplicateEntryNames() throws IOException {
        Path bad = zip("bad-1.0.0.zip", PluginZipBuilder.stack("bad", "1.0.0")
            .entry("classes/twin-a.txt", new byte[] {1})
            .entry("classes/twin-b.txt", new byte[] {2}));
        Files.write(bad, ZipBytes.replaceName(Files.readAllBytes(bad), "classes/twin-b.txt", "classes/twin-a.txt"));

        String reason = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, bad).reason();

        assertContains("unsafe zip entry 'classes/twin-a.txt': appears more than once (duplicate entry names)", reason);
    }

    @Test
    void refusesATruncatedZip() throws IOException {
        byte[] whole = Files.readAllBytes(zip("whole.zip", PluginZipBuilder.stack("bad", "1.0.0")));
        Path bad = Files.write(in.resolve("bad-1.0.0.zip"), Arrays.copyOf(whole, whole.length / 2));
        Files.delete(in.resolve("whole.zip"));

        String reason = rejectedBetweenGoodOnes(ZipLimits.DEFAULT, bad).reason();

        assertContains("not a valid zip (", reason);
        assertContains("the file is corrupt or truncated", reason);
    }

    @Test
    void refusesAZipExpandingBeyondTheSizeLimitAndRemovesWhatItWrote() throws IOException {
        ZipLimits limits = new ZipLimits(256 * 1024, 1_000);
        Path bad = zip("bad-1.0.0.zip", PluginZipBuilder.stack("bad", "1.0.0")
            .entry("lib/zeros.bin", new byte[1024 * 1024]));
        assertTrue(Files.size(bad) < limits.maxTotalBytes() / 8, "the archive itself is small");

        String reason = rejectedBetweenGoodOnes(limits, bad).reason();

        assertEquals("zip expands to more than 262144 bytes (limit reached while writing 'lib/zeros.bin'): "
            + "refusing a possible zip bomb", reason);
        assertEquals(2, workContents().size(), "the partial unpack is removed");
    }

    @Test
    void refusesAZipWithMoreEntriesThanTheLimit() throws IOException {
        PluginZipBuilder many = PluginZipBuilder.stack("bad", "1.0.0");
        for (int i = 0; i < 60; i++) {
            many.entry("lib/f" + i + ".txt", new byte[] {(byte) i});
        }

        String reason = rejectedBetweenGoodOnes(new ZipLimits(ZipLimits.DEFAULT.maxTotalBytes(), 40),
            zip("bad-1.0.0.zip", many)).reason();

        assertContains("more than the limit of 40: refusing a possible zip bomb", reason);
        assertEquals(2, workContents().size());
    }
}
