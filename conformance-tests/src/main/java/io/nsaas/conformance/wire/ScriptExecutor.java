package io.nsaas.conformance.wire;

import io.nsaas.conformance.wire.ScriptEvent.AssertLine;
import io.nsaas.conformance.wire.ScriptEvent.OptionSpec;
import io.nsaas.conformance.wire.ScriptEvent.PacketLine;
import io.nsaas.conformance.wire.ScriptEvent.ShellLine;
import io.nsaas.conformance.wire.ScriptEvent.SyscallLine;
import io.nsaas.conformance.wire.ScriptEvent.Timing;
import io.nsaas.spi.TcpInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link WireScript} against a {@link WireTarget}, following packetdrill's rules: events happen in
 * script order at their times; {@code <} packets are injected at their time; {@code >} packets must be
 * sent within the tolerance of their time (or window) with the expected fields; a packet the stack sends
 * before the next event's time that the script does not expect fails the run; a {@code t1...t2} call
 * starts at t1 and must return at t2 while later events go on ({@code +t1...t2}: both count from the previous
 * event). A relative time counts, as in packetdrill, from when the previous event actually happened: an
 * outbound packet from when the stack sent it (so a late timer does not make every later packet late too),
 * a shell line from when it finished; other events happen at their scheduled time. Shell lines at time 0
 * before any other event are packetdrill's init command: they run before the clock starts
 * ({@link WireTarget#startClock}). An injected packet goes in whole whatever its size (packetdrill hands
 * large ones to Linux as one GSO packet of {@code --mss} segments); an ACK injected before the stack's ISN
 * is known carries its ack as written; an expected packet longer than the segment that arrives matches the
 * segments sent back to back from its start (packetdrill sees TSO/GSO packets). Sequence numbers of {@code >} packets are
 * relative to the stack's ISN (learned from its SYN), the script's own are absolute; the stack sits at
 * {@link WireTarget#LOCAL_ADDRESS} port {@value #LOCAL_PORT} for bind and the script connects from port
 * {@value #REMOTE_PORT}; a connect goes to {@link WireTarget#REMOTE_ADDRESS} port {@value #LOCAL_PORT}.
 * A non-zero TSecr of an injected packet is replaced by the latest TSval the stack sent (the stack's
 * timestamp clock is its own), so scripts stay valid whatever clock the stack under test uses.
 * Every expected packet must first have well-formed IPv4 and TCP headers with correct checksums
 * ({@link OutboundCheck}); the Linux target's packets are checked the same way (a TUN device opened
 * without {@code IFF_VNET_HDR} or offloads gets every checksum computed in full by the kernel).
 *
 * <p>Stops at the first failed expectation.
 */
public final class ScriptExecutor {
    /** The port bind uses for {@code ...}, and the remote port of connect (packetdrill uses 8080 for both). */
    public static final int LOCAL_PORT = 8080;
    /** The port the script's injected packets come from toward a listener. */
    public static final int REMOTE_PORT = 40000;
    /** How long after a segment the next one may come and still join it into one expected packet. */
    private static final long COALESCE_NANOS = 1_000_000L;

    private final WireScript script;
    private final WireTarget target;
    private final SyscallBinding calls;
    private final List<String> notes = new ArrayList<>();
    private final TcpInfo info = new TcpInfo();
    private long previousTime;
    private long localIsn = -1;
    private int localPort = -1;
    private int remotePort = -1;
    private long lastTsVal;
    private PendingCall pending;
    private OutboundPacket heldBack;

    private record PendingCall(SyscallLine line, long end, long startedAt) {
    }

    /** A failed expectation; the message is the diff line. */
    static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    private ScriptExecutor(WireScript script, WireTarget target) {
        this.script = script;
        this.target = target;
        this.calls = new SyscallBinding(script.name());
    }

    /** Runs {@code script} on {@code target} (which the caller closes). */
    public static ScriptResult run(WireScript script, WireTarget target) {
        ScriptExecutor executor = new ScriptExecutor(script, target);
        executor.notes.add("target: " + target.describe());
        try {
            List<ScriptEvent> events = script.events();
            int first = executor.runInitCommands();
            for (ScriptEvent event : events.subList(first, events.size())) {
                executor.step(event);
            }
            executor.finish();
            return new ScriptResult(true, null, List.copyOf(executor.notes));
        } catch (Mismatch mismatch) {
            return new ScriptResult(false, mismatch.getMessage(), List.copyOf(executor.notes));
        }
    }

    /**
     * Runs the shell lines at time 0 that come before any other event, then starts the target's clock, so
     * the time they take (a process each) does not count against the script's first packets.
     *
     * @return the index of the first event after them
     */
    private int runInitCommands() {
        int first = 0;
        for (ScriptEvent event : script.events()) {
            if (!(event instanceof ShellLine shell) || event.timing().any() || event.timing().offset() != 0) {
                break;
            }
            shell(shell);
            first++;
        }
        if (first > 0) {
            target.startClock();
        }
        return first;
    }

    private void step(ScriptEvent event) {
        long when = resolve(event.timing());
        settlePendingBefore(when, event.line());
        if (event instanceof PacketLine packet && !packet.inbound()) {
            expectPacket(packet, when);
            checkPending();
            return;
        }
        if (!event.timing().any()) {
            expectNothingBefore(when, event.line());
            target.advanceTo(when);
        }
        checkPending();
        previousTime = event.timing().any() ? target.nowNanos() : when;
        if (event instanceof PacketLine packet) {
            inject(packet);
        } else if (event instanceof SyscallLine call) {
            call(call, when);
        } else if (event instanceof AssertLine assertion) {
            check(assertion);
        } else if (event instanceof ShellLine shell) {
            shell(shell);
            previousTime = Math.max(previousTime, target.nowNanos());
        }
        checkPending();
    }

    private long resolve(Timing timing) {
        return timing.any() ? previousTime : (timing.relative() ? previousTime : 0) + timing.offset();
    }

    private long windowEnd(Timing timing, long when) {
        if (timing.any()) {
            return Long.MAX_VALUE;
        }
        if (timing.windowEnd() < 0) {
            return when;
        }
        return (timing.windowEndRelative() ? previousTime : 0) + timing.windowEnd();
    }

    private void expectNothingBefore(long when, int line) {
        OutboundPacket unexpected = nextOutbound(when);
        if (unexpected != null) {
            WirePacket p = WirePacket.decode(unexpected.ipv4());
            throw new Mismatch(script.name() + ":" + line + ": expected no packet before this line's time " + seconds(when)
                + "; got at " + seconds(unexpected.atNanos()) + ": "
                + (p == null ? unexpected.ipv4().length + " bytes that are not IPv4/TCP" : PacketComparison.format(p, Math.max(localIsn, 0))));
        }
    }

    private void expectPacket(PacketLine expected, long when) {
        long latest = windowEnd(expected.timing(), when);
        long tolerance = tolerance(when - previousTime);
        long deadline = latest == Long.MAX_VALUE ? Long.MAX_VALUE : latest + tolerance;
        String where = script.name() + ":" + expected.line() + ": expected " + PacketComparison.format(expected) + " at " + seconds(when);
        OutboundPacket sent = nextOutbound(deadline);
        if (sent == null) {
            throw new Mismatch(where + "; got no packet by " + seconds(deadline));
        }
        String problem = OutboundCheck.problem(sent.ipv4());
        WirePacket actual = WirePacket.decode(sent.ipv4());
        if (actual == null) {
            throw new Mismatch(where + "; got " + sent.ipv4().length + " bytes at " + seconds(sent.atNanos()) + ": "
                + (problem == null ? "not IPv4/TCP" : problem));
        }
        if ((actual.flags() & WirePacket.SYN) != 0 && localIsn < 0) {
            localIsn = (actual.seq() - expected.seqStart()) & 0xFFFF_FFFFL;
        }
        if ((actual.flags() & WirePacket.SYN) != 0) {
            localPort = actual.sourcePort();
            remotePort = actual.destinationPort();
        }
        actual = coalesce(expected, actual, sent.atNanos());
        String got = "; got " + PacketComparison.format(actual, Math.max(localIsn, 0)) + " at " + seconds(sent.atNanos());
        if (problem != null) {
            throw new Mismatch(where + got + ": " + problem);
        }
        List<String> diffs = PacketComparison.differences(expected, actual, Math.max(localIsn, 0));
        if (!diffs.isEmpty()) {
            throw new Mismatch(where + got + " (differs in " + String.join("; ", diffs) + ")");
        }
        long earliest = expected.timing().any() ? 0 : when - tolerance;
        if (sent.atNanos() < earliest) {
            throw new Mismatch(where + got + " (too early: more than " + tolerance / 1000 + " us before its time)");
        }
        rememberTimestamp(actual);
        previousTime = sent.atNanos();
    }

    /**
     * Joins segments the stack sent back to back into one packet while the script expects more payload than
     * they carry so far: packetdrill sees Linux's TSO/GSO packets, so scripts write {@code 1:10001(10000)} for
     * ten 1000-byte segments. A segment that does not continue the run is held back for the next expectation.
     */
    private WirePacket coalesce(PacketLine expected, WirePacket first, long at) {
        long relativeStart = (first.seq() - Math.max(localIsn, 0)) & 0xFFFF_FFFFL;
        if (first.payload() == 0 || first.payload() >= expected.payload() || relativeStart != expected.seqStart()) {
            return first;
        }
        WirePacket merged = first;
        long window = Math.min(script.toleranceNanos(), COALESCE_NANOS);
        while (merged.payload() < expected.payload() && (merged.flags() & (WirePacket.SYN | WirePacket.FIN | WirePacket.RST)) == 0) {
            OutboundPacket next = nextOutbound(at + window);
            WirePacket p = next == null ? null : WirePacket.decode(next.ipv4());
            if (p == null || p.payload() == 0 || p.seq() != ((merged.seq() + merged.payload()) & 0xFFFF_FFFFL) || p.ack() != merged.ack()
                || (p.flags() & (WirePacket.SYN | WirePacket.RST)) != 0) {
                heldBack = next;
                break;
            }
            merged = new WirePacket(merged.source(), merged.destination(), merged.sourcePort(), merged.destinationPort(), merged.ecn(),
                merged.flags() | p.flags(), merged.seq(), p.ack(), p.window(), merged.options(), merged.payload() + p.payload());
        }
        return merged;
    }

    /** @return the held-back packet first, then the target's next one (see {@link WireTarget#nextOutbound}) */
    private OutboundPacket nextOutbound(long deadline) {
        if (heldBack == null) {
            return target.nextOutbound(deadline);
        }
        if (heldBack.atNanos() > deadline) {
            return null;
        }
        OutboundPacket packet = heldBack;
        heldBack = null;
        return packet;
    }

    private void rememberTimestamp(WirePacket actual) {
        for (OptionSpec option : actual.options()) {
            if (option.name().equals("TS")) {
                lastTsVal = option.values().get(0);
            }
        }
    }

    private void inject(PacketLine line) {
        if (localPort < 0) {
            throw new Mismatch(script.name() + ":" + line.line() + ": cannot inject a packet before the stack's port is known"
                + " (bind, or a packet from the stack, first)");
        }
        boolean ack = line.flags().contains(".");
        List<OptionSpec> options = new ArrayList<>();
        if (line.options() != null) {
            for (OptionSpec o : line.options()) {
                options.add(switch (o.name()) {
                    case "TS" -> new OptionSpec("TS", List.of(o.values().get(0), o.values().get(1) == 0 ? 0 : lastTsVal));
                    case "sack" -> new OptionSpec("sack", o.values().stream().map(v -> (v + localIsn) & 0xFFFF_FFFFL).toList());
                    default -> o;
                });
            }
        }
        // without a known ISN (a stray ACK to a listener) the script's ack number goes out as written
        long ackBase = Math.max(localIsn, 0);
        WirePacket packet = new WirePacket(WireTarget.REMOTE_ADDRESS, WireTarget.LOCAL_ADDRESS, remotePort, localPort,
            line.ecn() == null ? 0 : WirePacket.ecnBits(line.ecn()), WirePacket.flagBits(line.flags()), line.seqStart(),
            ack ? (Math.max(line.ack(), 0) + ackBase) & 0xFFFF_FFFFL : 0, line.window() < 0 ? 65535 : (int) line.window(), options,
            line.payload());
        target.inject(packet.encode());
    }

    private void call(SyscallLine line, long when) {
        if (pending != null) {
            throw new Mismatch(script.name() + ":" + line.line() + ": " + line.name() + "() while the call of line "
                + pending.line().line() + " is still blocked (one blocking call at a time)");
        }
        Syscall call = calls.bind(line);
        if (call.op() == Syscall.Op.BIND && localPort < 0) {
            localPort = call.port();
            remotePort = REMOTE_PORT;
        } else if (call.op() == Syscall.Op.CONNECT) {
            remotePort = call.port();
        }
        long result = target.syscall(call);
        if (result == WireTarget.BLOCKED) {
            if (line.blockingEnd() < 0) {
                throw new Mismatch(script.name() + ":" + line.line() + ": expected " + line.name() + "() to return at once; it blocked");
            }
            pending = new PendingCall(line, returnTime(line, when), when);
            return;
        }
        if (line.blockingEnd() >= 0) {
            checkReturnTime(line, returnTime(line, when), when, result);
        }
        calls.verify(line, call, result);
        if (call.op() == Syscall.Op.SOCKET && result >= 0 && SyscallArgs.nonBlockingSocket(line.args())) {
            target.syscall(Syscall.fcntl((int) result, Syscall.F_SETFL, Syscall.O_NONBLOCK));
        }
    }

    /**
     * @return when a {@code t1...t2} call must return: a relative {@code +t1...t2} counts t2 from the same
     *         point as t1 (the previous event), as packetdrill adjusts both by the same offset
     */
    private static long returnTime(SyscallLine line, long when) {
        return line.timing().relative() ? when - line.timing().offset() + line.blockingEnd() : line.blockingEnd();
    }

    /**
     * @return how far an event {@code delta} ns after the previous one may stray: {@code --tolerance_usecs}, or
     *         {@code --tolerance_percent} of the delta when that is more (packetdrill's {@code verify_time})
     */
    private long tolerance(long delta) {
        return Math.max(script.toleranceNanos(), (long) (script.tolerancePercent() / 100.0 * Math.max(delta, 0)));
    }

    private void checkReturnTime(SyscallLine line, long end, long start, long result) {
        long now = target.nowNanos();
        if (Math.abs(now - end) > tolerance(end - start)) {
            throw new Mismatch(script.name() + ":" + line.line() + ": expected " + line.name() + "() to return at " + seconds(end)
                + "; it returned " + (result < 0 ? "-1 " + io.nsaas.spi.Errno.name((int) -result) : Long.toString(result))
                + " at " + seconds(now));
        }
    }

    private void checkPending() {
        if (pending == null) {
            return;
        }
        long result = target.pendingResult();
        if (result != WireTarget.BLOCKED) {
            PendingCall done = pending;
            pending = null;
            checkReturnTime(done.line(), done.end(), done.startedAt(), result);
            calls.verify(done.line(), calls.bind(done.line()), result);
        }
    }

    private void settlePendingBefore(long when, int line) {
        if (pending == null || when <= pending.end() + tolerance(pending.end() - pending.startedAt())) {
            return;
        }
        long limit = pending.end() + tolerance(pending.end() - pending.startedAt());
        expectNothingBefore(limit, line);
        target.advanceTo(limit);
        checkPending();
        if (pending != null) {
            throw new Mismatch(script.name() + ":" + pending.line().line() + ": expected " + pending.line().name()
                + "() to return at " + seconds(pending.end()) + "; still blocked at " + seconds(limit) + " (line " + line + ")");
        }
    }

    private void check(AssertLine line) {
        int fd = calls.currentFd();
        if (fd < 0 || !target.info(fd, info)) {
            throw new Mismatch(script.name() + ":" + line.line() + ": no socket to read tcp_info from (make a system call on it first)");
        }
        for (InfoAssertion assertion : line.assertions()) {
            double actual = assertion.actual(info);
            if (!assertion.holds(actual)) {
                throw new Mismatch(script.name() + ":" + line.line() + ": expected " + assertion + "; got "
                    + (actual == Math.rint(actual) ? Long.toString((long) actual) : Double.toString(actual)) + " (" + info + ")");
            }
        }
    }

    private void shell(ShellLine line) {
        ShellOutcome outcome = target.shell(line.command());
        notes.add(script.name() + ":" + line.line() + ": " + outcome.note());
        if (outcome.kind() == ShellOutcome.Kind.RAN && outcome.exitCode() != 0) {
            throw new Mismatch(script.name() + ":" + line.line() + ": shell command exited with status " + outcome.exitCode()
                + ": `" + line.command() + "`");
        }
    }

    private void finish() {
        settlePendingBefore(Long.MAX_VALUE, lastLine());
        expectNothingBefore(previousTime, lastLine());
    }

    private int lastLine() {
        return script.events().isEmpty() ? 0 : script.events().get(script.events().size() - 1).line();
    }

    static String seconds(long nanos) {
        return nanos == Long.MAX_VALUE ? "forever" : String.format(java.util.Locale.ROOT, "%.6f", nanos / 1e9);
    }
}
