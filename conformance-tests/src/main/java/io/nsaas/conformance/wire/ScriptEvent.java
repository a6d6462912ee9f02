package io.nsaas.conformance.wire;

import java.util.List;

/**
 * One statement of a wire script (a line, or a multi-line backtick or {@code %{ }%} block).
 */
public sealed interface ScriptEvent {
    /** @return the 1-based line in the script */
    int line();

    /** @return when the event happens, as written */
    Timing timing();

    /**
     * An event's time as written: {@code 0.1} (absolute), {@code +0.1} (relative to the previous event),
     * {@code *} (any time), {@code +0.1~+0.3} (a window whose end is absolute or relative to the previous
     * event too). The executor resolves relative times when it runs the script, against the previous
     * event's actual time ({@link ScriptExecutor} says which).
     *
     * @param relative          whether {@code offset} is relative to the previous event
     * @param offset            nanoseconds
     * @param windowEnd         the window's end in nanoseconds, or -1 without a window
     * @param windowEndRelative whether {@code windowEnd} is relative to the previous event
     * @param any               {@code *}
     */
    record Timing(boolean relative, long offset, long windowEnd, boolean windowEndRelative, boolean any) {
    }

    /** A TCP option of a packet line, e.g. {@code mss 1460} (values in order), {@code sackOK}, {@code TS val 1 ecr 0}. */
    record OptionSpec(String name, List<Long> values) {
    }

    /**
     * A {@code <} (inbound, injected) or {@code >} (outbound, expected) packet line.
     *
     * @param flags    the flag letters as written, {@code .} meaning ACK
     * @param seqStart relative start sequence number (inbound: the script's own numbers; outbound: relative to the stack's ISN)
     * @param seqEnd   relative end sequence number
     * @param ack      ack number, or -1 when absent
     * @param window   window field, or -1 when absent
     * @param options  the options in order; null when the line has none; {@code anyOptions} for {@code <...>}
     * @param ecn      {@code ect0}, {@code ect1}, {@code ce}, {@code noecn}, or null when unspecified
     */
    record PacketLine(int line, Timing timing, boolean inbound, String flags, long seqStart, long seqEnd, int payload,
                      long ack, long window, List<OptionSpec> options, boolean anyOptions, String ecn) implements ScriptEvent {
    }

    /**
     * A system call line. {@code blockingEnd} is when a {@code t1...t2} call must return, in ns, relative
     * to the call's start when the start is relative, else absolute; {@code -1} for a call that must return at once.
     *
     * @param args     the argument expressions as written ({@code ...}, {@code 3}, {@code [1]}, {@code {onoff=1, linger=0}})
     * @param result   the expected return value
     * @param errno    the expected errno name when {@code result} is -1, else null
     */
    record SyscallLine(int line, Timing timing, long blockingEnd, String name, List<String> args, long result, String errno)
        implements ScriptEvent {
    }

    /** A {@code %{ assert tcpi_x == n }%} line: every comparison must hold on the current socket's snapshot. */
    record AssertLine(int line, Timing timing, List<InfoAssertion> assertions) implements ScriptEvent {
    }

    /** A backtick shell block. */
    record ShellLine(int line, Timing timing, String command) implements ScriptEvent {
    }
}
