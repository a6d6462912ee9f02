package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nsaas.host.config.ConfigProblem;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad scenario is reported at its FILE:LINE with its key and what is expected; all at once. */
class ScenarioErrorsTest {
    @TempDir
    Path dir;

    private List<String> problems(String text) throws IOException {
        return problems(new ScenarioLoader(), text);
    }

    private List<String> problems(ScenarioLoader loader, String text) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, text);
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file));
        assertEquals(2, e.exitCode());
        assertEquals(String.join("\n", e.problems().stream().map(ConfigProblem::toString).toList()), e.getMessage());
        return Arrays.asList(e.getMessage().split("\n"));
    }

    private String at(int line) {
        return dir.resolve("bad.conf") + ":" + line + ": ";
    }

    @Test
    void namesAnUnknownKeyWithTheKeyItWasProbablyMeantToBe() throws IOException {
        assertEquals(List.of(
                at(1) + "durration: unknown key; did you mean duration?",
                at(1) + "duration: missing required key; expected a run length above 0, e.g. 10s or 200ms",
                at(2) + "bottleneck.rtae: unknown key; did you mean bottleneck.rate?",
                at(2) + "bottleneck.rate: missing required key; expected a number and a unit bps, kbps, Mbps, Gbps or Tbps,"
                    + " e.g. 1Gbps or 100Mbps",
                at(3) + "flows[0].strat: unknown key; did you mean flows[0].start?",
                at(4) + "colour: unknown key; expected one of name, seed, duration, mtu, bottleneck, flows (see README.md, nsaas sim)"),
            problems("""
                durration = 1s
                bottleneck { rtae = 1Gbps, delay = 50us, buffer = 100 packets }
                flows = [ { stack = newreno, strat = 0s } ]
                colour = blue
                """));
    }

    @Test
    void reportsMissingRequiredKeysWhereTheirSectionBegins() throws IOException {
        assertEquals(List.of(
                at(1) + "bottleneck: missing required key; expected bottleneck { rate = 1Gbps, delay = 50us, buffer = 100 packets }",
                at(1) + "flows: missing required key; expected a list of flows, e.g. [ { stack = newreno, start = 0s } ]"),
            problems("duration = 1s\n"));
        assertEquals(List.of(
                at(2) + "bottleneck.delay: missing required key; expected a one-way delay of 0 or more, e.g. 50us or 10ms",
                at(2) + "bottleneck.buffer: missing required key; expected a queue limit above 0: N packets, or bytes with a unit,"
                    + " e.g. 466 packets or 700KB",
                at(4) + "flows[0].stack: missing required key; expected a stack plugin id, e.g. newreno (see nsaas stacks)"),
            problems("""
                duration = 1s
                bottleneck { rate = 1Gbps }
                flows = [
                  { start = 0s }
                ]
                """));
    }

    @Test
    void rejectsZeroAndNegativeRatesNegativeDelaysAndBadUnits() throws IOException {
        String expectedRate = "expected a number and a unit bps, kbps, Mbps, Gbps or Tbps, e.g. 1Gbps or 100Mbps";
        String expectedDelay = "expected a one-way delay of 0 or more, e.g. 50us or 10ms";
        String expectedBuffer = "expected a queue limit above 0: N packets, or bytes with a unit, e.g. 466 packets or 700KB";
        String body = """
            bottleneck {
              rate = %s
              delay = %s
              buffer = %s
            }
            flows = [ { stack = newreno } ]
            duration = 1s
            """;
        assertEquals(List.of(
                at(2) + "bottleneck.rate: '-1Gbps' is negative; " + expectedRate,
                at(3) + "bottleneck.delay: '-50us' is negative; " + expectedDelay,
                at(4) + "bottleneck.buffer: '466 pakets' has the unknown unit 'pakets'; " + expectedBuffer),
            problems(body.formatted("-1Gbps", "-50us", "466 pakets")));
        assertEquals(List.of(
                at(2) + "bottleneck.rate: '0Gbps' is zero; expected a rate above 0, e.g. 1Gbps",
                at(3) + "bottleneck.delay: '50 sec' has the unknown unit 'sec'; " + expectedDelay,
                at(4) + "bottleneck.buffer: '700' has no unit; " + expectedBuffer),
            problems(body.formatted("0Gbps", "50 sec", "700")));
        assertEquals(List.of(
                at(2) + "bottleneck.rate: '125MBps' is in bytes per second; link rates are in bits per second; " + expectedRate,
                at(3) + "bottleneck.delay: '50' has no unit; " + expectedDelay,
                at(4) + "bottleneck.buffer: '1k' has the ambiguous unit 'k'; " + expectedBuffer),
            problems(body.formatted("125MBps", "50", "1k")));
        assertEquals(List.of(
                at(2) + "bottleneck.rate: '1 gigabit' has the unknown unit 'gigabit'; " + expectedRate,
                at(4) + "bottleneck.buffer: is zero; " + expectedBuffer),
            problems(body.formatted("1 gigabit", "0", "0 packets")));
    }

    @Test
    void rejectsAByteBufferSmallerThanOnePacket() throws IOException {
        assertEquals(List.of(at(3) + "bottleneck.buffer: is 1000 bytes, less than one packet of the MTU (1500 bytes);"
                + " expected at least 1500 bytes, or a number of packets"),
            problems("""
                duration = 1s
                bottleneck { rate = 1Gbps, delay = 50us,
                  buffer = 1KB }
                flows = [ { stack = newreno } ]
                """));
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() throws IOException {
        assertEquals(List.of(
                at(3) + "bottleneck.loss: 1.5 is outside [0,1]; expected a number from 0 to 1, e.g. 0.01",
                at(4) + "bottleneck.duplicate: -0.1 is outside [0,1]; expected a number from 0 to 1, e.g. 0.01",
                at(5) + "bottleneck.reorder: is the string 'often'; expected a number from 0 to 1, e.g. 0.01",
                at(6) + "bottleneck.corrupt: is a list; expected a number from 0 to 1, e.g. 0.01"),
            problems("""
                bottleneck {
                  rate = 1Gbps, delay = 50us, buffer = 100 packets
                  loss = 1.5
                  duplicate = -0.1
                  reorder = often
                  corrupt = [0.1]
                }
                duration = 1s
                flows = [ { stack = newreno } ]
                """));
    }

    @Test
    void rejectsARunThatLastsNoTimeAndAnEmptyFlowList() throws IOException {
        assertEquals(List.of(
                at(1) + "duration: is zero; expected a run length above 0, e.g. 10s or 200ms",
                at(3) + "flows: is empty; expected at least one flow, e.g. [ { stack = newreno, start = 0s } ]"),
            problems("""
                duration = 0s
                bottleneck { rate = 1Gbps, delay = 50us, buffer = 100 packets }
                flows = []
                """));
        assertEquals(List.of(at(1) + "duration: '-1s' is negative; expected a run length above 0, e.g. 10s or 200ms"),
            problems("""
                duration = -1s
                bottleneck { rate = 1Gbps, delay = 50us, buffer = 100 packets }
                flows = [ { stack = newreno } ]
                """));
    }

    @Test
    void rejectsFlowsThatStartTooLateOrSendNothing() throws IOException {
        String expectedBytes = "expected a byte count above 0, e.g. 50MB or 1000000 (omit to send until the end)";
        assertEquals(List.of(
                at(4) + "flows[0].start: starts at 2s, not before the end of the run at 2s;"
                    + " expected a start time from 0 to before the end of the run, e.g. 0s or 2s",
                at(5) + "flows[1].start: starts at 2.5s, not before the end of the run at 2s;"
                    + " expected a start time from 0 to before the end of the run, e.g. 0s or 2s",
                at(6) + "flows[2].bytes: is zero; " + expectedBytes,
                at(7) + "flows[3].bytes: '-5MB' is negative; " + expectedBytes,
                at(8) + "flows[4].bytes: is in packets; " + expectedBytes,
                at(9) + "flows[5]: is the string 'newreno'; expected a flow object, e.g. { stack = newreno, start = 0s }"),
            problems("""
                duration = 2s
                bottleneck { rate = 1Gbps, delay = 50us, buffer = 100 packets }
                flows = [
                  { stack = newreno, start = 2s }
                  { stack = newreno, start = 2500ms }
                  { stack = newreno, bytes = 0 }
                  { stack = newreno, bytes = -5MB }
                  { stack = newreno, bytes = 10 packets }
                  newreno
                ]
                """));
    }

    @Test
    void checksStacksAgainstTheLoadedPacketLevelStacksWhenGivenThem() throws IOException {
        ScenarioLoader loader = new ScenarioLoader(List.of(stack("newreno", Capability.PACKET_LEVEL),
            stack("cubic", Capability.PACKET_LEVEL), stack("kernel", Capability.SOCKET_LEVEL)));
        String expected = "expected one of cubic, newreno (the loaded packet-level stacks; see nsaas stacks)";
        assertEquals(List.of(
                at(4) + "flows[0].stack: unknown stack 'newrneo'; did you mean newreno?; " + expected,
                at(5) + "flows[1].stack: is empty; " + expected,
                at(6) + "flows[2].stack: 'kernel' is a socket-level stack; the simulator runs packet-level stacks only; " + expected,
                at(7) + "flows[3].stack: unknown stack 'bbr'; " + expected),
            problems(loader, """
                duration = 2s
                bottleneck { rate = 1Gbps, delay = 50us, buffer = 100 packets }
                flows = [
                  { stack = newrneo }
                  { stack = "" }
                  { stack = kernel }
                  { stack = bbr }
                  { stack = cubic }
                ]
                """));
    }

    @Test
    void reportsASyntaxErrorAtItsLine() throws IOException {
        List<String> problems = problems("""
            duration = 1s
            bottleneck { rate = 1Gbps
            flows = [ { stack = newreno } ]
            """);
        assertEquals(1, problems.size());
        assertEquals(true, problems.get(0).startsWith(dir.resolve("bad.conf") + ":"), problems.get(0));
        assertEquals(true, problems.get(0).contains(": syntax error: "), problems.get(0));
        assertEquals(true, problems.get(0).endsWith("; expected HOCON syntax (see README.md, nsaas sim)"), problems.get(0));
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("nope.conf");
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().load(missing));
        assertEquals(missing + ": file not found; expected a readable scenario file (HOCON; see README.md, nsaas sim)", e.getMessage());
    }

    @Test
    void splitsAFlowsWhereIntoFileAndLine() {
        ScenarioException e = new ScenarioException("/tmp/a:b.conf:12", "flows[1].stack", "no such stack", "one of x");
        assertEquals("/tmp/a:b.conf", e.problems().get(0).origin().file());
        assertEquals(12, e.problems().get(0).origin().line());
        assertEquals("/tmp/a:b.conf:12: flows[1].stack: no such stack; expected one of x", e.getMessage());
        assertEquals("x.conf: bad", new ScenarioException("x.conf", null, "bad", null).getMessage());
    }

    private static LoadedStack stack(String id, Capability level) {
        StackDescriptor descriptor = new StackDescriptor(id, "1.0.0", id, Set.of(level));
        return new LoadedStack(id, "1.0.0", new NetworkStack() {
            @Override
            public StackDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
                throw new UnsupportedOperationException("the loader only reads descriptors");
            }
        });
    }
}
