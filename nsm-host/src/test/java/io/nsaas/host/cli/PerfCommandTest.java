package io.nsaas.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.perf.ExpectedStream;
import io.nsaas.host.perf.StreamDigest;
import io.nsaas.host.perf.ToyPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nsaas perf} end to end through the CLI, with the real kernel plugin and the toy packet-level plugin. */
class PerfCommandTest {
    private static final Path PLUGINS = Paths.get(System.getProperty("nsaas.test.plugins", "../target/plugins"));
    private static final String HEX = "[0-9a-f]{64}";
    private static final String NUMBER = "[0-9]+\\.[0-9]{6}";
    private static final Pattern LOCAL_JSON = Pattern.compile("\\{\"bytes\":(\\d+),\"sha256\":\"(" + HEX + ")\",\"seconds\":"
        + NUMBER + ",\"gbps\":" + NUMBER + ",\"retransmits\":\\d+,\"server_bytes\":(\\d+),\"server_sha256\":\"(" + HEX
        + ")\",\"server_seconds\":" + NUMBER + ",\"server_gbps\":" + NUMBER + ",\"integrity\":\"ok\"}");
    private static final Pattern SERVER_JSON = Pattern.compile("\\{\"bytes\":(\\d+),\"sha256\":\"(" + HEX
        + ")\",\"seconds\":" + NUMBER + ",\"gbps\":" + NUMBER + "}");
    private static final Pattern CLIENT_JSON = Pattern.compile("\\{\"bytes\":(\\d+),\"sha256\":\"(" + HEX
        + ")\",\"seconds\":" + NUMBER + ",\"gbps\":" + NUMBER + ",\"retransmits\":\\d+}");

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

    private static String kernelPlugins() {
        assertTrue(Files.isRegularFile(PLUGINS.resolve("kernel-1.0.0.zip")),
            PLUGINS + "/kernel-1.0.0.zip is missing: build with mvn package first");
        return PLUGINS.toString();
    }

    private String toyPlugins() throws IOException, URISyntaxException {
        return ToyPlugin.writeInto(dir.resolve("toy-plugins")).toString();
    }

    private static Matcher matchOneLine(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text.strip());
        assertTrue(m.matches(), "not the expected JSON line: " + text);
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void localKernelRunPrintsOneJsonObjectWithEqualHashes() {
        assertEquals(0, run("perf", "local", "--stack", "kernel", "--plugins", kernelPlugins(), "--bytes", "8MB", "--json"),
            err.toString());

        Matcher m = matchOneLine(LOCAL_JSON, out.toString());
        assertEquals("8000000", m.group(1));
        assertEquals("8000000", m.group(3));
        assertEquals(ExpectedStream.sha256(8_000_000, 1), m.group(2));
        assertEquals(m.group(2), m.group(4));
    }

    @Test
    void localRunOverTheSwitchWithAPacketLevelPluginIsIntact() throws Exception {
        assertEquals(0, run("perf", "local", "--stack", "toy", "--plugins", toyPlugins(), "--bytes", "1MiB", "--seed", "0x2a"),
            err.toString());

        String text = out.toString();
        assertTrue(text.contains("integrity: ok"), text);
        assertTrue(text.contains("(1048576 bytes)") && text.contains("sha256 " + ExpectedStream.sha256(1 << 20, 42)), text);
    }

    @Test
    void serverOnceHashesWhatAJdkClientSent() throws Exception {
        int port = freePort();
        byte[] data = ExpectedStream.bytes(1_234_567, 77);
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() ->
            run("perf", "server", "--stack", "kernel", "--plugins", kernelPlugins(), "--port", String.valueOf(port),
                "--once", "--json"));

        try (Socket socket = connectWithRetry(port, server)) {
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "the server closes after the end of stream");
        }

        assertEquals(0, server.get(20, TimeUnit.SECONDS), err.toString());
        Matcher m = matchOneLine(SERVER_JSON, out.toString());
        assertEquals("1234567", m.group(1));
        assertEquals(sha256(data), m.group(2));
        assertTrue(err.toString().contains("nsaas perf server: listening on 0.0.0.0:" + port + " with stack kernel"),
            err.toString());
    }

    private static Socket connectWithRetry(int port, CompletableFuture<Integer> server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return socket;
            } catch (ConnectException e) {
                socket.close();
                if (server.isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("the perf server never listened (exit " + server.getNow(null) + ")", e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void clientSendsTheStreamToAJdkServerAndExitsZero() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String[]> received = CompletableFuture.supplyAsync(() -> readAll(listener));

            int exit = run("perf", "client", "--stack", "kernel", "--plugins", kernelPlugins(), "--connect",
                "127.0.0.1:" + listener.getLocalPort(), "--bytes", "3MiB", "--seed", "0x2a", "--json");

            assertEquals(0, exit, err.toString());
            String[] server = received.get(20, TimeUnit.SECONDS);
            Matcher m = matchOneLine(CLIENT_JSON, out.toString());
            assertEquals(String.valueOf(3 << 20), m.group(1));
            assertEquals(String.valueOf(3 << 20), server[0]);
            assertEquals(server[1], m.group(2));
            assertEquals(ExpectedStream.sha256(3 << 20, 42), m.group(2));
        }
    }

    /** Accepts one connection, reads it to the end, closes. @return {count, sha256} */
    private static String[] readAll(ServerSocket listener) {
        try (Socket socket = listener.accept(); InputStream in = socket.getInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            long count = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                count += n;
            }
            return new String[] {String.valueOf(count), StreamDigest.hex(sha.digest())};
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return StreamDigest.hex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void clientToAClosedPortExitsOneWithTheRefusal() throws IOException {
        int port = freePort();

        assertEquals(1, run("perf", "client", "--stack", "kernel", "--plugins", kernelPlugins(), "--connect",
            "127.0.0.1:" + port, "--bytes", "1KB"));

        assertTrue(err.toString().contains("nsaas perf client: cannot connect to 127.0.0.1:" + port
            + ": connection refused (ECONNREFUSED)"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void packetLevelStackWithoutTunAndAddressIsAUsageError() throws Exception {
        assertEquals(2, run("perf", "server", "--stack", "toy", "--plugins", toyPlugins(), "--port", "5201"));

        assertTrue(err.toString().contains("nsaas perf server: stack 'toy' is packet-level, so it needs --tun DEV and"
            + " --address CIDR"), err.toString());
    }

    @Test
    void packetLevelClientWithTunButNoAddressIsAUsageError() throws Exception {
        assertEquals(2, run("perf", "client", "--stack", "toy", "--plugins", toyPlugins(), "--tun", "nsaas0",
            "--connect", "10.0.0.1:5201", "--bytes", "1MB"));

        assertTrue(err.toString().contains("stack 'toy' is packet-level, so it needs --address CIDR"), err.toString());
    }

    @Test
    void kernelStackWithTunIsAUsageError() {
        assertEquals(2, run("perf", "server", "--stack", "kernel", "--plugins", kernelPlugins(), "--tun", "nsaas0",
            "--port", "5201"));

        assertTrue(err.toString().contains("stack 'kernel' is socket-level (host kernel sockets) and cannot use a TUN"
            + " device: leave out --tun"), err.toString());
    }

    @Test
    void ecnThresholdWithoutALinkRateIsAUsageError() throws Exception {
        assertEquals(2, run("perf", "client", "--stack", "toy", "--plugins", toyPlugins(), "--tun", "nsaas0", "--address",
            "10.0.0.2/24", "--connect", "10.0.0.1:5201", "--bytes", "1MB", "--ecn-threshold", "20"));

        assertTrue(err.toString().contains("nsaas perf client: --ecn-threshold 20 packets needs a link rate: without one no"
            + " queue builds to mark at"), err.toString());
    }

    @Test
    void ecnThresholdNotBelowTheQueueLimitIsAUsageError() throws Exception {
        assertEquals(2, run("perf", "server", "--stack", "toy", "--plugins", toyPlugins(), "--tun", "nsaas0", "--address",
            "10.0.0.2/24", "--port", "5201", "--link-rate", "100Mbps", "--link-queue", "10", "--ecn-threshold", "10"));

        assertTrue(err.toString().contains("--ecn-threshold 10 packets is not below the queue limit of 10 packets"),
            err.toString());
    }

    @Test
    void linkRateInBytesOrZeroIsAUsageError() throws Exception {
        String plugins = toyPlugins();
        assertEquals(2, run("perf", "server", "--stack", "toy", "--plugins", plugins, "--tun", "nsaas0", "--address",
            "10.0.0.2/24", "--port", "5201", "--link-rate", "10MBps"));
        assertTrue(err.toString().contains("Invalid value for option '--link-rate': '10MBps' is in bytes per second"),
            err.toString());
        assertEquals(2, run("perf", "server", "--stack", "toy", "--plugins", plugins, "--tun", "nsaas0", "--address",
            "10.0.0.2/24", "--port", "5201", "--link-rate", "0Mbps"));
        assertTrue(err.toString().contains("'0Mbps' is no rate at all"), err.toString());
    }

    @Test
    void kernelStackWithALinkRateIsAUsageError() {
        assertEquals(2, run("perf", "server", "--stack", "kernel", "--plugins", kernelPlugins(), "--port", "5201",
            "--link-rate", "100Mbps"));

        assertTrue(err.toString().contains("stack 'kernel' is socket-level (host kernel sockets), so --link-rate,"
            + " --link-queue and --ecn-threshold have nothing to act on"), err.toString());
    }

    @Test
    void badCidrIsAUsageError() {
        assertEquals(2, run("perf", "client", "--stack", "kernel", "--address", "10.0.0.1/33", "--connect",
            "127.0.0.1:5201", "--bytes", "1KB"));

        assertTrue(err.toString().contains("Invalid value for option '--address': '10.0.0.1/33' has prefix length 33 > 32"),
            err.toString());
    }

    @Test
    void cidrWithoutPrefixIsAUsageError() {
        assertEquals(2, run("perf", "server", "--stack", "kernel", "--address", "10.0.0.1", "--port", "5201"));

        assertTrue(err.toString().contains("'10.0.0.1' has no prefix length"), err.toString());
    }

    @Test
    void ambiguousOrMalformedByteCountsAreUsageErrors() {
        assertEquals(2, run("perf", "local", "--stack", "kernel", "--bytes", "1G"));
        assertTrue(err.toString().contains("Invalid value for option '--bytes': '1G' has the ambiguous unit 'G'"),
            err.toString());

        assertEquals(2, run("perf", "client", "--stack", "kernel", "--connect", "127.0.0.1:5201", "--bytes", "many"));
        assertTrue(err.toString().contains("'many' is not a byte count"), err.toString());
    }

    @Test
    void badEndpointPortAndSeedAreUsageErrors() {
        assertEquals(2, run("perf", "client", "--stack", "kernel", "--connect", "127.0.0.1", "--bytes", "1KB"));
        assertTrue(err.toString().contains("'127.0.0.1' has no port"), err.toString());

        assertEquals(2, run("perf", "server", "--stack", "kernel", "--port", "70000"));
        assertTrue(err.toString().contains("--port 70000 is outside 1..65535"), err.toString());

        assertEquals(2, run("perf", "local", "--stack", "kernel", "--bytes", "1KB", "--seed", "0"));
        assertTrue(err.toString().contains("seed 0 is not allowed"), err.toString());
    }

    @Test
    void impairmentValuesOutOfRangeAreUsageErrors() {
        assertEquals(2, run("perf", "server", "--stack", "kernel", "--port", "5201", "--impair-loss", "1.5"));
        assertTrue(err.toString().contains("Invalid value for option '--impair-loss': '1.5' is more than 1 (100%); write a"
            + " probability from 0 to 1 or a percentage from 0% to 100%"), err.toString());

        assertEquals(2, run("perf", "client", "--stack", "kernel", "--connect", "127.0.0.1:5201", "--bytes", "1KB",
            "--impair-reorder", "-0.1"));
        assertTrue(err.toString().contains("Invalid value for option '--impair-reorder': '-0.1' is not a probability"),
            err.toString());

        assertEquals(2, run("perf", "server", "--stack", "kernel", "--port", "5201", "--impair-delay", "5"));
        assertTrue(err.toString().contains("Invalid value for option '--impair-delay': '5' has no unit; write a number and"
            + " a unit ns, us, ms or s"), err.toString());

        assertEquals(2, run("perf", "server", "--stack", "kernel", "--port", "5201", "--impair-delay", "5ms",
            "--impair-seed", "many"));
        assertTrue(err.toString().contains("'--impair-seed'"), err.toString());
    }

    @Test
    void reorderingWithoutDelayIsAUsageError() {
        assertEquals(2, run("perf", "server", "--stack", "kernel", "--plugins", kernelPlugins(), "--port", "5201",
            "--impair-reorder", "25%"));

        assertTrue(err.toString().contains("nsaas perf server: --impair-reorder 0.25 needs --impair-delay above 0"),
            err.toString());
    }

    @Test
    void impairmentOnASocketLevelStackIsAUsageError() {
        assertEquals(2, run("perf", "client", "--stack", "kernel", "--plugins", kernelPlugins(), "--connect",
            "127.0.0.1:5201", "--bytes", "1KB", "--impair-delay", "5ms", "--impair-loss", "0.01"));

        assertTrue(err.toString().contains("nsaas perf client: stack 'kernel' is socket-level (host kernel sockets), so the"
            + " --impair-* options have nothing to act on"), err.toString());
    }

    @Test
    void unknownStackIsAUsageErrorNamingTheStartedOnes() {
        assertEquals(2, run("perf", "local", "--stack", "kernal", "--plugins", kernelPlugins(), "--bytes", "1KB"));

        assertTrue(err.toString().contains("nsaas perf local: no stack plugin 'kernal' in ")
            && err.toString().contains("(started: ") && err.toString().matches("(?s).*\\(started: [^)]*\\bkernel\\b.*") && err.toString().contains("); see nsaas stacks"), err.toString());
    }

    @Test
    void missingPluginDirectoryIsAUsageError() {
        Path missing = dir.resolve("nowhere");

        assertEquals(2, run("perf", "local", "--stack", "kernel", "--plugins", missing.toString(), "--bytes", "1KB"));

        assertTrue(err.toString().contains("plugin directory " + missing + " does not exist"), err.toString());
    }
}
