package io.nsaas.host.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** The child: prints its arguments as lines, then waits for stdin to close if the last is "wait", else exits 3. */
    public static final class Printer {
        public static void main(String[] args) throws Exception {
            for (String arg : args) {
                System.out.println(arg);
            }
            System.out.flush();
            if (args.length > 0 && args[args.length - 1].equals("wait")) {
                while (System.in.read() >= 0) {
                    // until the parent closes stdin
                }
                System.out.println("RESULT stopped=by-stdin");
                return;
            }
            System.exit(3);
        }
    }

    private static ChildJvm printer(String... lines) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return ChildJvm.start("printer", List.of(), classpath, Printer.class.getName(), List.of(lines), null);
    }

    @Test
    void awaitsLinesCollectsResultsAndStopsWhenStdinCloses() throws Exception {
        try (ChildJvm child = printer("READY 10.0.0.1:8080", "RESULT a=1", "RESULT b=x=y", "RESULT a=2", "wait")) {
            assertEquals("10.0.0.1:8080", child.awaitLine(ChildJvm.READY, LIMIT));
            child.awaitLine("wait", LIMIT);
            child.closeInput();
            assertEquals(0, child.awaitExit(LIMIT));
            assertEquals(Map.of("a", "2", "b", "x=y", "stopped", "by-stdin"), child.results());
        }
    }

    @Test
    void awaitingALineTheChildNeverPrintsFailsWithItsExitCodeAndOutput() throws Exception {
        try (ChildJvm child = printer("starting", "something went wrong")) {
            DemoException e = assertThrows(DemoException.class, () -> child.awaitLine(ChildJvm.READY, LIMIT));
            assertTrue(e.getMessage().startsWith("printer exited (exit code 3) before printing 'READY'"), e.getMessage());
            assertTrue(e.getMessage().contains("\n    | something went wrong"), e.getMessage());
        }
    }

    @Test
    void timeoutsFailInsteadOfHangingAndCloseStopsTheChild() throws Exception {
        ChildJvm child = printer("wait");
        try {
            DemoException e = assertThrows(DemoException.class, () -> child.awaitLine("never", Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("printed no 'never' line within"), e.getMessage());
            assertThrows(DemoException.class, () -> child.awaitExit(Duration.ofMillis(300)));
        } finally {
            child.close();
        }
        child.awaitExit(Duration.ofSeconds(1)); // gone: does not throw
    }
}
