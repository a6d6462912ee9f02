package io.nsaas.conformance.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nsaas.conformance.wire.OutboundPacket;
import io.nsaas.conformance.wire.ScriptEvent;
import io.nsaas.conformance.wire.ScriptEvent.OptionSpec;
import io.nsaas.conformance.wire.ScriptEvent.ShellLine;
import io.nsaas.conformance.wire.ScriptParser;
import io.nsaas.conformance.wire.ShellOutcome;
import io.nsaas.conformance.wire.Syscall;
import io.nsaas.conformance.wire.Syscall.Op;
import io.nsaas.conformance.wire.WirePacket;
import io.nsaas.conformance.wire.WireScriptTck;
import io.nsaas.conformance.wire.WireTarget;
import io.nsaas.spi.Errno;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Linux target driven directly, packet by packet, as the script interpreter drives it. Root only. */
class LinuxWireTargetTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int PORT = 8080;
    private static final int PEER_PORT = 40000;
    private static final long PEER_ISN = 1_000;
    private static final Pattern SYSCTL_KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_-]+)+(?=\\s*=)");

    private LinuxWireTarget target;

    @BeforeEach
    void open() {
        String missing = LinuxWireTarget.unavailableReason();
        assumeTrue(missing == null, () -> "skipped: " + missing);
        target = LinuxWireTarget.open();
    }

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void passiveOpenAcceptsAfterTheThirdAckAndSendsWrittenData() {
        int listener = listen();
        assertEquals(WireTarget.BLOCKED, target.syscall(Syscall.onFd(Op.ACCEPT, listener, 0, 0)), "accept before any SYN blocks");

        target.inject(peer(WirePacket.SYN, PEER_ISN, 0, List.of(new OptionSpec("mss", List.of(1000L)))));
        WirePacket synAck = expectPacket();
        assertEquals(WirePacket.SYN | WirePacket.ACK, synAck.flags(), "SYN-ACK flags: " + synAck);
        assertEquals(PEER_ISN + 1, synAck.ack(), "SYN-ACK acknowledges the SYN");
        assertEquals(WireTarget.REMOTE_ADDRESS, synAck.destination());
        assertEquals(PORT, synAck.sourcePort());
        assertTrue(synAck.options().contains(new OptionSpec("mss", List.of(1460L))),
            "Linux announces mss 1460 on a 1500-byte TUN device: " + synAck.options());
        assertEquals(WireTarget.BLOCKED, target.pendingResult(), "accept still blocks before the third ACK");

        target.inject(peer(WirePacket.ACK, PEER_ISN + 1, synAck.seq() + 1, List.of()));
        long connection = awaitPending();
        assertTrue(connection > listener, "accept returns a new fd: " + connection);

        assertEquals(100, target.syscall(Syscall.onFd(Op.WRITE, (int) connection, 100, 0)));
        WirePacket data = expectPacket();
        assertEquals(100, data.payload(), "the written bytes go out in one segment: " + data);
        assertEquals(synAck.seq() + 1, data.seq());

        TcpInfo info = new TcpInfo();
        assertTrue(target.info((int) connection, info));
        assertEquals(TcpState.ESTABLISHED, info.state);
        assertEquals(1000, info.sndMss, "snd_mss is the peer's mss without timestamps");
        assertEquals(10, info.sndCwnd, "Linux's initial window");
        assertEquals(1, info.unacked);
        assertTrue(!target.info(999, info), "an fd the script never opened has no tcp_info");
    }

    @Test
    void nonBlockingSocketsReturnErrnoInsteadOfBlocking() {
        int listener = listen();
        assertEquals(0, target.syscall(Syscall.fcntl(listener, Syscall.F_SETFL, Syscall.O_NONBLOCK)));
        assertEquals(Syscall.O_NONBLOCK, target.syscall(Syscall.fcntl(listener, Syscall.F_GETFL, 0)) & Syscall.O_NONBLOCK);
        assertEquals(-Errno.EAGAIN, target.syscall(Syscall.onFd(Op.ACCEPT, listener, 0, 0)));
        assertEquals(0, target.syscall(Syscall.poll(listener, Syscall.POLLIN, 0)), "nothing to accept");

        int client = (int) target.syscall(Syscall.socket());
        assertEquals(0, target.syscall(Syscall.fcntl(client, Syscall.F_GETFL, 0)) & Syscall.O_NONBLOCK,
            "a new socket is blocking for the script");
        assertEquals(0, target.syscall(Syscall.fcntl(client, Syscall.F_SETFL, Syscall.O_NONBLOCK)));
        assertEquals(-Errno.EINPROGRESS, target.syscall(Syscall.withAddress(Op.CONNECT, client, WireTarget.REMOTE_ADDRESS, PORT)));
        WirePacket syn = expectPacket();
        assertEquals(WirePacket.SYN, syn.flags(), "connect sends a SYN to the script's address: " + syn);
        assertEquals(WireTarget.LOCAL_ADDRESS, syn.source());

        target.inject(new WirePacket(WireTarget.REMOTE_ADDRESS, WireTarget.LOCAL_ADDRESS, PORT, syn.sourcePort(), 0,
            WirePacket.RST | WirePacket.ACK, 0, syn.seq() + 1, 0, List.of(), 0).encode());
        target.advanceTo(target.nowNanos() + 20_000_000L);
        assertEquals(Errno.ECONNREFUSED, target.syscall(Syscall.option(Op.GETSOCKOPT, client, 1, 4, 0)),
            "SO_ERROR after a RST answering the SYN");
        assertEquals(-Errno.EBADF, target.syscall(Syscall.onFd(Op.CLOSE, 999, 0, 0)));
    }

    @Test
    void blockingPollTimesOutWithNoEvents() {
        int listener = listen();
        long start = target.nowNanos();
        assertEquals(WireTarget.BLOCKED, target.syscall(Syscall.poll(listener, Syscall.POLLIN, 50)));
        target.advanceTo(start + 20_000_000L);
        assertEquals(WireTarget.BLOCKED, target.pendingResult(), "still waiting 20 ms into a 50 ms poll");
        target.advanceTo(start + 60_000_000L);
        assertEquals(0, target.pendingResult(), "the poll timed out");
        assertNull(target.nextOutbound(target.nowNanos() + 10_000_000L), "a listener sends nothing");
    }

    @Test
    void shellLinesRunInTheScriptNamespaceOnly() throws Exception {
        String hostValue = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_ecn")).strip();
        String other = hostValue.equals("2") ? "1" : "2";
        ShellOutcome set = target.shell("sysctl -q -w net.ipv4.tcp_ecn=" + other);
        assertEquals(ShellOutcome.Kind.RAN, set.kind());
        assertEquals(0, set.exitCode(), set.note());
        ShellOutcome read = target.shell("test \"$(sysctl -n net.ipv4.tcp_ecn)\" = " + other);
        assertEquals(0, read.exitCode(), "the setting holds in the script's namespace");
        assertEquals(hostValue, Files.readString(Path.of("/proc/sys/net/ipv4/tcp_ecn")).strip(), "the host's value is untouched");
        assertEquals(3, target.shell("exit 3").exitCode());
    }

    /**
     * Every sysctl a corpus script sets must be one Linux keeps per network namespace, or the gate would
     * change the host; and the namespace runs reno whatever the host's default congestion control is.
     */
    @Test
    void theCorpusSysctlsStayInTheScriptNamespace() throws Exception {
        assertEquals(0, target.shell("test \"$(sysctl -n net.ipv4.tcp_congestion_control)\" = "
            + ScriptNamespace.CONGESTION_CONTROL).exitCode(), "the namespace's congestion control");
        int checked = 0;
        for (String name : WireScriptTck.corpus()) {
            for (ScriptEvent event : ScriptParser.parse(name, WireScriptTck.script(name)).events()) {
                if (!(event instanceof ShellLine shell) || !shell.command().startsWith("sysctl")) {
                    continue;
                }
                Matcher key = SYSCTL_KEY.matcher(shell.command());
                List<Path> files = new ArrayList<>();
                List<String> before = new ArrayList<>();
                while (key.find()) {
                    Path file = Path.of("/proc/sys", key.group().replace('.', '/'));
                    if (Files.exists(file)) {
                        files.add(file);
                        before.add(Files.readString(file));
                    }
                }
                assertEquals(0, target.shell(shell.command()).exitCode(), name + ": `" + shell.command() + "`");
                for (int i = 0; i < files.size(); i++) {
                    assertEquals(before.get(i), Files.readString(files.get(i)), name + ": `" + shell.command() + "` changed the host's "
                        + files.get(i) + "; only per-namespace sysctls may be set by a script");
                    checked++;
                }
            }
        }
        assertTrue(checked >= 4, "the corpus sets tcp_ecn, tcp_rmem, tcp_syn_linear_timeouts, tcp_early_retrans; checked " + checked);
    }

    @Test
    void shellLinesRunInTheGivenDirectory(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("defaults.sh"), "exit 7\n");
        assertEquals(127, target.shell("sh ./defaults.sh 2>/dev/null || exit 127").exitCode(), "not found in the JVM's directory");
        target.runShellLinesIn(directory);
        assertEquals(7, target.shell("sh ./defaults.sh").exitCode(), "found next to the script");
    }

    @Test
    void closeDeletesTheNamespace() throws Exception {
        long before = countNamespaces();
        target.close();
        target = null;
        assertEquals(before - 1, countNamespaces(), "the script's namespace is gone");
    }

    private static long countNamespaces() throws Exception {
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("nsaas-wire-")).count();
        }
    }

    private int listen() {
        int fd = (int) target.syscall(Syscall.socket());
        assertTrue(fd >= 0, "socket: " + fd);
        assertEquals(0, target.syscall(Syscall.withAddress(Op.BIND, fd, WireTarget.LOCAL_ADDRESS, PORT)));
        assertEquals(0, target.syscall(Syscall.onFd(Op.LISTEN, fd, 1, 0)));
        return fd;
    }

    private static byte[] peer(int flags, long seq, long ack, List<OptionSpec> options) {
        return new WirePacket(WireTarget.REMOTE_ADDRESS, WireTarget.LOCAL_ADDRESS, PEER_PORT, PORT, 0, flags, seq, ack,
            65_535, options, 0).encode();
    }

    private WirePacket expectPacket() {
        OutboundPacket packet = target.nextOutbound(target.nowNanos() + SECOND);
        assertNotNull(packet, "Linux sent nothing within 1 s");
        WirePacket decoded = WirePacket.decode(packet.ipv4());
        assertNotNull(decoded, "not an IPv4/TCP packet");
        return decoded;
    }

    private long awaitPending() {
        long deadline = target.nowNanos() + SECOND;
        long result;
        while ((result = target.pendingResult()) == WireTarget.BLOCKED && target.nowNanos() < deadline) {
            target.advanceTo(target.nowNanos() + 1_000_000L);
        }
        return result;
    }
}
