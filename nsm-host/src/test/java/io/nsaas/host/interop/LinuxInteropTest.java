package io.nsaas.host.interop;

import static io.nsaas.host.interop.LinuxNamespace.LINUX;
import static io.nsaas.host.interop.LinuxNamespace.OURS;
import static io.nsaas.host.interop.LinuxNamespace.awaitLine;
import static io.nsaas.host.interop.LinuxNamespace.field;
import static io.nsaas.host.interop.LinuxNamespace.finish;
import static io.nsaas.host.interop.LinuxNamespace.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our NewReno stack against the Linux kernel's TCP, through a real TUN device, in a network namespace
 * of its own ({@link LinuxNamespace}): {@code nsaas perf} runs in the namespace as the tenant 10.214.0.2/24 behind the TUN
 * device, and a plain JDK-socket peer ({@link LinuxPeer}) is the kernel at 10.214.0.1. Each transfer
 * is 20 MB and both sides' SHA-256 must match. Needs root (network namespaces, TUN); skips with a
 * message otherwise. Link impairments (5 ms delay with 1 % loss, or with 25 % reordering) are applied
 * by {@code nsaas perf} itself in both directions between the TUN device and its switch
 * ({@code --impair-*}), since kernels built without netem cannot do it with {@code tc}. The namespace
 * (and with it the device) is deleted after the tests, also when a peer process is left running.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class LinuxInteropTest {
    private static final long BYTES = 20_000_000L;
    private static final String STACK = "newreno";

    private static final List<String> NONE = List.of();
    private static final List<String> DELAY_AND_LOSS = List.of("--impair-delay", "5ms", "--impair-loss", "0.01");
    private static final List<String> DELAY_AND_REORDERING = List.of("--impair-delay", "5ms", "--impair-reorder", "0.25");

    private static LinuxNamespace namespace;

    @BeforeAll
    static void createNamespace() throws Exception {
        namespace = LinuxNamespace.create("newreno-1.0.0.zip");
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    @AfterEach
    void stopStartedProcesses() throws InterruptedException {
        if (namespace != null) {
            namespace.stopStartedProcesses();
        }
    }

    @Test
    void a1_linuxClientToNewRenoServer() throws Exception {
        linuxClientToOurServer(5001, NONE);
    }

    @Test
    void a2_newRenoClientToLinuxServer() throws Exception {
        ourClientToLinuxServer(5002, NONE);
    }

    @Test
    void b1_linuxClientToNewRenoServerWithDelayAndLoss() throws Exception {
        linuxClientToOurServer(5003, DELAY_AND_LOSS);
    }

    @Test
    void b2_newRenoClientToLinuxServerWithDelayAndLoss() throws Exception {
        ourClientToLinuxServer(5004, DELAY_AND_LOSS);
    }

    @Test
    void c1_linuxClientToNewRenoServerWithReordering() throws Exception {
        linuxClientToOurServer(5005, DELAY_AND_REORDERING);
    }

    @Test
    void c2_newRenoClientToLinuxServerWithReordering() throws Exception {
        ourClientToLinuxServer(5006, DELAY_AND_REORDERING);
    }

    @Test
    void d1_connectToAClosedLinuxPortIsRefused() throws Exception {
        Process client = namespace.start(namespace.perf("client", STACK, NONE, "--connect", LINUX + ":5999", "--bytes", "1000",
            "--json"));
        assertTrue(client.waitFor(60, TimeUnit.SECONDS), "perf client did not give up on a closed port");
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, client.exitValue(), err);
        assertTrue(err.toLowerCase().contains("refused"), "expected a connection-refused message, got: " + err);
    }

    /** The Linux peer sends and closes first; our server (impaired with {@code impairment}) reads to EOF. */
    private void linuxClientToOurServer(int port, List<String> impairment) throws Exception {
        Process server = namespace.start(namespace.perf("server", STACK, impairment, "--port", Integer.toString(port), "--once",
            "--json"));
        Process client = namespace.start(namespace.linuxPeer("client", OURS, Integer.toString(port), Long.toString(BYTES)));
        String sent = finish(client, "Linux client").json();
        String received = finish(server, "nsaas perf server").json();
        assertEquals(BYTES, field(received, "bytes"), received);
        assertEquals(text(sent, "sha256"), text(received, "sha256"), "hashes differ: sent " + sent + ", received " + received);
    }

    /** Our client (impaired with {@code impairment}) sends 20 MB and closes; the Linux server reads to EOF. */
    private void ourClientToLinuxServer(int port, List<String> impairment) throws Exception {
        Process server = namespace.start(namespace.linuxPeer("server", LINUX, Integer.toString(port)));
        awaitLine(server, "listening");
        Process client = namespace.start(namespace.perf("client", STACK, impairment, "--connect", LINUX + ":" + port, "--bytes",
            Long.toString(BYTES), "--json"));
        String sent = finish(client, "nsaas perf client").json();
        String received = finish(server, "Linux server").json();
        assertEquals(BYTES, field(received, "bytes"), received);
        assertEquals(text(sent, "sha256"), text(received, "sha256"), "hashes differ: sent " + sent + ", received " + received);
    }
}
