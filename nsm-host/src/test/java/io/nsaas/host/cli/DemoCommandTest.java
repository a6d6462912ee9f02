package io.nsaas.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Usage errors of {@code nsaas demo}; the whole run is tested end to end in e2e-tests. */
class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        picocli.CommandLine commandLine = NsaasCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void kernelAsAPacketLevelTenantIsRefusedWithTheReason() {
        assertEquals(NsaasCommand.EXIT_CONFIG, run("demo", "--client-stack", "kernel"));
        assertTrue(err.toString().startsWith("nsaas demo: --server-stack/--client-stack kernel: the kernel stack is socket-level"),
            err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void zeroSizesAreRefused() {
        assertEquals(NsaasCommand.EXIT_CONFIG, run("demo", "--bytes", "0"));
        assertTrue(err.toString().contains("must be at least 1"), err.toString());
    }

    @Test
    void badByteCountIsAUsageError() {
        assertEquals(NsaasCommand.EXIT_CONFIG, run("demo", "--throughput-bytes", "12G"));
        assertTrue(err.toString().contains("ambiguous unit"), err.toString());
    }

    @Test
    void demoIsListedInTheHelp() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("demo"), out.toString());
    }
}
