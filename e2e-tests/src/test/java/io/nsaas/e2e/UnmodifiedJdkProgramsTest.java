package io.nsaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nsaas.host.demo.ChildJvm;
import io.nsaas.host.demo.DemoArtifacts;
import io.nsaas.host.demo.DemoHost;
import io.nsaas.host.demo.DemoProgram;
import io.nsaas.host.demo.DemoTenant;
import io.nsaas.host.demo.ProgramPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's acceptance: unmodified JDK programs ({@code demo-apps}: HttpServer/HttpClient and
 * ServerSocket/Socket, no nsaas imports) in two tenant JVMs, each started only with
 * {@code -javaagent:nsaas-guestlib.jar=tenant=...,token=...,control=...} and the programs' jar, talk
 * through a real {@code nsaas.jar host} (a child JVM) over the tenants' switch addresses: vm-a
 * 10.0.0.1/24 and vm-b 10.0.0.2/24, both on NewReno.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UnmodifiedJdkProgramsTest {

    private static final long TEN_MEGABYTES = 10L * 1024 * 1024;
    private static final String VM_A = "10.0.0.1";
    private static final Path JDK25 = Path.of(System.getProperty("nsaas.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"),
        "bin", "java");

    @TempDir
    static Path dir;

    private static DemoArtifacts artifacts;
    private static DemoTenant vmA;
    private static DemoTenant vmB;
    private static DemoHost host;

    @BeforeAll
    static void startHost() throws Exception {
        artifacts = E2eFixtures.artifacts();
        vmA = DemoTenant.withRandomToken("vm-a", "newreno", VM_A, 24);
        vmB = DemoTenant.withRandomToken("vm-b", "newreno", "10.0.0.2", 24);
        host = E2eFixtures.startHost(dir.resolve("host"), vmA, vmB);
    }

    @AfterAll
    static void stopHost() throws InterruptedException {
        if (host != null) {
            host.close();
        }
    }

    private static ProgramPair pair(Path java) {
        return new ProgramPair(java, artifacts, host.controlSocket(), E2eFixtures.STEP, null);
    }

    @Test
    void httpServerInVmAAndHttpClientInVmBExchangeTenMegabytesEachWayWithEqualDigests() throws Exception {
        assertHttpExchange(ChildJvm.javaExecutable());
    }

    /** The agent leans on JDK internals (module exports, the HttpClient's and HttpServer's use of NIO). */
    @Test
    void theSameHttpExchangeWorksWithTenantJvmsOnJdk25() throws Exception {
        assumeTrue(Files.isExecutable(JDK25), "no JDK 25 at " + JDK25 + " (set -Dnsaas.test.jdk25=<java home>)");
        assertHttpExchange(JDK25);
    }

    private static void assertHttpExchange(Path java) throws Exception {
        ProgramPair.Outcome outcome = pair(java).run(
            new DemoProgram(vmA, "HttpBulkServer", List.of(VM_A, "8080")),
            endpoint -> new DemoProgram(vmB, "HttpBulkClient", List.of("http://" + endpoint, String.valueOf(TEN_MEGABYTES), "20")));
        Map<String, String> client = outcome.client();
        assertEquals(VM_A + ":8080", outcome.endpoint(), "the server reports the tenant's switch address");
        assertEquals("200", client.get("get-status"), client.toString());
        assertEquals(String.valueOf(TEN_MEGABYTES), client.get("get-bytes"), client.toString());
        assertEquals(client.get("expected-sha256"), client.get("get-sha256"), client.toString());
        assertEquals("true", client.get("get-sha-match"), client.toString());
        assertEquals("bytes=" + TEN_MEGABYTES + ",sha256=" + client.get("expected-sha256"), client.get("post-answer"),
            "the server's digest of the upload");
        assertEquals("true", client.get("post-sha-match"), client.toString());
        assertEquals(String.valueOf(TEN_MEGABYTES), outcome.server().get("server-bytes-served"), outcome.server().toString());
        assertEquals(String.valueOf(TEN_MEGABYTES), outcome.server().get("server-bytes-received"), outcome.server().toString());
    }

    @Test
    void serverSocketInVmAAndSocketInVmBExchangeTenMegabytesEachWayWithEqualDigests() throws Exception {
        ProgramPair.Outcome outcome = pair(ChildJvm.javaExecutable()).run(
            new DemoProgram(vmA, "SocketBulkServer", List.of(VM_A, "5201")),
            endpoint -> new DemoProgram(vmB, "SocketBulkClient",
                List.of(VM_A, "5201", String.valueOf(TEN_MEGABYTES), "100", "10000")));
        Map<String, String> client = outcome.client();
        assertEquals(client.get("expected-sha256"), client.get("send-sha256-at-server"), client.toString());
        assertEquals(client.get("expected-sha256"), client.get("recv-sha256"), client.toString());
        assertEquals("true", client.get("send-sha-match"), client.toString());
        assertEquals("true", client.get("recv-sha-match"), client.toString());
        assertEquals("100", client.get("pings"), client.toString());
        assertEquals("2", outcome.server().get("server-connections"), "exchange and ping connections");
        assertEquals(String.valueOf(TEN_MEGABYTES), outcome.server().get("server-bytes-received"), outcome.server().toString());
    }

    /**
     * The tenant's address exists only on the in-host switch. A JVM without the agent goes through the
     * host kernel: its connect either fails or (where the machine's network intercepts every outgoing
     * TCP connection, as some sandboxes do) reaches something else; either way the exchange fails and
     * the tenant's server never sees the connection.
     */
    @Test
    void aPlainJvmWithoutTheAgentCannotReachTheTenantAddress() throws Exception {
        try (ChildJvm server = new DemoProgram(vmA, "SocketBulkServer", List.of(VM_A, "5202"))
            .start(artifacts, host.controlSocket(), null)) {
            assertEquals(VM_A + ":5202", server.awaitLine(ChildJvm.READY, E2eFixtures.STEP).trim(), E2eFixtures.output(server));
            try (ChildJvm plain = new DemoProgram(null, "SocketBulkClient", List.of(VM_A, "5202", "1000", "0", "3000"))
                .start(artifacts, host.controlSocket(), null)) {
                int exit = plain.awaitExit(E2eFixtures.STEP);
                assertNotEquals(0, exit, "a JVM without the agent completed an exchange with " + VM_A + ":5202; "
                    + E2eFixtures.output(plain));
            }
            try (ChildJvm tenant = new DemoProgram(vmB, "SocketBulkClient", List.of(VM_A, "5202", "1000", "0", "10000"))
                .start(artifacts, host.controlSocket(), null)) {
                assertEquals(0, tenant.awaitExit(E2eFixtures.STEP), E2eFixtures.output(tenant));
            }
            server.closeInput();
            assertEquals(0, server.awaitExit(E2eFixtures.STEP), E2eFixtures.output(server));
            assertEquals("1", server.results().get("server-connections"),
                "only the tenant's connection reached the server; " + E2eFixtures.output(server));
        }
    }

    @Test
    void datagramAndAsynchronousSocketsFailAtOnceInATenantJvm() throws Exception {
        try (ChildJvm probe = new DemoProgram(vmA, "LimitsProbe", List.of()).start(artifacts, host.controlSocket(), null)) {
            assertEquals(0, probe.awaitExit(E2eFixtures.STEP), E2eFixtures.output(probe));
            Map<String, String> results = probe.results();
            assertRefused(results, "udp", "SocketException: nsaas: DatagramSocket (UDP) is not supported");
            assertRefused(results, "datagram-channel", "UnsupportedOperationException: nsaas: DatagramChannel (UDP) is not supported");
            assertRefused(results, "async", "UnsupportedOperationException: nsaas: AsynchronousSocketChannel");
            assertRefused(results, "async-server", "UnsupportedOperationException: nsaas: AsynchronousSocketChannel");
        }
    }

    private static void assertRefused(Map<String, String> results, String kind, String expectedStart) {
        String got = results.get(kind);
        assertTrue(got != null && got.startsWith(expectedStart), kind + ": expected '" + expectedStart + "...', got " + got);
    }
}
