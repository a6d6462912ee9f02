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

/**
 * The fixture of the Linux interop tests: a network namespace of its own with a TUN device
 * {@value #DEVICE}, where Linux is {@value #LINUX}/24 and our stack, run by {@code nsaas perf} in the
 * namespace behind the device, is {@value #OURS}/24; and the processes a test starts there (perf, the
 * {@link LinuxPeer}). {@link #create} skips the calling test class (JUnit assumption) when not root,
 * without {@code /dev/net/tun} or without iproute2; {@link #close} deletes the namespace and with it
 * the device, also when a process is left running.
 */
final class LinuxNamespace implements AutoCloseable {
    static final String DEVICE = "nsaastun";
    static final String LINUX = "10.214.0.1";
    static final String OURS = "10.214.0.2";
    static final Path PLUGINS = Paths.get(System.getProperty("nsaas.test.plugins", "../target/plugins")).toAbsolutePath();

    /** How long a transfer's process may take before the test fails. */
    private static final long PROCESS_SECONDS = 180;

    private final String name;
    private final List<Process> started = new ArrayList<>();

    private LinuxNamespace(String name) {
        this.name = name;
    }

    /**
     * Skips the test class unless this is root with a TUN device and iproute2, checks that the plugin
     * zips {@code pluginZips} are built, and makes the namespace with its device up.
     */
    static LinuxNamespace create(String... pluginZips) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
            "Linux interop tests need root (network namespaces, TUN); skipped as " + System.getProperty("user.name"));
        assumeTrue(Files.exists(Paths.get("/dev/net/tun")), "Linux interop tests need /dev/net/tun; skipped");
        assumeTrue(run(List.of("ip", "-V")) == 0, "Linux interop tests need iproute2 (ip); skipped");
        for (String zip : pluginZips) {
            assertTrue(Files.isRegularFile(PLUGINS.resolve(zip)), zip + " missing in " + PLUGINS + ": build with mvn package first");
        }
        LinuxNamespace namespace = new LinuxNamespace("nsaas-it-" + Long.toHexString(new SplittableRandom().nextLong() & 0xFFFFFFL));
        check(List.of("ip", "netns", "add", namespace.name));
        namespace.exec("ip", "link", "set", "lo", "up");
        namespace.exec("ip", "tuntap", "add", "dev", DEVICE, "mode", "tun");
        namespace.exec("ip", "addr", "add", LINUX + "/24", "dev", DEVICE);
        namespace.exec("ip", "link", "set", DEVICE, "up");
        return namespace;
    }

    /** Deletes the namespace (and the device); fails when it is still there. */
    @Override
    public void close() throws Exception {
        check(List.of("ip", "netns", "del", name));
        assertTrue(!Files.exists(Paths.get("/run/netns", name)), "namespace " + name + " is still there");
    }

    /** A failed test may leave a process running: it would hold the namespace's device and port. */
    void stopStartedProcesses() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }

    /** Runs {@code command} in the namespace; fails unless it exits 0. */
    void exec(String... command) throws Exception {
        assertEquals(0, run(command(command)), "in namespace " + name + ": " + String.join(" ", command) + " failed");
    }

    /** Sets a per-namespace sysctl such as {@code net.ipv4.tcp_ecn}; the host's value stays as it is. */
    void sysctl(String key, String value) throws Exception {
        exec("sysctl", "-q", "-w", key + "=" + value);
    }

    /** @return {@code command} prefixed to run in the namespace */
    List<String> command(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    /** @return the command line of {@code nsaas perf MODE --stack STACK} in the namespace, on the TUN device as {@link #OURS} */
    List<String> perf(String mode, String stack, List<String> options, String... args) {
        List<String> command = new ArrayList<>(List.of("perf", mode, "--stack", stack, "--tun", DEVICE,
            "--address", OURS + "/24", "--plugins", PLUGINS.toString()));
        command.addAll(options);
        command.addAll(List.of(args));
        return command(javaCommand(NsaasCommand.class.getName(), command.toArray(String[]::new)));
    }

    /** @return the command line of {@link LinuxPeer} with {@code args} in the namespace */
    List<String> linuxPeer(String... args) {
        return command(javaCommand(LinuxPeer.class.getName(), args));
    }

    /** Starts {@code command}; {@link #stopStartedProcesses} ends it if the test does not. */
    Process start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static String[] javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    private static void check(List<String> command) throws Exception {
        assertEquals(0, run(command), String.join(" ", command) + " failed");
    }

    static int run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** @return what {@code command} in the namespace printed on stdout; fails unless it exits 0 */
    String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
            "in namespace " + name + ": " + String.join(" ", command) + " failed: " + out);
        return out;
    }

    /** Reads the process's stdout up to the line {@code expected}; fails when it ends first. */
    static void awaitLine(Process process, String expected) throws IOException {
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

    /** What a process that ended with exit 0 printed: its last JSON line and its stderr. */
    record Finished(String json, String stderr) {
    }

    /** Waits (bounded) for the process to end with exit 0; prints its stderr and JSON line for the test log. */
    static Finished finish(Process process, String who) throws Exception {
        boolean ended = process.waitFor(PROCESS_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!err.isBlank()) {
            System.err.println(who + " stderr:\n" + err); // the link stages' counters, for the test log
        }
        assertTrue(ended, who + " did not finish in " + PROCESS_SECONDS + " s; stdout: " + out + "\nstderr: " + err);
        assertEquals(0, process.exitValue(), who + " failed; stdout: " + out + "\nstderr: " + err);
        String json = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                json = line;
            }
        }
        assertTrue(json != null, who + " printed no JSON; stdout: " + out + "\nstderr: " + err);
        System.err.println(who + ": " + json);
        return new Finished(json, err);
    }

    /** @return the whole-number field {@code name} of a JSON line (the first one of that name) */
    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    /** @return the hex string field {@code name} of a JSON line */
    static String text(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([0-9a-f]+)\"").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return m.group(1);
    }
}
