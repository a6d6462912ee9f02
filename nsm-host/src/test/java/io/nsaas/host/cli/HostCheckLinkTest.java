package io.nsaas.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nsaas host --check} with tenants' access links, against the real newreno and kernel plugin zips. */
class HostCheckLinkTest {
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

    private Path config(String tenants) throws IOException {
        assertTrue(Files.isRegularFile(PLUGINS.resolve("newreno-1.0.0.zip")), "build the plugin zips first (mvn verify)");
        Path file = dir.resolve("host.conf");
        Files.writeString(file, "nsaas {\n"
            + "  host {\n"
            + "    plugins = [ \"" + PLUGINS.toAbsolutePath() + "\" ]\n"
            + "    work-dir = \"" + dir.resolve("work") + "\"\n"
            + "  }\n"
            + "  tenants {\n" + tenants + "  }\n"
            + "}\n");
        return file;
    }

    private static String tenant(String id, String stack, String address, String link) {
        return "    " + id + " {\n"
            + "      stack = " + stack + "\n"
            + "      address = \"" + address + "\"\n"
            + "      token = \"token-of-" + id + "-0123456789\"\n"
            + (link == null ? "" : "      link { " + link + " }\n")
            + "    }\n";
    }

    @Test
    void checkShowsEachTenantsLink() throws IOException {
        Path conf = config(tenant("vm-a", "newreno", "10.0.0.1/24", "rate = 100Mbps, delay = 5ms, loss = 0.01")
            + tenant("vm-b", "newreno", "10.0.0.2/24", null));

        assertEquals(0, run("host", "--config", conf.toString(), "--check"), err.toString());

        String text = out.toString();
        assertTrue(text.contains("OK: 2 tenant(s) on 2 NSM(s)"), text);
        assertTrue(text.contains("  tenant vm-a link to the switch (each way): rate = 100 Mbps, delay = 5ms, buffer = 1000 packets,"
            + " ecn-threshold = none, loss = 0.01, duplicate = 0, reorder = 0, corrupt = 0, mtu = 1500"), text);
        assertFalse(text.contains("tenant vm-b link"), "vm-b has no link: " + text);
    }

    @Test
    void checkRejectsALinkOnTheSocketLevelKernelStackAtItsLine() throws IOException {
        Path conf = config(tenant("vm-a", "kernel", "10.0.0.1/24", "delay = 5ms"));

        assertEquals(2, run("host", "--config", conf.toString(), "--check"));

        assertTrue(err.toString().contains(conf + ":11: nsaas.tenants.vm-a.link: stack 'kernel' is socket-level"), err.toString());
    }

    @Test
    void checkReportsABadLinkValueAtItsLine() throws IOException {
        Path conf = config(tenant("vm-a", "newreno", "10.0.0.1/24", "rate = -5Mbps"));

        assertEquals(2, run("host", "--config", conf.toString(), "--check"));

        assertTrue(err.toString().contains(conf + ":11: nsaas.tenants.vm-a.link.rate: '-5Mbps' is negative;"), err.toString());
    }
}
