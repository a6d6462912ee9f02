package io.nsaas.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The executor must fail scripts whose expectations the stack does not meet, with a readable diff. */
class ScriptExecutorTest extends NewRenoPluginFixture {
    private static final String HANDSHAKE = """
        --tolerance_usecs=10000
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
           +0 bind(3, ..., ...) = 0
           +0 listen(3, 1) = 0
           +0 < S 0:0(0) win 65535 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>
           +0 > S. 0:0(0) ack 1 <...>
          +.1 < . 1:1(0) ack 1 win 257 <nop,nop,TS val 200 ecr 100>
           +0 accept(3, ..., ...) = 4
        """;
    private ScriptResult run(String text) {
        return PluginScriptRunner.runScript(ScriptParser.parse("x.pkt", text), plugin);
    }

    @Test
    void passesWhatTheStackDoes() {
        ScriptResult result = run(HANDSHAKE + "+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1 <nop,nop,TS val 1 ecr 200>\n");
        assertTrue(result.passed(), result.failure());
    }

    @Test
    void failsAWrongFieldWithADiffNamingTheLine() {
        ScriptResult result = run(HANDSHAKE + "+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 7 <nop,nop,TS val 1 ecr 200>\n");
        assertFalse(result.passed());
        assertTrue(result.failure().startsWith("x.pkt:10: expected > P. 1:101(100) ack 7"), result.failure());
        assertTrue(result.failure().contains("got > P. 1:101(100) ack 1") && result.failure().contains("ack 7 vs 1"), result.failure());
    }

    @Test
    void failsAPacketThatComesTooLate() {
        ScriptResult result = run(HANDSHAKE + "+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1 <nop,nop,TS val 1 ecr 200>\n"
            + "+.1 > P. 1:101(100) ack 1 <nop,nop,TS val 1 ecr 200>\n");
        assertFalse(result.passed());
        assertTrue(result.failure().contains("got no packet by 0.210000"), result.failure());
    }

    @Test
    void failsAnUnexpectedPacket() {
        ScriptResult result = run(HANDSHAKE + "+0 write(4, ..., 100) = 100\n+.1 close(4) = 0\n");
        assertFalse(result.passed());
        assertTrue(result.failure().startsWith("x.pkt:10: expected no packet before"), result.failure());
    }

    @Test
    void failsAWrongErrnoAndAWrongInfoValue() {
        ScriptResult errno = run(HANDSHAKE + "+0 read(4, ..., 100) = -1 ECONNRESET (Connection reset by peer)\n");
        assertTrue(errno.failure().contains("expected read() = -1 ECONNRESET; got -1 EAGAIN")
            || errno.failure().contains("it blocked"), errno.failure());
        ScriptResult info = run(HANDSHAKE + "+0 %{ assert tcpi_snd_cwnd == 3 }%\n");
        assertTrue(info.failure().startsWith("x.pkt:9: expected tcpi_snd_cwnd == 3; got 10"), info.failure());
    }

    @Test
    void checksTheReturnTimeOfABlockingCall() {
        String early = HANDSHAKE + "+0...0.2 read(4, ..., 1000) = 1000\n+.1 < P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 300 ecr 100>\n";
        ScriptResult result = run(early);
        assertFalse(result.passed());
        assertTrue(result.failure().contains("expected read() to return at 0.300000; it returned 1000 at 0.200000"), result.failure());
        String onTime = HANDSHAKE + "+0...0.1 read(4, ..., 1000) = 1000\n+.1 < P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 300 ecr 100>\n"
            + "+0~+.045 > . 1:1(0) ack 1001 <...>\n";
        assertTrue(run(onTime).passed(), run(onTime).failure());
    }

    @Test
    void mapsKnownSysctlsAndReportsTheRestInPluginMode() {
        ScriptResult result = run("`sysctl -q -e -w net.ipv4.tcp_sack=0`\n`sysctl -q -w net.ipv4.tcp_early_retrans=0`\n" + HANDSHAKE);
        assertTrue(result.passed(), result.failure());
        assertTrue(result.notes().contains("x.pkt:1: mapped tcp_sack=0 to stack option sack=false"), result.notes().toString());
        assertTrue(result.notes().contains("x.pkt:2: skipped in plugin mode: `sysctl -q -w net.ipv4.tcp_early_retrans=0`"
            + " (no stack option for net.ipv4.tcp_early_retrans)"), result.notes().toString());
    }

    @Test
    void aBlockingAcceptReturnsWhenTheHandshakeCompletes() {
        String script = """
                   0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
                  +0 bind(3, ..., ...) = 0
                  +0 listen(3, 1) = 0
            +0...0.1 accept(3, ..., ...) = 4
                  +0 < S 0:0(0) win 65535 <mss 1460,nop,wscale 7>
                  +0 > S. 0:0(0) ack 1 <...>
                 +.1 < . 1:1(0) ack 1 win 257
                  +0 write(4, ..., 10) = 10
                  +0 > P. 1:11(10) ack 1
            """;
        ScriptResult result = run(script);
        assertTrue(result.passed(), result.failure());
        ScriptResult late = run(script.replace("+0...0.1 accept", "+0...0.05 accept"));
        assertFalse(late.passed());
        assertTrue(late.failure().contains("expected accept() to return at 0.050000; still blocked"), late.failure());
    }

    @Test
    void aRelativeBlockingCallsReturnTimeCountsFromThePreviousEventLikeItsStart() {
        // accept returns at 0.1; the read starts at 0.15 and must return at 0.1 + 0.15 = 0.25, when the data comes
        String script = HANDSHAKE + "+.05...0.15 read(4, ..., 1000) = 1000\n"
            + "+.1 < P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 300 ecr 100>\n+0~+.045 > . 1:1(0) ack 1001 <...>\n";
        ScriptResult result = run(script);
        assertTrue(result.passed(), result.failure());
        ScriptResult late = run(script.replace("+.05...0.15", "+.05...0.2"));
        assertFalse(late.passed());
        assertTrue(late.failure().contains("expected read() to return at 0.300000"), late.failure());
    }

    @Test
    void sockNonblockMakesTheNewSocketNonBlocking() {
        String script = """
               0 socket(..., SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP) = 3
              +0 fcntl(3, F_GETFL) = 0x802 (flags O_RDWR|O_NONBLOCK)
              +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
              +0 > S 0:0(0) <...>
            """;
        assertTrue(run(script).passed(), run(script).failure());
        ScriptResult blocking = run(script.replace("|SOCK_NONBLOCK", "").replace("0x802", "0x2"));
        assertFalse(blocking.passed());
        assertTrue(blocking.failure().contains("expected connect() to return at once; it blocked"), blocking.failure());
    }

    @Test
    void aLargeInjectedPacketGoesInWholeAsPacketdrillsGsoPacketDoes() {
        String data = "+0 < P. 1:3001(3000) ack 1 win 257 <nop,nop,TS val 300 ecr 100>\n+0 > . 1:1(0) ack 3001 <...>\n"
            + "+0 %{ assert tcpi_segs_in == 2 }%\n";
        ScriptResult result = run("--mss=1000\n" + HANDSHAKE + data);
        assertTrue(result.passed(), result.failure());
    }

    @Test
    void anAckInjectedBeforeTheIsnIsKnownCarriesItsAckAsWritten() {
        ScriptResult result = run("""
               0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
              +0 bind(3, ..., ...) = 0
              +0 listen(3, 1) = 0
            +.1 < . 0:0(0) win 65535
              +0 > R 0:0(0)
            """);
        assertTrue(result.passed(), result.failure());
    }

    @Test
    void anExpectedMultiSegmentPacketMatchesTheSegmentsSentBackToBack() {
        String burst = HANDSHAKE + "+0 write(4, ..., 2896) = 2896\n+0 > P. 1:2897(2896) ack 1 <...>\n";
        ScriptResult result = run(burst);
        assertTrue(result.passed(), result.failure());
        ScriptResult tooLong = run(burst.replace("1:2897(2896)", "1:3001(3000)"));
        assertFalse(tooLong.passed());
        assertTrue(tooLong.failure().contains("got > P. 1:2897(2896) ack 1"), tooLong.failure());
        ScriptResult perSegment = run(HANDSHAKE + "+0 write(4, ..., 2896) = 2896\n+0 > . 1:1449(1448) ack 1 <...>\n"
            + "+0 > P. 1449:2897(1448) ack 1 <...>\n");
        assertTrue(perSegment.passed(), perSegment.failure());
    }

    @Test
    void tolerancePercentWidensTheWindowInProportionToTheWait() {
        // the retransmission comes 0.3 s (the RTO) after the original, 30 ms after the line's +.27:
        // 2% of 0.27 s is 5.4 ms, too little; 20% is 54 ms
        String script = HANDSHAKE.replace("--tolerance_usecs=10000", "--tolerance_usecs=1000\n--tolerance_percent=P")
            + "+0 write(4, ..., 100) = 100\n+0 > P. 1:101(100) ack 1 <...>\n+.27 > P. 1:101(100) ack 1 <...>\n";
        ScriptResult strict = run(script.replace("=P", "=2"));
        assertFalse(strict.passed());
        assertTrue(strict.failure().contains("got no packet by 0.375400"), strict.failure());
        ScriptResult wide = run(script.replace("=P", "=20"));
        assertTrue(wide.passed(), wide.failure());
    }

    @Test
    void bindToAWrittenSocketAddressListensOnItsPort() {
        String script = """
               0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
              +0 bind(3, {sa_family=AF_INET, sin_port=htons(9090), sin_addr=INADDR_ANY}, 16) = 0
              +0 listen(3, 1) = 0
              +0 < S 0:0(0) win 65535 <mss 1460,nop,wscale 7>
              +0 > S. 0:0(0) ack 1 <...>
            """;
        ScriptResult result = run(script);
        assertTrue(result.passed(), result.failure());
    }
}
