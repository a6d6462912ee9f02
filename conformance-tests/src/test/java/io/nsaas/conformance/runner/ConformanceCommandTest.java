package io.nsaas.conformance.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ConformanceCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void certifyRefusesAFileThatIsNotAStackPluginWithExit2(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "junk");
        assertEquals(2, run("certify", "--plugin", junk.toString(), "--out", dir.resolve("out").toString()));
        assertTrue(err.toString().startsWith("certify: plugin zip " + junk), err.toString());
    }

    @Test
    void certifyRefusesAnOutputPathThatIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("out"), "x");
        assertEquals(2, run("certify", "--plugin", CertificationRunTest.NEWRENO.toString(), "--out", file.toString()));
        assertTrue(err.toString().startsWith("certify: --out " + file + " is a file"), err.toString());
    }

    @Test
    void certifyWithoutItsOptionsIsAUsageError() {
        assertEquals(2, run("certify", "--out", "x"));
        assertTrue(err.toString().contains("Missing required option: '--plugin=ZIP'"), err.toString());
    }

    @Test
    void runScriptNeedsExactlyOneTarget(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("a.pkt"), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        assertEquals(2, run("run-script", script.toString()));
        assertEquals(2, run("run-script", "--linux", "--plugin", CertificationRunTest.NEWRENO.toString(), script.toString()));
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    }

    @Test
    void runScriptNamesAMissingScriptOrZip(@TempDir Path dir) throws Exception {
        assertEquals(2, run("run-script", "--linux", dir.resolve("missing.pkt").toString()));
        assertTrue(err.toString().contains("script " + dir.resolve("missing.pkt") + " does not exist"), err.toString());
        Path script = Files.writeString(dir.resolve("a.pkt"), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
        assertEquals(2, run("run-script", "--plugin", dir.resolve("none.zip").toString(), script.toString()));
        assertTrue(err.toString().contains("plugin zip " + dir.resolve("none.zip") + " does not exist"), err.toString());
    }

    @Test
    void listPrintsEveryTckTestWithItsLevel() {
        assertEquals(0, run("list"));
        assertTrue(out.toString().strip().endsWith(" tests"), out.toString());
        assertEquals(
            java.util.List.of("OPTIONAL PassingFixtureTck.optional_fails FIX-OPT-FAIL",
                "OPTIONAL PassingFixtureTck.optional_skipsWithoutEcn FIX-OPT-SKIP",
                "REQUIRED PassingFixtureTck.required_divergesFromLinux FIX-DIVERGED",
                "REQUIRED PassingFixtureTck.required_scripts FIX-SCRIPTS",
                "REQUIRED PassingFixtureTck.required_seesThePluginUnderTest FIX-PASS-1,FIX-PASS-2"),
            ListCommand.lines("io.nsaas.conformance.runner.fixture.passing"));
    }
}
