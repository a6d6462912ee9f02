package io.nsaas.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.NetworkStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI end to end against the real kernel plugin zip built by the reactor. */
class NsaasCommandTest {
    private static final Path PLUGINS = Paths.get(System.getProperty("nsaas.test.plugins", "../target/plugins"));

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = NsaasCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Path kernelZip() {
        Path zip = PLUGINS.resolve("kernel-1.0.0.zip");
        assertTrue(Files.isRegularFile(zip), zip + " is missing: build with mvn package (or verify) first");
        return zip;
    }

    private Path config(String pluginsEntry, String tenants) throws IOException {
        Path file = dir.resolve("host.conf");
        Files.writeString(file, "nsaas {\n"
            + "  host {\n"
            + "    plugins = [ \"" + pluginsEntry + "\" ]\n"
            + "    work-dir = \"" + dir.resolve("work") + "\", control-socket = \"" + dir.resolve("run/control.sock") + "\"\n"
            + "  }\n"
            + "  tenants {\n" + tenants + "  }\n"
            + "}\n");
        return file;
    }

    private static String tenant(String id, String stack, String address) {
        return "    " + id + " {\n"
            + "      stack = " + stack + "\n"
            + "      address = \"" + address + "\"\n"
            + "      token = \"token-of-" + id + "-0123456789\"\n"
            + "    }\n";
    }

    @Test
    void stacksListsTheKernelStackAsStarted() throws IOException {
        Path conf = config(kernelZip().toString(), "");

        assertEquals(0, run("stacks", "--config", conf.toString()), err.toString());

        String table = out.toString();
        assertTrue(table.lines().anyMatch(line -> line.startsWith("kernel ") && line.endsWith("STARTED")), table);
        assertTrue(table.contains("socket-level"), table);
        assertTrue(table.contains("1 plugin(s) found, 1 started, 0 rejected"), table);
    }

    @Test
    void hostCheckAcceptsAGoodConfigAndCreatesEveryTenantsStack() throws IOException {
        Path conf = config(kernelZip().toString(),
            tenant("vm-a", "kernel", "10.0.0.1/24") + tenant("vm-b", "{ id = kernel, options { cc = reno } }", "10.0.0.2/24"));

        assertEquals(0, run("host", "--config", conf.toString(), "--check"), err.toString());

        assertTrue(out.toString().contains("OK: 2 tenant(s) on 2 NSM(s), 1 plugin(s) started"), out.toString());
    }

    @Test
    void hostCheckOnABrokenFileNamesFileLineAndKeyAndExitsTwo() throws IOException {
        Path conf = config(kernelZip().toString(), tenant("vm-a", "kernel", "10.0.0.300/24"));

        assertEquals(2, run("host", "--config", conf.toString(), "--check"));

        assertTrue(err.toString().contains(conf + ":9: nsaas.tenants.vm-a.address: '10.0.0.300/24' is not an IPv4 CIDR"),
            err.toString());
    }

    @Test
    void hostCheckRejectsAnUnknownStackAtItsLine() throws IOException {
        Path conf = config(kernelZip().toString(), tenant("vm-a", "kernal", "10.0.0.1/24"));

        assertEquals(2, run("host", "--config", conf.toString(), "--check"));

        assertTrue(err.toString().contains(conf + ":8: nsaas.tenants.vm-a.stack: no stack plugin 'kernal' is loaded; did you mean kernel?"),
            err.toString());
    }

    @Test
    void hostCheckReportsAStackOptionTheStackRejects() throws IOException {
        Path conf = config(kernelZip().toString(),
            tenant("vm-a", "{ id = kernel, options { cc = no-such-algorithm } }", "10.0.0.1/24"));

        assertEquals(2, run("host", "--config", conf.toString(), "--check"));

        String message = err.toString();
        assertTrue(message.contains("tenant 'vm-a'") && message.contains("no-such-algorithm"), message);
    }

    @Test
    void aZipThatBundlesTheSpiIsRejectedWithAReasonThatSaysSo() throws IOException, URISyntaxException {
        Path bad = dir.resolve("plugins").resolve("kernel-bundling-spi.zip");
        Files.createDirectories(bad.getParent());
        copyWithSpiJar(kernelZip(), bad);

        assertEquals(0, run("stacks", "--config", config(bad.getParent().toString(), "").toString()), err.toString());

        String table = out.toString();
        assertTrue(table.contains("REJECTED"), table);
        assertTrue(table.contains("reason: bundles the SPI (lib/plugin-api-1.0.0.jar contains io/nsaas/spi/"), table);
        assertTrue(table.contains("declare io.nsaas:plugin-api and org.pf4j:pf4j with scope provided"), table);
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitTwo() {
        assertEquals(2, run("host", "--no-such-option"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
    }

    @Test
    void hostRunsItsTenantsUntilTerminated() throws IOException, InterruptedException {
        Path conf = config(kernelZip().toString(), tenant("vm-a", "kernel", "10.0.0.1/24"));
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            NsaasCommand.class.getName(), "host", "--config", conf.toString()));
        Process host = new ProcessBuilder(command).redirectError(dir.resolve("host.err").toFile()).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null && !line.equals("press Ctrl-C to stop")) {
                seen.add(line);
            }
            assertEquals("press Ctrl-C to stop", line, "host output: " + seen + "\n" + Files.readString(dir.resolve("host.err")));
            assertTrue(seen.stream().anyMatch(l -> l.contains("tenant vm-a") && l.contains("stack kernel 1.0.0") && l.endsWith("RUNNING")),
                seen.toString());
            Path control = dir.resolve("run/control.sock");
            assertTrue(seen.contains("  control socket " + control + " (tenants attach here; nsaas status reads it)"),
                seen.toString());
            assertEquals(0, run("status", "--config", conf.toString()), err.toString());
            assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("vm-a ") && l.contains(" no ")), out.toString());

            host.toHandle().destroy(); // SIGTERM, keeping our end of its stdout open: the shutdown hook stops the NSMs
            assertTrue(host.waitFor(20, TimeUnit.SECONDS), "host did not stop on SIGTERM");
            assertEquals("nsaas host stopped", lines.readLine());
            assertFalse(Files.exists(dir.resolve("run/control.sock")), "control socket deleted at stop");
        } finally {
            host.destroyForcibly();
        }
    }

    /** Copies a plugin zip and adds lib/plugin-api-1.0.0.jar holding the SPI classes of the test class path. */
    private static void copyWithSpiJar(Path source, Path target) throws IOException, URISyntaxException {
        Path spiClasses = Paths.get(NetworkStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ZipFile in = new ZipFile(source.toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("lib/plugin-api-1.0.0.jar"));
            zip.write(jarOf(spiClasses));
            zip.closeEntry();
        }
    }

    private static byte[] jarOf(Path classes) throws IOException {
        if (Files.isRegularFile(classes)) {
            return Files.readAllBytes(classes);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jar.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
