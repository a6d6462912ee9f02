package io.nsaas.host.interop;

import static io.nsaas.host.interop.LinuxNamespace.DEVICE;
import static io.nsaas.host.interop.LinuxNamespace.LINUX;
import static io.nsaas.host.interop.LinuxNamespace.OURS;
import static io.nsaas.host.interop.LinuxNamespace.awaitLine;
import static io.nsaas.host.interop.LinuxNamespace.field;
import static io.nsaas.host.interop.LinuxNamespace.finish;
import static io.nsaas.host.interop.LinuxNamespace.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.interop.LinuxNamespace.Finished;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our CUBIC (with the stack option {@code ecn=on}) and DCTCP against the Linux kernel's TCP with ECN
 * ({@code net.ipv4.tcp_ecn=1} in the namespace, RFC 3168) through a CE-marking bottleneck, 20 MB each
 * way with equal SHA-256, in a network namespace of its own ({@link LinuxNamespace}); and the fallback
 * when Linux does not do ECN ({@code tcp_ecn=0}). Needs root; skips with a message otherwise.
 *
 * <p><b>Where the marks come from.</b> This machine's kernel has no marking qdisc: {@code fq_codel},
 * {@code codel}, {@code fq}, {@code red}, {@code pie}, {@code fq_pie}, {@code choke}, {@code cake}
 * and {@code netem} are all "Specified qdisc kind is unknown" (only {@code pfifo_fast}, {@code tbf}
 * and {@code htb} exist, and there is no {@code /lib/modules} to load more). And what our stack sends
 * reaches Linux's TCP through the TUN device's receive side without passing any Linux qdisc. So both
 * directions use {@code nsaas perf}'s own bottleneck between the TUN device and its switch
 * ({@link io.nsaas.host.fabric.link.EmulatedLink}, one per direction): {@code --link-rate 100Mbps}
 * (well below the roughly 450 Mbit/s the unshaped TUN path carries here, so the queue builds in the
 * bottleneck), {@code --link-queue 1000} and {@code --ecn-threshold 20}: ECT packets that arrive while
 * 20 or more packets are queued are set to CE (step marking, DCTCP's K).
 *
 * <p><b>Linux's sender.</b> The default congestion control here is BBR, which ignores ECN; a network
 * namespace other than the host's may only pick one of {@code net.ipv4.tcp_allowed_congestion_control}
 * (here reno and bbr; setting cubic fails with EPERM), so the namespace uses reno, which halves its
 * window once per window of data on ECE.
 *
 * <p><b>What is observable, and asserted.</b> Ours: the {@code ecn} object of {@code nsaas perf}'s JSON
 * (present only when ECN was negotiated: CE received, ECE received, reductions, CWR sent). The
 * bottleneck's CE marks per direction: the {@code TUN link ...: ... ce marks N} lines perf logs on
 * stderr. Linux's: the namespace's {@code nstat} counters {@code IpExtInECT0Pkts} and
 * {@code IpExtInCEPkts} (ECT(0) and CE packets Linux received), {@code TcpExtTCPDeliveredCE} (packets
 * Linux's sender saw acknowledged with ECE) and {@code TcpRetransSegs}, read before and after each transfer.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class LinuxEcnInteropTest {
    private static final long BYTES = 20_000_000L;
    private static final List<String> BOTTLENECK = List.of("--link-rate", "100Mbps", "--link-queue", "1000",
        "--ecn-threshold", "20");
    private static final List<String> CUBIC_WITH_ECN = List.of("--stack-option", "ecn=on");
    private static final List<String> NOTHING = List.of();
    private static final String[] LINUX_COUNTERS = {"IpExtInECT0Pkts", "IpExtInCEPkts", "TcpExtTCPDeliveredCE", "TcpRetransSegs"};
    /** A sender that answers the echo keeps the queue mostly below K: far fewer than half its packets are marked. */
    private static final double MOST_MARKED = 0.5;

    private static LinuxNamespace namespace;

    @BeforeAll
    static void createNamespace() throws Exception {
        namespace = LinuxNamespace.create("cubic-1.0.0.zip", "dctcp-1.0.0.zip");
        namespace.sysctl("net.ipv4.tcp_congestion_control", "reno");
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
    void a1_cubicSendsToLinuxAndAnswersItsEcnEcho() throws Exception {
        ourSenderReactsToLinuxEcho("cubic", CUBIC_WITH_ECN, 6001);
    }

    @Test
    void a2_linuxSendsToCubicWhichEchoesCe() throws Exception {
        ourReceiverEchoesCeToLinux("cubic", CUBIC_WITH_ECN, 6002);
    }

    @Test
    void b1_dctcpSendsToLinuxAndAnswersItsEcnEcho() throws Exception {
        ourSenderReactsToLinuxEcho("dctcp", NOTHING, 6003);
    }

    /**
     * Also RFC 8257 3.2: the DCTCP receiver's ACK boundaries follow the CE state (an ACK with the old state
     * goes out at once when it flips), so every CE packet, and only those, is acknowledged with ECE: Linux's
     * count of packets delivered with ECE equals ours of CE packets, when it retransmitted nothing (a
     * retransmission is Not-ECT and leaves the echo state alone, so it may be acknowledged either way). One
     * more when Linux's FIN came alone after a CE packet: it is Not-ECT too, and its ACK still carries ECE.
     */
    @Test
    void b2_linuxSendsToDctcpWhichEchoesCe() throws Exception {
        Transfer t = ourReceiverEchoesCeToLinux("dctcp", NOTHING, 6004);
        if (t.linuxDelta[3] == 0) {
            long ce = field(t.ours, "ce_received");
            assertTrue(t.linuxDelta[2] == ce || t.linuxDelta[2] == ce + 1,
                "per-packet echo: Linux saw exactly our CE packets (and perhaps its FIN) acknowledged with ECE: " + t.summary());
        }
    }

    @Test
    void c1_cubicWithEcnOnFallsBackToALinuxReceiverWithoutEcn() throws Exception {
        namespace.sysctl("net.ipv4.tcp_ecn", "0");
        Transfer t = ourClientToLinuxServer("cubic", CUBIC_WITH_ECN, 6005);
        assertFalse(t.ours.contains("\"ecn\":"), "Linux with tcp_ecn=0 refused ECN, so none was negotiated: " + t.ours);
        assertNoEcnOnTheWire(t);
    }

    @Test
    void c2_dctcpFallsBackToALinuxSenderWithoutEcn() throws Exception {
        namespace.sysctl("net.ipv4.tcp_ecn", "0");
        Transfer t = linuxClientToOurServer("dctcp", NOTHING, 6006);
        assertFalse(t.ours.contains("\"ecn\":"), "Linux with tcp_ecn=0 did not ask for ECN: " + t.ours);
        assertNoEcnOnTheWire(t);
    }

    /** (i) Our stack sends: the bottleneck marks our ECT(0) data, Linux receives CE and echoes ECE, we reduce and send CWR. */
    private void ourSenderReactsToLinuxEcho(String stack, List<String> options, int port) throws Exception {
        namespace.sysctl("net.ipv4.tcp_ecn", "1");
        Transfer t = ourClientToLinuxServer(stack, options, port);
        assertTrue(t.ours.contains("\"ecn\":{"), "ECN negotiated with Linux: " + t.ours);
        assertTrue(t.linuxDelta[0] > 0, "Linux received our data as ECT(0): " + t.summary());
        assertTrue(t.toLinux.ceMarks > 0, "the bottleneck marked our data: " + t.summary());
        assertTrue(t.linuxDelta[1] > 0 && t.linuxDelta[1] <= t.toLinux.ceMarks,
            "Linux received the CE marks (no more than were set): " + t.summary());
        assertTrue(field(t.ours, "ece_received") > 0, "Linux echoed the marks as ECE: " + t.summary());
        assertTrue(field(t.ours, "reductions") > 0 && field(t.ours, "cwr_sent") > 0,
            "our sender reduced its window and said so with CWR: " + t.summary());
        assertTrue(t.toLinux.ceMarks < MOST_MARKED * t.toLinux.offered,
            "our sender kept the queue mostly below the threshold: " + t.summary());
    }

    /** (ii) Linux sends: the bottleneck marks Linux's ECT data, we count CE and echo ECE, Linux's sender sees it. */
    private Transfer ourReceiverEchoesCeToLinux(String stack, List<String> options, int port) throws Exception {
        namespace.sysctl("net.ipv4.tcp_ecn", "1");
        Transfer t = linuxClientToOurServer(stack, options, port);
        assertTrue(t.ours.contains("\"ecn\":{"), "ECN negotiated with Linux: " + t.ours);
        assertTrue(t.fromLinux.ceMarks > 0, "the bottleneck marked Linux's data: " + t.summary());
        long ce = field(t.ours, "ce_received");
        assertTrue(ce > 0 && ce <= t.fromLinux.ceMarks, "our receiver counted the CE marks (no more than were set): "
            + t.summary());
        assertTrue(t.linuxDelta[2] > 0, "Linux's sender saw our ECE echo (TcpExtTCPDeliveredCE): " + t.summary());
        assertTrue(t.fromLinux.ceMarks < MOST_MARKED * t.fromLinux.offered,
            "Linux's sender answered the echo and kept the queue mostly below the threshold: " + t.summary());
        return t;
    }

    private static void assertNoEcnOnTheWire(Transfer t) {
        assertEquals(0, t.toLinux.ceMarks + t.fromLinux.ceMarks, "no ECT packet, so no mark: " + t.summary());
        assertEquals(0, t.linuxDelta[0] + t.linuxDelta[1], "Linux received no ECT or CE packet: " + t.summary());
        assertTrue(t.toLinux.offered > 0 && t.fromLinux.offered > 0, "both directions passed the bottleneck: " + t.summary());
    }

    /** Our client sends 20 MB through the bottleneck and closes; the Linux server reads to EOF. */
    private Transfer ourClientToLinuxServer(String stack, List<String> options, int port) throws Exception {
        long[] before = linuxCounters();
        Process server = namespace.start(namespace.linuxPeer("server", LINUX, Integer.toString(port)));
        awaitLine(server, "listening");
        Process client = namespace.start(namespace.perf("client", stack, perfOptions(options), "--connect", LINUX + ":" + port,
            "--bytes", Long.toString(BYTES), "--json"));
        Finished ours = finish(client, "nsaas perf client (" + stack + ")");
        Finished linux = finish(server, "Linux server");
        return checked(stack + " -> Linux", ours, linux, before);
    }

    /** The Linux client sends 20 MB through the bottleneck and closes first; our server reads to EOF. */
    private Transfer linuxClientToOurServer(String stack, List<String> options, int port) throws Exception {
        long[] before = linuxCounters();
        Process server = namespace.start(namespace.perf("server", stack, perfOptions(options), "--port", Integer.toString(port),
            "--once", "--json"));
        Process client = namespace.start(namespace.linuxPeer("client", OURS, Integer.toString(port), Long.toString(BYTES)));
        Finished linux = finish(client, "Linux client");
        Finished ours = finish(server, "nsaas perf server (" + stack + ")");
        return checked("Linux -> " + stack, ours, linux, before);
    }

    private static List<String> perfOptions(List<String> stackOptions) {
        List<String> all = new ArrayList<>(BOTTLENECK);
        all.addAll(stackOptions);
        return all;
    }

    /** Checks the transfer's integrity and gathers its figures (printed for the test log). */
    private Transfer checked(String what, Finished ours, Finished linux, long[] before) throws Exception {
        assertEquals(BYTES, field(ours.json(), "bytes"), ours.json());
        assertEquals(BYTES, field(linux.json(), "bytes"), linux.json());
        assertEquals(text(linux.json(), "sha256"), text(ours.json(), "sha256"),
            "hashes differ: ours " + ours.json() + ", Linux " + linux.json());
        long[] after = linuxCounters();
        long[] delta = new long[after.length];
        for (int i = 0; i < after.length; i++) {
            delta[i] = after[i] - before[i];
        }
        Transfer t = new Transfer(what, ours.json(), LinkCounts.of(ours.stderr(), "switch -> " + DEVICE),
            LinkCounts.of(ours.stderr(), DEVICE + " -> switch"), delta);
        System.err.println("ECN interop figures: " + t.summary());
        return t;
    }

    /** @return the namespace's {@link #LINUX_COUNTERS}, in that order */
    private static long[] linuxCounters() throws Exception {
        String out = namespace.output("nstat", "-asz");
        long[] values = new long[LINUX_COUNTERS.length];
        for (int i = 0; i < values.length; i++) {
            Matcher m = Pattern.compile("(?m)^" + LINUX_COUNTERS[i] + "\\s+(\\d+)").matcher(out);
            assertTrue(m.find(), LINUX_COUNTERS[i] + " missing in nstat's output: " + out);
            values[i] = Long.parseLong(m.group(1));
        }
        return values;
    }

    /** One direction of the bottleneck, from the line perf logs when it ends. */
    private record LinkCounts(long offered, long queueDrops, long ceMarks) {
        static LinkCounts of(String stderr, String direction) {
            Matcher m = Pattern.compile("TUN link " + Pattern.quote(direction)
                + ": offered (\\d+), delivered \\d+, lost \\d+, queue drops (\\d+), ce marks (\\d+)").matcher(stderr);
            assertTrue(m.find(), "no counters of the bottleneck " + direction + " in perf's log: " + stderr);
            return new LinkCounts(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        }
    }

    /** A checked transfer: our side's JSON line, the bottleneck's counters, and the deltas of {@link #LINUX_COUNTERS}. */
    private record Transfer(String what, String ours, LinkCounts toLinux, LinkCounts fromLinux, long[] linuxDelta) {
        String summary() {
            StringBuilder linux = new StringBuilder();
            for (int i = 0; i < LINUX_COUNTERS.length; i++) {
                linux.append(i == 0 ? "" : ", ").append(LINUX_COUNTERS[i]).append(' ').append(linuxDelta[i]);
            }
            return what + ": ours " + ours + "; bottleneck to Linux " + toLinux + ", from Linux " + fromLinux + "; Linux " + linux;
        }
    }
}
