package io.nsaas.conformance.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.TcpInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * packetdrill's timing rules in the executor, against a target whose timers fire late the way Linux's
 * do: a relative time counts from the previous outbound packet's actual send time, and leading shell
 * lines run before the clock starts.
 */
class ScriptTimingTest {
    private static final long MS = 1_000_000L;
    private static final String SYNS = """
        --tolerance_usecs=40000
           0 > S 0:0(0)
          +1 > S 0:0(0)
          +2 > S 0:0(0)
        """;

    @Test
    void lateTimersDoNotAddUpOverRelativeLines() {
        // each retransmission 30 ms after its RFC time counted from the previous one: 0, 1.03, 3.06
        ScriptResult result = ScriptExecutor.run(ScriptParser.parse("syn.pkt", SYNS), new LateSynTarget(0, 1030 * MS, 3060 * MS));
        assertTrue(result.passed(), result.failure());
    }

    @Test
    void anAbsoluteTimeStillCountsFromTheStart() {
        String absolute = SYNS.replace("+2 > S", "3 > S");
        ScriptResult result = ScriptExecutor.run(ScriptParser.parse("syn.pkt", absolute), new LateSynTarget(0, 1030 * MS, 3060 * MS));
        assertFalse(result.passed());
        assertTrue(result.failure().startsWith("syn.pkt:4: expected > S 0:0(0) at 3.000000; got no packet by 3.040000"), result.failure());
    }

    @Test
    void aPacketLateBeyondTheToleranceFromThePreviousOneFails() {
        ScriptResult result = ScriptExecutor.run(ScriptParser.parse("syn.pkt", SYNS), new LateSynTarget(0, 1030 * MS, 3080 * MS));
        assertFalse(result.passed());
        assertTrue(result.failure().startsWith("syn.pkt:4: expected > S 0:0(0) at 3.030000; got no packet by 3.070000"), result.failure());
    }

    @Test
    void leadingShellLinesRunBeforeTheClockStarts() {
        LateSynTarget target = new LateSynTarget(0, 1000 * MS, 3000 * MS);
        ScriptResult result = ScriptExecutor.run(ScriptParser.parse("syn.pkt", "`sysctl -q a=1`\n`sysctl -q b=2`\n" + SYNS), target);
        assertTrue(result.passed(), result.failure());
        assertEquals(List.of("shell sysctl -q a=1", "shell sysctl -q b=2", "clock started"), target.calls);
    }

    @Test
    void aShellLineLaterInTheScriptCountsFromWhenItFinished() {
        String script = SYNS.replace("  +2 > S", "  +0 `sleep`\n  +2 > S");
        LateSynTarget target = new LateSynTarget(0, 1000 * MS, 3050 * MS);
        ScriptResult result = ScriptExecutor.run(ScriptParser.parse("syn.pkt", script), target);
        assertTrue(result.passed(), result.failure());
        assertEquals(List.of("shell sleep"), target.calls, "a shell line after the first event does not restart the clock");
    }

    /** Sends SYNs at the given times; a shell line takes 50 ms of its clock. */
    private static final class LateSynTarget implements WireTarget {
        private final ArrayDeque<Long> synTimes = new ArrayDeque<>();
        private final List<String> calls = new ArrayList<>();
        private long now;

        LateSynTarget(long... synNanos) {
            for (long t : synNanos) {
                synTimes.add(t);
            }
        }

        @Override
        public String describe() {
            return "late SYN timers";
        }

        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public void startClock() {
            calls.add("clock started");
            now = 0;
        }

        @Override
        public void advanceTo(long nanos) {
            now = Math.max(now, nanos);
        }

        @Override
        public void inject(byte[] ipv4) {
            throw new AssertionError("nothing is injected");
        }

        @Override
        public OutboundPacket nextOutbound(long deadlineNanos) {
            Long next = synTimes.peek();
            if (next == null || next > deadlineNanos) {
                advanceTo(deadlineNanos == Long.MAX_VALUE ? now : deadlineNanos);
                return null;
            }
            synTimes.poll();
            advanceTo(next);
            WirePacket syn = new WirePacket(LOCAL_ADDRESS, REMOTE_ADDRESS, 40001, ScriptExecutor.LOCAL_PORT, 0, WirePacket.SYN,
                1000, 0, 65535, List.of(), 0);
            return new OutboundPacket(next, syn.encode());
        }

        @Override
        public long syscall(Syscall call) {
            throw new AssertionError("no system calls");
        }

        @Override
        public long pendingResult() {
            return BLOCKED;
        }

        @Override
        public boolean info(int fd, TcpInfo into) {
            return false;
        }

        @Override
        public ShellOutcome shell(String command) {
            calls.add("shell " + command);
            now += 50 * MS;
            return ShellOutcome.ran(0, "ran");
        }

        @Override
        public void close() {
        }
    }
}
