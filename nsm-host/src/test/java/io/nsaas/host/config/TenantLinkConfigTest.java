package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.link.LinkProfile;
import io.nsaas.host.fabric.link.LinkSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsaas.tenants.<id>.link}: parsed with the scenario bottleneck's keys, units and messages. */
class TenantLinkConfigTest {
    private static final String RATE = "expected a number and a unit bps, kbps, Mbps, Gbps or Tbps, e.g. 1Gbps or 100Mbps";
    private static final String DELAY = "expected a one-way delay of 0 or more, e.g. 50us or 10ms";
    private static final String BUFFER = "expected a queue limit above 0: N packets, or bytes with a unit, e.g. 466 packets or 700KB";
    private static final String THRESHOLD = "expected a marking threshold K of 0 or more: N packets, or bytes with a unit,"
        + " e.g. 20 packets or 30KB (omit for no marking)";
    private static final String PROBABILITY = "expected a number from 0 to 1, e.g. 0.01";
    private static final String MTU = "expected the IP MTU in bytes, 576..65535, e.g. 1500";

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    /** vm-a with {@code link { <body> }}: the link opens on line 6, and each line of the body follows it. */
    private static String withLink(String body) {
        return ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack = newreno
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
              link {
            %s
              }
            }
            """.formatted(body);
    }

    private String at(int line) {
        return dir.resolve("host.conf") + ":" + line + ": ";
    }

    private LinkProfile link(String body) {
        return fixture.load(withLink(body)).tenant("vm-a").link();
    }

    @Test
    void readsEveryKeyWithTheScenarioUnits() {
        LinkProfile link = link("""
            rate = 100Mbps
            delay = 5ms
            buffer = 700KB
            ecn-threshold = 20 packets
            loss = 0.01
            duplicate = 0.002
            reorder = 0.5
            corrupt = 1
            mtu = 9000
            """);

        assertEquals(new LinkProfile(100_000_000L, 5_000_000L, LinkSpec.NONE, 700_000L, 20, LinkSpec.NONE,
            0.01, 0.002, 0.5, 1.0, 9000), link);
    }

    @Test
    void anEmptyLinkHasNoRateLimitNoDelayAThousandPacketBufferAndMtu1500() {
        LinkProfile link = link("");

        assertEquals(new LinkProfile(LinkSpec.UNLIMITED_RATE, 0, 1000, LinkSpec.NONE, LinkSpec.NONE, LinkSpec.NONE,
            0, 0, 0, 0, 1500), link);
        assertEquals("rate = unlimited, delay = 0s, buffer = 1000 packets, ecn-threshold = none, loss = 0, duplicate = 0,"
            + " reorder = 0, corrupt = 0, mtu = 1500", LinkSectionReader.describe(link));
    }

    @Test
    void aTenantWithoutLinkHasNone() {
        assertNull(fixture.load(ConfigFixture.HOST + ConfigFixture.VM_A).tenant("vm-a").link());
    }

    @Test
    void describeWritesTheLinkInItsOwnSyntax() {
        LinkProfile link = link("rate = 2.5Gbps, delay = 50us, buffer = 64KiB, ecn-threshold = 30KB, loss = 0.25");

        assertEquals("rate = 2.5 Gbps, delay = 50us, buffer = 65536B, ecn-threshold = 30000B, loss = 0.25, duplicate = 0,"
            + " reorder = 0, corrupt = 0, mtu = 1500", LinkSectionReader.describe(link));
        assertEquals(link, link(LinkSectionReader.describe(link)), "the description reads back as the same link");
    }

    @Test
    void reportsEveryBadValueAtItsLineAllAtOnce() {
        List<String> problems = fixture.problems(withLink("""
            rate = -1Gbps
            delay = 50
            buffer = 700
            ecn-threshold = 2.5 packets
            loss = 1.5
            duplicate = -0.1
            reorder = often
            corrupt = [ 0.1 ]
            mtu = 100
            """));

        assertEquals(List.of(
            at(7) + "nsaas.tenants.vm-a.link.rate: '-1Gbps' is negative; " + RATE,
            at(8) + "nsaas.tenants.vm-a.link.delay: '50' has no unit; " + DELAY,
            at(9) + "nsaas.tenants.vm-a.link.buffer: '700' has no unit; " + BUFFER,
            at(10) + "nsaas.tenants.vm-a.link.ecn-threshold: '2.5 packets' is not a whole number of packets or bytes; " + THRESHOLD,
            at(11) + "nsaas.tenants.vm-a.link.loss: 1.5 is outside [0,1]; " + PROBABILITY,
            at(12) + "nsaas.tenants.vm-a.link.duplicate: -0.1 is outside [0,1]; " + PROBABILITY,
            at(13) + "nsaas.tenants.vm-a.link.reorder: is the string 'often'; " + PROBABILITY,
            at(14) + "nsaas.tenants.vm-a.link.corrupt: is a list; " + PROBABILITY,
            at(15) + "nsaas.tenants.vm-a.link.mtu: is 100, outside 576..65535; " + MTU), problems);
    }

    @Test
    void reportsRatesAsTheScenarioDoes() {
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.rate: '0Gbps' is zero; expected a rate above 0, e.g. 1Gbps"),
            fixture.problems(withLink("rate = 0Gbps")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.rate: '125MBps' is in bytes per second; link rates are in bits"
            + " per second; " + RATE), fixture.problems(withLink("rate = 125MBps")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.rate: '1 gigabit' has the unknown unit 'gigabit'; " + RATE),
            fixture.problems(withLink("rate = 1 gigabit")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.rate: '100' has no unit; " + RATE),
            fixture.problems(withLink("rate = 100")));
    }

    @Test
    void reportsDelaysAsTheScenarioDoes() {
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.delay: '-5ms' is negative; " + DELAY),
            fixture.problems(withLink("delay = -5ms")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.delay: '5 sec' has the unknown unit 'sec'; " + DELAY),
            fixture.problems(withLink("delay = 5 sec")));
    }

    @Test
    void reportsBuffersAsTheScenarioDoes() {
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.buffer: is zero; " + BUFFER),
            fixture.problems(withLink("buffer = 0 packets")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.buffer: '1k' has the ambiguous unit 'k'; " + BUFFER),
            fixture.problems(withLink("buffer = 1k")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.buffer: is 1000 bytes, less than one packet of the MTU"
            + " (1500 bytes); expected at least 1500 bytes, or a number of packets"), fixture.problems(withLink("buffer = 1KB")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.buffer: is 3000000000 packets; expected at most 2147483647 packets"),
            fixture.problems(withLink("buffer = 3000000000 packets")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.ecn-threshold: '-1 packets' is negative; " + THRESHOLD),
            fixture.problems(withLink("ecn-threshold = -1 packets")));
    }

    @Test
    void aByteBufferIsCheckedAgainstTheLinksOwnMtu() {
        assertEquals(9000, link("buffer = 9000B, mtu = 9000").queueLimitBytes());
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.buffer: is 8999 bytes, less than one packet of the MTU"
            + " (9000 bytes); expected at least 9000 bytes, or a number of packets"),
            fixture.problems(withLink("buffer = 8999B, mtu = 9000")));
    }

    @Test
    void refusesALinkThatWouldNeedTooMuchMemory() {
        List<String> problems = fixture.problems(withLink("buffer = 100000 packets, mtu = 65535"));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(at(6) + "nsaas.tenants.vm-a.link: link (each direction) needs "), problems.get(0));
        assertTrue(problems.get(0).contains(" MB to hold its queue limit and bandwidth-delay product"), problems.get(0));
        assertTrue(problems.get(0).endsWith("lower the queue limit, rate or delay"), problems.get(0));
    }

    @Test
    void reportsUnknownKeysWithASuggestionOrTheKnownKeys() {
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.lost: unknown key; did you mean nsaas.tenants.vm-a.link.loss?"),
            fixture.problems(withLink("lost = 0.1")));
        assertEquals(List.of(at(7) + "nsaas.tenants.vm-a.link.jitter: unknown key; expected one of rate, delay, buffer,"
            + " ecn-threshold, loss, duplicate, reorder, corrupt, mtu (see CONFIG.md)"),
            fixture.problems(withLink("jitter = 1ms")));
    }

    @Test
    void aLinkThatIsNotAnObjectIsReportedAtItsLine() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack = newreno
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
              link = 100Mbps
            }
            """;

        assertEquals(List.of(at(6) + "nsaas.tenants.vm-a.link: is the string '100Mbps'; expected an object: link { rate ="
            + " 100Mbps, delay = 5ms, buffer = 1000 packets, loss = 0.0, ... } (see CONFIG.md)"), fixture.problems(text));
    }

    @Test
    void linkProblemsComeTogetherWithTheTenantsOtherProblems() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack = newreno
              address = "10.0.0.300/24"
              token = "token-of-vm-a-0123456789"
              nsm = "Bad Name"
              link { delay = 5 }
            }
            """;

        List<String> problems = fixture.problems(text);

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(at(4) + "nsaas.tenants.vm-a.address:"), problems.toString());
        assertTrue(problems.get(1).startsWith(at(6) + "nsaas.tenants.vm-a.nsm:"), problems.toString());
        assertEquals(at(7) + "nsaas.tenants.vm-a.link.delay: '5' has no unit; " + DELAY, problems.get(2));
    }

    @Test
    void theLinksOriginIsRecorded() {
        TenantConfig tenant = fixture.load(withLink("delay = 5ms")).tenant("vm-a");

        assertEquals(at(6).replace(": ", ""), tenant.originOf("link").toString());
        assertEquals(at(7).replace(": ", ""), tenant.originOf("link.delay").toString());
        assertEquals(at(6).replace(": ", ""), tenant.originOf("link.rate").toString(), "an unwritten key falls back to the link");
    }
}
