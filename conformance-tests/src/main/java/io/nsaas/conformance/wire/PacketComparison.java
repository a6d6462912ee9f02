package io.nsaas.conformance.wire;

import io.nsaas.conformance.wire.ScriptEvent.OptionSpec;
import io.nsaas.conformance.wire.ScriptEvent.PacketLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a packet the stack sent with an expected {@code >} line, sequence numbers relative to the
 * stack's initial sequence number, and formats both sides in script syntax for the diff.
 * An outbound timestamp's TSval is the stack's own clock and is not compared (TSecr is).
 */
final class PacketComparison {
    private PacketComparison() {
    }

    /** @return what differs, one item per field ("flags S. vs S"); empty when the packet matches */
    static List<String> differences(PacketLine expected, WirePacket actual, long localIsn) {
        List<String> diffs = new ArrayList<>();
        int expectedFlags = WirePacket.flagBits(expected.flags());
        int actualFlags = actual.flags() & 0xDF;
        if (expectedFlags != actualFlags) {
            diffs.add("flags " + expected.flags() + " vs " + WirePacket.flagLetters(actualFlags));
        }
        long seq = relative(actual.seq(), localIsn);
        if (seq != expected.seqStart() || actual.payload() != expected.payload()) {
            diffs.add("sequence " + expected.seqStart() + ":" + expected.seqEnd() + "(" + expected.payload() + ") vs "
                + seq + ":" + (seq + actual.payload()) + "(" + actual.payload() + ")");
        }
        if (expected.ack() >= 0 && (actual.flags() & WirePacket.ACK) != 0 && (actual.ack() & 0xFFFF_FFFFL) != (expected.ack() & 0xFFFF_FFFFL)) {
            diffs.add("ack " + expected.ack() + " vs " + actual.ack());
        }
        if (expected.window() >= 0 && expected.window() != actual.window()) {
            diffs.add("win " + expected.window() + " vs " + actual.window());
        }
        if (expected.ecn() != null && WirePacket.ecnBits(expected.ecn()) != actual.ecn()) {
            diffs.add("ECN [" + expected.ecn() + "] vs [" + WirePacket.ecnName(actual.ecn()) + "]");
        }
        if (!expected.anyOptions() && !optionsMatch(expected.options() == null ? List.of() : expected.options(), actual.options())) {
            diffs.add("options <" + options(expected.options()) + "> vs <" + options(actual.options()) + ">");
        }
        return diffs;
    }

    private static boolean optionsMatch(List<OptionSpec> expected, List<OptionSpec> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            OptionSpec e = expected.get(i);
            OptionSpec a = actual.get(i);
            if (!e.name().equals(a.name())) {
                return false;
            }
            boolean same = e.name().equals("TS") ? e.values().get(1).equals(a.values().get(1)) : e.values().equals(a.values());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    static long relative(long absolute, long isn) {
        return (absolute - isn) & 0xFFFF_FFFFL;
    }

    /** @return the packet in script syntax, sequence relative to {@code localIsn} */
    static String format(WirePacket p, long localIsn) {
        long seq = relative(p.seq(), localIsn);
        StringBuilder s = new StringBuilder("> ");
        if (p.ecn() != 0) {
            s.append('[').append(WirePacket.ecnName(p.ecn())).append("] ");
        }
        s.append(WirePacket.flagLetters(p.flags() & 0xDF)).append(' ').append(seq).append(':').append(seq + p.payload())
            .append('(').append(p.payload()).append(')');
        if ((p.flags() & WirePacket.ACK) != 0) {
            s.append(" ack ").append(p.ack());
        }
        s.append(" win ").append(p.window());
        if (!p.options().isEmpty()) {
            s.append(" <").append(options(p.options())).append('>');
        }
        return s.toString();
    }

    /** @return the expected line in script syntax */
    static String format(PacketLine e) {
        StringBuilder s = new StringBuilder(e.inbound() ? "< " : "> ");
        if (e.ecn() != null) {
            s.append('[').append(e.ecn()).append("] ");
        }
        s.append(e.flags()).append(' ').append(e.seqStart()).append(':').append(e.seqEnd()).append('(').append(e.payload()).append(')');
        if (e.ack() >= 0) {
            s.append(" ack ").append(e.ack());
        }
        if (e.window() >= 0) {
            s.append(" win ").append(e.window());
        }
        if (e.anyOptions()) {
            s.append(" <...>");
        } else if (e.options() != null) {
            s.append(" <").append(options(e.options())).append('>');
        }
        return s.toString();
    }

    static String options(List<OptionSpec> options) {
        if (options == null) {
            return "";
        }
        List<String> items = new ArrayList<>();
        for (OptionSpec o : options) {
            List<Long> v = o.values();
            items.add(switch (o.name()) {
                case "TS" -> "TS val " + v.get(0) + " ecr " + v.get(1);
                case "sack" -> {
                    StringBuilder b = new StringBuilder("sack");
                    for (int i = 0; i + 1 < v.size(); i += 2) {
                        b.append(' ').append(v.get(i)).append(':').append(v.get(i + 1));
                    }
                    yield b.toString();
                }
                default -> v.isEmpty() ? o.name() : o.name() + " " + v.get(0);
            });
        }
        return String.join(",", items);
    }
}
