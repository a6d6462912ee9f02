package io.nsaas.host.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nsaas.host.cli.NsaasCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our NewReno stack against the Linux kernel's TCP, through a real TUN device, in a network namespace
 * of its own: {@code nsaas perf} runs in the namespace as the tenant 10.214.0.2/24 behind the TUN
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
    private static final String DEVICE = "nsaastun";
    private static final String LINUX = "10.214.0.1";
    private static final String OURS = "10.214.0.2";
    private static final Path PLUGINS = Paths.get(System.getProperty("nsaas.test.plugins", "../target/plugins")).toAbsolutePath();

    private static final String[] DELAY_AND_LOSS = {"--impair-delay", "5ms", "--impair-loss", "0.01"};
    private static final String[] DELAY_AND_REORDERING = {"--impair-delay", "5ms", "--impair-reorder", "0.25"};

    private static String namespace;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void createNamespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
            "Linux interop tests need root (network namespaces, TUN); skipped as " + System.getProperty("user.name"));
        assumeTrue(Files.exists(Paths.get("/dev/net/tun")), "Linux interop tests need /dev/net/tun; skipped");
        assumeTrue(run(List.of("ip", "-V")) == 0, "Linux interop tests need iproute2 (ip); skipped");
        assertTrue(Files.isRegularFile(PLUGINS.resolve("newreno-1.0.0.zip")), "newreno plugin zip missing in " + PLUGINS);
        namespace = "nsaas-it-" + Long.toHexString(new SplittableRandom().nextLong() & 0xFFFFFFL);
        check("ip", "netns", "add", namespace);
        inNamespace("ip", "link", "set", "lo", "up");
        inNamespace("ip", "tuntap", "add", "dev", DEVICE, "mode", "tun");
        inNamespace("ip", "addr", "add", LINUX + "/24", "dev", DEVICE);
        inNamespace("ip", "link", "set", DEVICE, "up");
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (namespace != null) {
            check("ip", "netns", "del", namespace);
            assertTrue(!Files.exists(Paths.get("/run/netns", namespace)), "namespace " + namespace + " is still there");
        }
    }

    /** A failed test may leave a peer running: it would hold the namespace's device and port. */
    @AfterEach
    void stopStartedProcesses() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }

    @Test
    void a1_linuxClientToNewRenoServer() throws Exception {
        linuxClientToOurServer(5001);
    }

    @Test
    void a2_newRenoClientToLinuxServer() throws Exception {
        ourClientToLinuxServer(5002);
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
        Process client = start(perf("client", new String[0], "--connect", LINUX + ":5999", "--bytes", "1000", "--json"));
        assertTrue(client.waitFor(60, TimeUnit.SECONDS), "perf client did not give up on a closed port");
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, client.exitValue(), err);
        assertTrue(err.toLowerCase().contains("refused"), "expected a connection-refused message, got: " + err);
    }

    private void linuxClientToOurServer(int port) throws Exception {
        linuxClientToOurServer(port, new String[0]);
    }

    /** The Linux peer sends and closes first; our server (impaired with {@code impairment}) reads to EOF. */
    private void linuxClientToOurServer(int port, String[] impairment) throws Exception {
        Process server = start(perf("server", impairment, "--port", Integer.toString(port), "--once", "--json"));
        Process client = start(inNamespaceCommand(javaCommand(LinuxPeer.class.getName(), "client", OURS, Integer.toString(port),
            Long.toString(BYTES))));
        String sent = lastJsonLine(client, "Linux client");
        String received = lastJsonLine(server, "nsaas perf server");
        assertEquals(BYTES, field(received, "bytes"), received);
        assertEquals(text(sent, "sha256"), text(received, "sha256"), "hashes differ: sent " + sent + ", received " + received);
    }

    private void ourClientToLinuxServer(int port) throws Exception {
        ourClientToLinuxServer(port, new String[0]);
    }

    /** Our client (impaired with {@code impairment}) sends 20 MB and closes; the Linux server reads to EOF. */
    private void ourClientToLinuxServer(int port, String[] impairment) throws Exception {
        Process server = start(inNamespaceCommand(javaCommand(LinuxPeer.class.getName(), "server", LINUX, Integer.toString(port))));
        awaitLine(server, "listening");
        Process client = start(perf("client", impairment, "--connect", LINUX + ":" + port, "--bytes", Long.toString(BYTES),
            "--json"));
        String sent = lastJsonLine(client, "nsaas perf client");
        String received = lastJsonLine(server, "Linux server");
        assertEquals(BYTES, field(received, "bytes"), received);
        assertEquals(text(sent, "sha256"), text(received, "sha256"), "hashes differ: sent " + sent + ", received " + received);
    }

    private static List<String> perf(String mode, String[] impairment, String... args) {
        List<String> command = new ArrayList<>(List.of("perf", mode, "--stack", "newreno", "--tun", DEVICE,
            "--address", OURS + "/24", "--plugins", PLUGINS.toString()));
        command.addAll(List.of(impairment));
        command.addAll(List.of(args));
        return inNamespaceCommand(javaCommand(NsaasCommand.class.getName(), command.toArray(String[]::new)));
    }

    private static String[] javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    private static List<String> inNamespaceCommand(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    private static void inNamespace(String... command) throws Exception {
        int rc = run(inNamespaceCommand(command));
        assertEquals(0, rc, "in namespace " + namespace + ": " + String.join(" ", command) + " failed");
    }

    private static void check(String... command) throws Exception {
        assertEquals(0, run(List.of(command)), String.join(" ", command) + " failed");
    }

    private static int run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private Process start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static void awaitLine(Process process, String expected) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("process ended before printing '" + expected + "': "
            + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Waits (bounded) for the process to end with exit 0 and returns the last JSON line it printed. */
    private static String lastJsonLine(Process process, String who) throws Exception {
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!err.isBlank()) {
            System.err.println(who + " stderr:\n" + err); // the impairment's counters, for the test log
        }
        assertTrue(ended, who + " did not finish in 180 s; stdout: " + out + "\nstderr: " + err);
        assertEquals(0, process.exitValue(), who + " failed; stdout: " + out + "\nstderr: " + err);
        String json = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                json = line;
            }
        }
        assertTrue(json != null, who + " printed no JSON; stdout: " + out + "\nstderr: " + err);
        System.err.println(who + ": " + json);
        return json;
    }

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    private static String text(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([0-9a-f]+)\"").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return m.group(1);
    }
}
