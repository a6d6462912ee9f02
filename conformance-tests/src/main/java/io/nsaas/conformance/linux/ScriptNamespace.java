package io.nsaas.conformance.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A network namespace of its own for one script run, the way packetdrill sets up Linux: a TUN device
 * {@value #DEVICE} holding the local address 192.168.0.1/24 and a route sending 192.0.2.0/24 (the
 * script's remote address) out through the device; IPv6 off so the kernel sends nothing else on it;
 * {@code gso_max_segs 1} so TCP builds one segment per buffer, as without GSO: otherwise Linux sizes its
 * buffers by pacing rate (two or more segments each) and sets PSH on the last segment of each buffer,
 * which makes a script's PSH flags depend on the measured RTT; congestion control {@value #CONGESTION_CONTROL}
 * whatever the host's default is.
 * Sysctls a script sets change only this namespace's values; {@link #close} deletes the namespace
 * and with it the device, so nothing global stays changed.
 *
 * <p>Sockets and the TUN descriptor belong to the namespace of the thread that creates them:
 * {@link #inside} runs such a creation with the calling thread switched into the namespace
 * ({@code setns}) and back. Every other call acts on the descriptor and needs no switch.
 *
 * <p>Not thread-safe: one thread (the script's) uses it.
 */
final class ScriptNamespace implements AutoCloseable {
    /** The TUN device in the namespace. */
    static final String DEVICE = "nsaaswire0";
    /**
     * The congestion control of the namespace. A new namespace inherits the host's default, which may be
     * anything (bbr here, and BBR keeps ssthresh infinite), so the corpus's cwnd and ssthresh asserts would
     * depend on the machine the gate runs on. Reno (RFC 5681) is built into every kernel and is the one
     * algorithm a namespace other than the initial one may always choose; the others only when listed in
     * the host's net.ipv4.tcp_allowed_congestion_control (EPERM otherwise: cubic is not, here).
     */
    static final String CONGESTION_CONTROL = "reno";
    private static final long COMMAND_SECONDS = 30;
    private static final String PREFIX = "nsaas-wire-";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final LinuxLibC libc;
    private final jnr.ffi.Runtime runtime;
    private final String name;
    private final int namespaceFd;
    private final int homeFd;

    private ScriptNamespace(LinuxLibC libc, String name, int namespaceFd, int homeFd) {
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.name = name;
        this.namespaceFd = namespaceFd;
        this.homeFd = homeFd;
    }

    /**
     * @return null when this process can create script namespaces, else one line saying what is
     *         missing (root, {@code /dev/net/tun}, iproute2)
     */
    static String unavailableReason(LinuxLibC libc) {
        if (libc.geteuid() != 0) {
            return "the Linux reference target needs root (network namespace, TUN device); running as uid " + libc.geteuid();
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return "the Linux reference target needs /dev/net/tun (modprobe tun)";
        }
        try {
            if (run(List.of("ip", "-V")).exitCode() != 0) {
                return "the Linux reference target needs iproute2 (ip)";
            }
        } catch (IOException e) {
            return "the Linux reference target needs iproute2 (ip): " + e.getMessage();
        }
        return null;
    }

    /**
     * Creates the namespace with its device up, addressed and routed.
     *
     * @throws IllegalStateException when a setup command fails (its output in the message)
     */
    static ScriptNamespace create(LinuxLibC libc) {
        if (SEQUENCE.get() == 0) {
            deleteLeftovers();
        }
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        checked(List.of("ip", "netns", "add", name));
        int namespaceFd = -1;
        int homeFd = -1;
        try {
            checked(List.of("ip", "netns", "exec", name, "/bin/sh", "-c", String.join(" && ",
                "sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1",
                "sysctl -q -w net.ipv4.tcp_congestion_control=" + CONGESTION_CONTROL,
                "ip link set lo up",
                "ip tuntap add dev " + DEVICE + " mode tun",
                "ip link set dev " + DEVICE + " gso_max_segs 1",
                "ip addr add 192.168.0.1/24 dev " + DEVICE,
                "ip link set " + DEVICE + " up",
                "ip route add 192.0.2.0/24 dev " + DEVICE)));
            namespaceFd = libc.open("/run/netns/" + name, LinuxLibC.O_RDONLY | LinuxLibC.O_CLOEXEC);
            homeFd = libc.open("/proc/thread-self/ns/net", LinuxLibC.O_RDONLY | LinuxLibC.O_CLOEXEC);
            if (namespaceFd < 0 || homeFd < 0) {
                throw new IllegalStateException("cannot open the namespace files of " + name + ": errno "
                    + jnr.ffi.Runtime.getRuntime(libc).getLastError());
            }
            return new ScriptNamespace(libc, name, namespaceFd, homeFd);
        } catch (RuntimeException e) {
            closeQuietly(libc, namespaceFd);
            closeQuietly(libc, homeFd);
            deleteQuietly(name);
            throw e;
        }
    }

    /** @return the namespace's name (for {@code ip netns exec}) */
    String name() {
        return name;
    }

    /**
     * Runs {@code creation} (a {@code socket} or TUN open) with the calling thread inside the namespace.
     *
     * @return what {@code creation} returned
     * @throws IllegalStateException when the thread cannot enter or leave the namespace
     */
    int inside(IntSupplier creation) {
        if (libc.setns(namespaceFd, LinuxLibC.CLONE_NEWNET) < 0) {
            throw new IllegalStateException("setns into " + name + " failed: errno " + runtime.getLastError());
        }
        try {
            return creation.getAsInt();
        } finally {
            if (libc.setns(homeFd, LinuxLibC.CLONE_NEWNET) < 0) {
                throw new IllegalStateException("setns back from " + name + " failed: errno " + runtime.getLastError()
                    + "; this thread is left in the script namespace");
            }
        }
    }

    /**
     * Waits until the attached device's operational state leaves "down" (Linux activates its queueing
     * discipline asynchronously after the carrier comes on; until then it drops what it routes there).
     * Reads the namespace's own {@code /sys}, which {@code ip netns exec} mounts.
     *
     * @return false when {@code timeoutMillis} passed first
     */
    boolean awaitDeviceUp(long timeoutMillis) {
        long tries = Math.max(1, timeoutMillis / 10);
        try {
            return shell("for i in $(seq " + tries + "); do s=$(cat /sys/class/net/" + DEVICE + "/operstate);"
                + " [ \"$s\" = up ] || [ \"$s\" = unknown ] && exit 0; sleep 0.01; done; exit 1", null).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code command} with {@code /bin/sh -c} in the namespace, in {@code directory} (the JVM's when null). */
    Outcome shell(String command, Path directory) throws IOException {
        return run(List.of("ip", "netns", "exec", name, "/bin/sh", "-c", command), directory);
    }

    /** Deletes the namespace; its device and any socket still open in it go away with it. */
    @Override
    public void close() {
        closeQuietly(libc, namespaceFd);
        closeQuietly(libc, homeFd);
        deleteQuietly(name);
    }

    /** What a command printed (stdout and stderr together) and its exit status; -1 when it hung. */
    record Outcome(int exitCode, String output) {
    }

    static Outcome run(List<String> command) throws IOException {
        return run(command, null);
    }

    private static Outcome run(List<String> command, Path directory) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(-1, output);
        }
        return new Outcome(process.exitValue(), output);
    }

    private static void checked(List<String> command) {
        Outcome outcome;
        try {
            outcome = run(command);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + outcome.exitCode() + "): " + outcome.output());
        }
    }

    /**
     * Deletes the namespaces of script runs whose JVM ended without closing them (killed mid-script):
     * their names carry the pid of a process that no longer exists.
     */
    private static void deleteLeftovers() {
        String[] names = Path.of("/run/netns").toFile().list();
        for (String name : names == null ? new String[0] : names) {
            String[] parts = name.startsWith(PREFIX) ? name.substring(PREFIX.length()).split("-") : new String[0];
            if (parts.length == 2 && parts[0].chars().allMatch(Character::isDigit) && !parts[0].isEmpty()
                && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                deleteQuietly(name);
            }
        }
    }

    private static void deleteQuietly(String name) {
        try {
            run(new ArrayList<>(List.of("ip", "netns", "del", name)));
        } catch (IOException ignored) {
            // best effort: the namespace file stays in /run/netns and says which run left it
        }
    }

    private static void closeQuietly(LinuxLibC libc, int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }
}
