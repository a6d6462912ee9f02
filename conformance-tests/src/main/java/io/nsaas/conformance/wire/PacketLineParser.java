package io.nsaas.conformance.wire;

import io.nsaas.conformance.wire.ScriptEvent.OptionSpec;
import io.nsaas.conformance.wire.ScriptEvent.PacketLine;
import io.nsaas.conformance.wire.ScriptEvent.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the packet part of a script line:
 * {@code < [ecn] FLAGS START:END(LEN) [ack N] [win N] [<OPTIONS>|<...>]}, where FLAGS are letters of
 * {@code S . P F R E W} ({@code .} is ACK) or {@code -} for none, ecn is {@code [ect0] [ect1] [ce] [noecn]} and OPTIONS are
 * {@code mss N}, {@code sackOK}, {@code TS val N ecr N}, {@code nop}, {@code eol}, {@code wscale N},
 * {@code sack A:B ...}, separated by commas. Without {@code ack N} a {@code .} packet's ack field is not
 * compared (outbound) or is the stack's ISN, relative 0 (inbound), as in packetdrill.
 */
final class PacketLineParser {
    private static final Pattern HEAD = Pattern.compile("([<>])\\s*(\\[(ect0|ect1|ce|noecn)\\])?\\s*(\\S+)\\s+(\\d+):(\\d+)\\s*\\((\\d+)\\)(.*)",
        Pattern.DOTALL);
    private static final Pattern FLAGS = Pattern.compile("[SPFRWE.]+|-");
    private static final Pattern OTHER_PROTOCOL = Pattern.compile("[<>]\\s*(icmp|udp|udplite|gre|mpls|sctp)\\b.*", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final int MAX_OPTION_BYTES = 40;

    private PacketLineParser() {
    }

    static PacketLine parse(String file, int line, Timing timing, String text) {
        Matcher other = OTHER_PROTOCOL.matcher(text);
        if (other.matches()) {
            throw new ScriptSyntaxException(file, line, UnsupportedFeature.PREFIX + other.group(1).toUpperCase(java.util.Locale.ROOT)
                + " packets (scripts inject and expect TCP segments only)");
        }
        Matcher m = HEAD.matcher(text);
        if (m.matches() && !FLAGS.matcher(m.group(4)).matches()) {
            throw new ScriptSyntaxException(file, line, flagsError(m.group(4)));
        }
        if (!m.matches()) {
            throw new ScriptSyntaxException(file, line, "expected a packet '< FLAGS START:END(LEN) [ack N] [win N] [<options>]'"
                + " with FLAGS from S . P F R E W (ECN as [ect0] [ect1] [ce] [noecn] before FLAGS), got '" + text + "'");
        }
        boolean inbound = m.group(1).equals("<");
        long start = Long.parseLong(m.group(5));
        long end = Long.parseLong(m.group(6));
        int payload = Integer.parseInt(m.group(7));
        String flags = m.group(4);
        long span = end - start;
        if (span != payload) {
            throw new ScriptSyntaxException(file, line, "sequence range " + start + ":" + end + " spans " + span
                + " bytes but the payload length is (" + payload + ")");
        }
        long ack = -1;
        long window = -1;
        List<OptionSpec> options = null;
        boolean anyOptions = false;
        String rest = m.group(8).strip();
        while (!rest.isEmpty()) {
            if (rest.startsWith("ack ") || rest.startsWith("win ")) {
                String[] parts = rest.split("\\s+", 3);
                if (!NUMBER.matcher(parts[1]).matches()) {
                    throw new ScriptSyntaxException(file, line, "expected a number after '" + parts[0] + "', got '" + parts[1] + "'");
                }
                if (parts[0].equals("ack")) {
                    ack = Long.parseLong(parts[1]);
                } else {
                    window = Long.parseLong(parts[1]);
                }
                rest = parts.length > 2 ? parts[2].strip() : "";
            } else if (rest.startsWith("<") && rest.endsWith(">")) {
                String body = rest.substring(1, rest.length() - 1).strip();
                if (body.equals("...")) {
                    anyOptions = true;
                } else {
                    options = options(file, line, body);
                }
                rest = "";
            } else if (rest.startsWith("urg ")) {
                throw new ScriptSyntaxException(file, line, UnsupportedFeature.PREFIX + "urgent data ('urg N')");
            } else {
                throw new ScriptSyntaxException(file, line, "expected 'ack N', 'win N' or '<options>' after the sequence range, got '" + rest + "'");
            }
        }
        if (inbound && anyOptions) {
            throw new ScriptSyntaxException(file, line, "'<...>' (any options) is only allowed on expected '>' packets");
        }
        return new PacketLine(line, timing, inbound, flags, start, end, payload, ack, window, options, anyOptions, m.group(3));
    }

    private static String flagsError(String flags) {
        if (flags.indexOf('A') >= 0 || flags.matches(".*\\.\\d.*")) {
            return UnsupportedFeature.PREFIX + "AccECN (flag 'A' or an ACE count after '.') in '" + flags + "'";
        }
        if (flags.indexOf('U') >= 0) {
            return UnsupportedFeature.PREFIX + "urgent data (flag 'U') in '" + flags + "'";
        }
        return "unknown TCP flags '" + flags + "': expected letters of S . P F R E W, or - for none";
    }

    private static List<OptionSpec> options(String file, int line, String body) {
        List<OptionSpec> result = new ArrayList<>();
        int length = 0;
        for (String item : body.split(",")) {
            String[] words = item.strip().split("\\s+");
            List<Long> values = new ArrayList<>();
            String name = words[0];
            switch (name) {
                case "nop", "eol", "sackOK" -> expectWords(file, line, item, words, 1);
                case "mss", "wscale" -> {
                    expectWords(file, line, item, words, 2);
                    values.add(number(file, line, item, words[1]));
                }
                case "TS" -> {
                    expectWords(file, line, item, words, 5);
                    if (!words[1].equals("val") || !words[3].equals("ecr")) {
                        throw new ScriptSyntaxException(file, line, "expected 'TS val N ecr N', got '" + item.strip() + "'");
                    }
                    values.add(number(file, line, item, words[2]));
                    values.add(number(file, line, item, words[4]));
                }
                case "sack" -> {
                    for (int i = 1; i < words.length; i++) {
                        String[] range = words[i].split(":");
                        if (range.length != 2) {
                            throw new ScriptSyntaxException(file, line, "expected sack blocks 'sack A:B [C:D ...]', got '" + item.strip() + "'");
                        }
                        values.add(number(file, line, item, range[0]));
                        values.add(number(file, line, item, range[1]));
                    }
                    if (values.isEmpty()) {
                        throw new ScriptSyntaxException(file, line, "expected at least one block after 'sack'");
                    }
                }
                default -> throw new ScriptSyntaxException(file, line, UnsupportedFeature.tcpOption(name) != null
                    ? UnsupportedFeature.PREFIX + "TCP option '" + item.strip() + "' (" + UnsupportedFeature.tcpOption(name) + ")"
                    : "unknown TCP option '" + item.strip() + "': expected mss N, sackOK, TS val N ecr N, nop, eol, wscale N or sack A:B");
            }
            result.add(new OptionSpec(name, List.copyOf(values)));
            length += switch (name) {
                case "nop", "eol" -> 1;
                case "mss" -> 4;
                case "wscale" -> 3;
                case "sackOK" -> 2;
                case "TS" -> 10;
                default -> 2 + 4 * values.size();
            };
        }
        if (length > MAX_OPTION_BYTES) {
            throw new ScriptSyntaxException(file, line, "the options take " + length + " bytes; a TCP header holds at most "
                + MAX_OPTION_BYTES);
        }
        return List.copyOf(result);
    }

    private static void expectWords(String file, int line, String item, String[] words, int count) {
        if (words.length != count) {
            throw new ScriptSyntaxException(file, line, "malformed option '" + item.strip() + "'");
        }
    }

    private static long number(String file, int line, String item, String word) {
        if (!NUMBER.matcher(word).matches()) {
            throw new ScriptSyntaxException(file, line, "expected a number in option '" + item.strip() + "', got '" + word + "'");
        }
        return Long.parseLong(word);
    }
}
