package io.nsaas.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.wire.ScriptEvent.AssertLine;
import io.nsaas.conformance.wire.ScriptEvent.PacketLine;
import io.nsaas.conformance.wire.ScriptEvent.ShellLine;
import io.nsaas.conformance.wire.ScriptEvent.SyscallLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptParserTest {

    @Test
    void parsesTimingForms() {
        WireScript script = ScriptParser.parse("t.pkt", """
            0.100 close(3) = 0
            +.2 close(3) = 0
            * > . 1:1(0) ack 1
            +0.1~+0.3 > . 1:1(0) ack 1
            +0...0.300 write(4, ..., 61000) = 61000
            """);
        List<ScriptEvent> e = script.events();
        assertEquals(new ScriptEvent.Timing(false, 100_000_000L, -1, false, false), e.get(0).timing());
        assertEquals(new ScriptEvent.Timing(true, 200_000_000L, -1, false, false), e.get(1).timing());
        assertTrue(e.get(2).timing().any());
        assertEquals(new ScriptEvent.Timing(true, 100_000_000L, 300_000_000L, true, false), e.get(3).timing());
        assertEquals(300_000_000L, ((SyscallLine) e.get(4)).blockingEnd());
    }

    @Test
    void parsesPacketFieldsOptionsAndEcn() {
        WireScript script = ScriptParser.parse("t.pkt", """
            +0 < [ce] SEW 0:0(0) win 65535 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>
            +0 > P. 1:1001(1000) ack 1 <nop,nop,sack 1001:2001 3001:4001>
            +0 > S. 0:0(0) ack 1 <...>
            """);
        PacketLine syn = (PacketLine) script.events().get(0);
        assertTrue(syn.inbound());
        assertEquals("ce", syn.ecn());
        assertEquals("SEW", syn.flags());
        assertEquals(65535, syn.window());
        assertEquals(5, syn.options().size());
        assertEquals(List.of(100L, 0L), syn.options().get(2).values());
        PacketLine data = (PacketLine) script.events().get(1);
        assertEquals(1000, data.payload());
        assertEquals(List.of(1001L, 2001L, 3001L, 4001L), data.options().get(2).values());
        assertTrue(((PacketLine) script.events().get(2)).anyOptions());
    }

    @Test
    void parsesSyscallsErrnoAssertionsShellAndHeader() {
        WireScript script = ScriptParser.parse("t.pkt", """
            // requirement: RFC9293-MUST-7, SC-X required
            // capability: SACK, ECN
            --tolerance_usecs=10000
            `sysctl -q net.ipv4.tcp_sack=0
             sysctl -q net.ipv4.tcp_timestamps=0`
            0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 setsockopt(3, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0 // a comment
            /* a block
               comment */
            +0 %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%
            """);
        assertTrue(script.required());
        assertEquals(List.of("RFC9293-MUST-7", "SC-X"), script.requirements());
        assertEquals(List.of("SACK", "ECN"), script.capabilities());
        assertEquals(10_000_000L, script.toleranceNanos());
        assertTrue(((ShellLine) script.events().get(0)).command().contains("tcp_timestamps=0"));
        SyscallLine connect = (SyscallLine) script.events().get(1);
        assertEquals("EINPROGRESS", connect.errno());
        assertEquals(-1, connect.result());
        assertEquals("{onoff=1, linger=0}", ((SyscallLine) script.events().get(2)).args().get(3));
        AssertLine assertion = (AssertLine) script.events().get(3);
        assertEquals("tcpi_snd_cwnd == 10", assertion.assertions().get(0).toString());
    }

    @Test
    void reportsFileLineAndWhatIsExpected() {
        assertMessage("t.pkt:2: unknown TCP flags 'X'", "0 close(3) = 0\n+0 < X 0:0(0)\n");
        assertMessage("t.pkt:2: expected a packet", "0 close(3) = 0\n+0 < S 0:0\n");
        assertMessage("t.pkt:1: a result of -1 needs an errno", "0 connect(3, ..., ...) = -1\n");
        assertMessage("t.pkt:1: unknown TCP option 'nope 1'", "0 < . 1:1(0) ack 1 <nope 1>\n");
        assertMessage("t.pkt:1: unbalanced brackets", "0 poll([{fd=3,\n  events=POLLIN}], 1, 0\n");
        assertUnsupported("t.pkt:1: expected a packet ('<' or '>'), a system call 'name(args) = result', %{ assert }% or a `shell` line,"
            + " got 'poll([{fd=3, events=POLLIN}], 1, 0) == 1'", "0 poll([{fd=3,\n  events=POLLIN}], 1, 0) == 1\n");
        assertMessage("t.pkt:1: sequence range 1:1001 spans 1000 bytes but the payload length is (10)",
            "0 > . 1:1001(10) ack 1\n");
        assertMessage("t.pkt:1: unknown constant or number 'SO_NOPE'", "0 setsockopt(3, SOL_SOCKET, SO_NOPE, [1], 4) = 0\n");
        assertMessage("t.pkt:1: unterminated backtick shell block", "`sysctl -q x=1\n");
        assertMessage("t.pkt:1: expected a time in seconds", "1.2.3 close(3) = 0\n");
        assertMessage("t.pkt:1: the options take 42 bytes; a TCP header holds at most 40",
            "0 < . 1:1(0) ack 1 <sack 1:2 3:4 5:6 7:8 9:10>\n");
    }

    @Test
    void parsesPacketdrillSpellingsOfTheSupportedSubset() {
        WireScript script = ScriptParser.parse("t.pkt", """
            --mss=1000
            --ip_version=ipv4
            --local_ip=192.168.0.1
            --remote_ip=192.0.2.1
            --tcp_ts_tick_usecs=1000
                0\tsocket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3
               +0\tfcntl(3, F_GETFL) = 0x2 (flags O_RDWR)
            +.002 ... 0.004 connect(3, ..., ...) = 0
               +0...0.010 poll([{fd=3,
                                 events=POLLIN|POLLOUT|POLLERR,   // a comment inside the call
                                 revents=POLLOUT}], 1, 100) = 1
            0.200 > .      1:1461 (1460) ack 1
             +.01 < - 1:1001(1000) win 20000
            0.300 < . 0:0(0) win 65535
               +0 %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd; \\
                     assert tcpi_backoff == 0   # a Python comment
                     }%
            """);
        List<ScriptEvent> e = script.events();
        assertEquals(List.of("...", "SOCK_STREAM|SOCK_NONBLOCK", "IPPROTO_TCP"), ((SyscallLine) e.get(0)).args());
        assertEquals(2, ((SyscallLine) e.get(1)).result());
        SyscallLine connect = (SyscallLine) e.get(2);
        assertEquals(2_000_000L, connect.timing().offset());
        assertEquals(4_000_000L, connect.blockingEnd());
        SyscallLine poll = (SyscallLine) e.get(3);
        assertEquals(9, poll.line());
        assertEquals((long) Syscall.POLLOUT, SyscallArgs.fields(poll.args().get(0)).get("revents"));
        assertEquals(1460, ((PacketLine) e.get(4)).payload());
        assertEquals(0, WirePacket.flagBits(((PacketLine) e.get(5)).flags()));
        assertEquals(-1, ((PacketLine) e.get(6)).ack());
        assertEquals(2, ((AssertLine) e.get(7)).assertions().size());
    }

    @Test
    void rejectsFeaturesOutsideTheSubsetWithOneLineNamingThem() {
        assertUnsupported("t.pkt:1: unsupported: IPv6", "--ip_version=ipv6\n");
        assertUnsupported("t.pkt:1: unsupported: zero-copy", "--send_omit_free\n");
        assertUnsupported("t.pkt:1: unsupported: --local_ip (addresses and ports are fixed", "--local_ip=10.0.0.1\n");
        assertUnsupported("t.pkt:1: unsupported: UDP", "0 socket(..., SOCK_DGRAM, IPPROTO_UDP) = 3\n");
        assertUnsupported("t.pkt:1: unsupported: IPv6", "0 socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 3\n");
        assertUnsupported("t.pkt:1: unsupported: ICMP packets", "0 < icmp unreachable frag_needed mtu 1200 [1:1461(1460)]\n");
        assertUnsupported("t.pkt:1: unsupported: UDP packets", "0 > udp (1472)\n");
        assertUnsupported("t.pkt:1: unsupported: system call epoll_create(): epoll", "0 epoll_create(1) = 5\n");
        assertUnsupported("t.pkt:2: unsupported: system call recvmsg(): struct msghdr", """
            0 close(3) = 0
            +0 recvmsg(3, {msg_name(...)=...,
                           msg_iov(1)=[{..., 1000}],
                           msg_flags=0}, 0) = 1000
            """);
        assertUnsupported("t.pkt:1: unsupported: system call ioctl()", "0 ioctl(4, SIOCINQ, [0]) = 0\n");
        assertUnsupported("t.pkt:1: unsupported: TCP Fast Open (TCP_FASTOPEN)", "0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [1], 4) = 0\n");
        assertUnsupported("t.pkt:1: unsupported: TCP Fast Open (MSG_FASTOPEN)", "0 sendto(3, ..., 0, MSG_FASTOPEN, ..., ...) = 0\n");
        assertUnsupported("t.pkt:1: unsupported: corking (MSG_MORE)", "0 send(4, ..., 40, MSG_MORE) = 40\n");
        assertUnsupported("t.pkt:1: unsupported: NULL buffer pointers", "0 write(4, NULL, 1000) = -1 EFAULT (Bad address)\n");
        assertUnsupported("t.pkt:1: unsupported: TCP option 'FO abcd1234' (TCP Fast Open)", "0 < S 0:10(10) win 32792 <mss 1460,FO abcd1234>\n");
        assertUnsupported("t.pkt:1: unsupported: TCP option 'md5", "0 < . 1:1(0) ack 1 win 514 <md5 000102,nop,nop>\n");
        assertUnsupported("t.pkt:1: unsupported: AccECN", "0 > [ect0] WA. 1:1(0) ack 1\n");
        assertUnsupported("t.pkt:1: unsupported: AccECN", "0 > [ect0] .6 1:1(0) ack 1\n");
        assertUnsupported("t.pkt:1: unsupported: urgent data", "0 < P. 1:2(1) ack 1 urg 1 win 257\n");
        assertUnsupported("t.pkt:1: unsupported: Python expression", "0 %{ assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0, tcpi_options }%\n");
        assertUnsupported("t.pkt:1: unsupported: Python code", "0 %{ print(tcpi_rtt) }%\n");
        assertUnsupported("t.pkt:1: unsupported: tcp_info field 'tcpi_ca_state'", "0 %{ assert tcpi_ca_state == TCP_CA_Recovery }%\n");
        assertUnsupported("t.pkt:1: unsupported: comparing tcpi_state with tcp_info fields", "0 %{ assert tcpi_state == TCP_CA_Open }%\n");
    }

    @Test
    void parsesIpv4SocketAddressesWithHtonsAndInetAddr() {
        WireScript script = ScriptParser.parse("t.pkt", """
               0 bind(3, {sa_family=AF_INET, sin_port=htons(9090), sin_addr=INADDR_ANY}, 16) = 0
              +0 connect(4, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("192.0.2.1")}, 16) = 0
            """);
        assertEquals(new SyscallArgs.SocketAddress(0, 9090), SyscallArgs.endpoint("bind", ((SyscallLine) script.events().get(0)).args().get(1)));
        assertEquals(new SyscallArgs.SocketAddress(WireTarget.REMOTE_ADDRESS, 8080),
            SyscallArgs.endpoint("connect", ((SyscallLine) script.events().get(1)).args().get(1)));
        assertUnsupported("t.pkt:1: unsupported: connect to 10.0.0.1",
            "0 connect(4, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"10.0.0.1\")}, 16) = 0\n");
        assertUnsupported("t.pkt:1: unsupported: IPv6", "0 bind(3, {sa_family=AF_INET6, sin_port=htons(80), sin_addr=INADDR_ANY}, 28) = 0\n");
        assertMessage("t.pkt:1: expected ... or {sa_family=AF_INET", "0 bind(3, {sa_family=AF_INET, sin_port=8080}, 16) = 0\n");
    }

    @Test
    void anExternalScriptGetsPacketdrillsTolerancePercentUnlessItSetsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("x.pkt"), "0 close(3) = 0\n");
        java.io.PrintStream out = new java.io.PrintStream(new java.io.ByteArrayOutputStream());
        assertEquals(12.5, ScriptParser.parseFileOrReport(file, out).tolerancePercent());
        assertEquals(0, ScriptParser.parse("x.pkt", "0 close(3) = 0\n").tolerancePercent(), "the corpus is timed strictly");
        java.nio.file.Files.writeString(file, "--tolerance_percent=2\n0 close(3) = 0\n");
        assertEquals(2, ScriptParser.parseFileOrReport(file, out).tolerancePercent());
    }

    private static void assertUnsupported(String prefix, String text) {
        assertMessage(prefix, text);
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> ScriptParser.parse("t.pkt", text));
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
    }

    private static void assertMessage(String prefix, String text) {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> ScriptParser.parse("t.pkt", text));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }

    @Test
    void everyCorpusScriptParsesAndDeclaresItsRequirements() {
        for (String name : WireScriptTck.corpus()) {
            WireScript script = ScriptParser.parse(name, WireScriptTck.script(name));
            assertTrue(!script.requirements().isEmpty(), name + " declares no '// requirement:' header");
            assertTrue(script.events().size() > 3, name);
        }
    }
}
