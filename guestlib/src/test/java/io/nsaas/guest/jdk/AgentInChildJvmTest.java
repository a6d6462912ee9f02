package io.nsaas.guest.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link AgentScenarios} in child JVMs started with {@code -javaagent:} and the loopback
 * connector, so the JVM-wide SelectorProvider and socket factories never leak into this JVM. The
 * agent jar here holds only the manifest (Premain-Class); the classes come from the test classpath,
 * because the shaded jar is built after the tests run.
 */
class AgentInChildJvmTest {

    private static final Path JDK25 = Path.of(System.getProperty("nsaas.test.jdk25",
            "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
    private static Path agentJar;

    @BeforeAll
    static void writeAgentJar() throws IOException {
        Path dir = Path.of("target", "agent-test");
        Files.createDirectories(dir);
        agentJar = dir.resolve("manifest-only-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NsaasAgent.class.getName());
        try (OutputStream out = Files.newOutputStream(agentJar); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    private static final class Run {
        final int exit;
        final String output;
        final Map<String, String> results = new LinkedHashMap<>();

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
            for (String line : output.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    int eq = line.indexOf('=');
                    results.put(line.substring(7, eq), line.substring(eq + 1));
                }
            }
        }
    }

    private static Run child(Path java, String agentArgs, String... scenario) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-javaagent:" + agentJar.toAbsolutePath() + "=" + agentArgs,
                "-D" + GuestConnector.PROPERTY + "=" + LoopbackGuestConnector.class.getName(),
                "-cp", classpath, AgentScenarios.class.getName()));
        command.addAll(List.of(scenario));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not exit");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Path java17() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static final String ARGS = "tenant=vm-a,token=secret,control=/tmp/nsaas-test/control.sock";

    private static void assertHttpExchange(Run run) {
        assertEquals(0, run.exit, run.output);
        assertEquals(NsaasSelectorProvider.class.getName(), run.results.get("provider"), run.output);
        assertEquals("200", run.results.get("status"), run.output);
        assertEquals("true", run.results.get("request-sha-match"), run.output);
        assertEquals("true", run.results.get("response-sha-match"), run.output);
        assertTrue(Long.parseLong(run.results.get("connections")) >= 1, run.output);
    }

    @Test
    void jdkHttpServerAndHttpClientExchangeOneMegabyteOverTheAgent() throws Exception {
        assertHttpExchange(child(java17(), ARGS, "http", String.valueOf(1 << 20)));
    }

    @Test
    void classicSocketsEchoAndTimeOutThroughTheInstalledFactory() throws Exception {
        Run run = child(java17(), ARGS, "classic");
        assertEquals(0, run.exit, run.output);
        assertEquals("true", run.results.get("echo-match"), run.output);
        assertEquals("true", run.results.get("accept-timeout"), run.output);
        assertEquals("true", run.results.get("read-timeout"), run.output);
        assertTrue(Long.parseLong(run.results.get("connections")) >= 2, run.output);
    }

    @Test
    void datagramAndAsynchronousSocketsFailAtOnceWithTheDocumentedLimit() throws Exception {
        Run run = child(java17(), ARGS, "limits");
        assertEquals(0, run.exit, run.output);
        assertEquals(UdpRefusal.MESSAGE, run.results.get("udp"), run.output);
        assertEquals(AsyncRefusalProvider.MESSAGE, run.results.get("async"), run.output);
    }

    @Test
    void malformedAgentArgumentsStopTheJvmWithTheExpectedForm() throws Exception {
        Run run = child(java17(), "tenant=vm-a,token=secret", "limits");
        assertTrue(run.exit != 0, run.output);
        assertTrue(run.output.contains("expected -javaagent:nsaas-guestlib.jar=tenant=ID,token=TOKEN,control=PATH"),
                run.output);
        assertTrue(!run.output.contains("RESULT provider"), "the application must not start:\n" + run.output);
    }

    @Test
    void httpExchangeAlsoWorksOnJdk25() throws Exception {
        assumeTrue(Files.isExecutable(JDK25), "no JDK 25 at " + JDK25 + " (set -Dnsaas.test.jdk25=<java home>)");
        assertHttpExchange(child(JDK25, ARGS, "http", String.valueOf(1 << 20)));
        Run classic = child(JDK25, ARGS, "classic");
        assertEquals(0, classic.exit, classic.output);
        assertEquals("true", classic.results.get("echo-match"), classic.output);
        assertEquals("true", classic.results.get("read-timeout"), classic.output);
    }
}
