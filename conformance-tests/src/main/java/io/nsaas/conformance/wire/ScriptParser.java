package io.nsaas.conformance.wire;

import io.nsaas.conformance.wire.ScriptEvent.AssertLine;
import io.nsaas.conformance.wire.ScriptEvent.ShellLine;
import io.nsaas.conformance.wire.ScriptEvent.SyscallLine;
import io.nsaas.conformance.wire.ScriptEvent.Timing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the supported subset of packetdrill's script syntax into a {@link WireScript}: statements that
 * start with a time ({@code 0.1}, {@code +0.1}, {@code *}, {@code +a~+b}, {@code t1...t2}) followed by a
 * packet line ({@link PacketLineParser}), a system call, a {@code %{ assert ... }%} block or a backtick
 * shell block; {@code //} and {@code /* *}{@code /} comments; option lines {@code --tolerance_usecs=N}, {@code --tolerance_percent=P},
 * {@code --mss=N}, {@code --tcp_ts_tick_usecs=N} and the fixed setup ({@code --ip_version=ipv4}, addresses, ports). As in packetdrill, a statement
 * whose brackets are still open continues on the next lines, and {@code t1 ... t2} may have spaces.
 * Packetdrill features outside the subset (IPv6, UDP, ICMP, epoll, msghdr calls, TFO, ...) fail with one
 * {@code FILE:LINE: unsupported: <feature>} line ({@link UnsupportedFeature}).
 * A header comment {@code // requirement: ID[, ID...] required|optional} declares the script's
 * requirement ids and level, {@code // capability: SACK[, ECN]} the stack capabilities it needs. Anything else is a {@link ScriptSyntaxException} naming the line.
 */
public final class ScriptParser {
    private static final long DEFAULT_TOLERANCE_NANOS = 4_000_000L;
    /** packetdrill's {@code --tolerance_percent} default, used for external scripts ({@link #parseFileOrReport}). */
    public static final double PACKETDRILL_TOLERANCE_PERCENT = 12.5;
    private static final Pattern REQUIREMENT = Pattern.compile("//\\s*requirements?:\\s*(.+?)\\s+(required|optional)\\s*$");
    private static final Pattern CAPABILITY = Pattern.compile("//\\s*capabilit(y|ies):\\s*(.+?)\\s*$");
    private static final Pattern TIME = Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    /** A statement's time, optionally {@code ...END} (spaces allowed around the dots, as packetdrill's lexer does), and the rest. */
    private static final Pattern TIMED = Pattern.compile("(\\S+?)(?:\\s*\\.\\.\\.\\s*(\\S+))?\\s+(.+)", Pattern.DOTALL);
    /** {@code name(args) = result [ERRNO] [(note)]}; the note may follow any result, e.g. {@code = 0x2 (flags O_RDWR)}. */
    private static final Pattern SYSCALL = Pattern.compile(
        "([a-z_0-9]+)\\s*\\((.*)\\)\\s*=\\s*(-?\\d+|-?0x[0-9a-fA-F]+)(\\s+(E[A-Z]+))?(\\s*\\(.*\\))?\\s*", Pattern.DOTALL);
    private static final Pattern CALL_NAME = Pattern.compile("([a-z_0-9]+)\\s*\\(.*", Pattern.DOTALL);
    private static final Pattern COMPARISON = Pattern.compile("(tcpi_[a-z_0-9]+)\\s*(==|!=|<=|>=|<|>)\\s*(\\S+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern OPTION = Pattern.compile("--([a-z_0-9]+)(=(.*))?");

    private final String file;
    private final List<ScriptEvent> events = new ArrayList<>();
    private final List<String> requirements = new ArrayList<>();
    private final List<String> capabilities = new ArrayList<>();
    private boolean required;
    private long toleranceNanos = DEFAULT_TOLERANCE_NANOS;
    private double tolerancePercent;

    private ScriptParser(String file) {
        this.file = file;
    }

    /**
     * Reads and parses a script file for a {@code run-script} runner, printing why when it cannot. An external
     * script is timed as packetdrill times it: unless it says otherwise, {@code --tolerance_percent} is
     * packetdrill's default {@value #PACKETDRILL_TOLERANCE_PERCENT} (the corpus, parsed with {@link #parse}, has 0).
     *
     * @return the script, or null after printing the read or syntax error to {@code out}
     */
    public static WireScript parseFileOrReport(Path script, PrintStream out) {
        try {
            return parse(script.getFileName().toString(), Files.readString(script), PACKETDRILL_TOLERANCE_PERCENT);
        } catch (ScriptSyntaxException e) {
            out.println(e.getMessage());
        } catch (IOException e) {
            out.println("cannot read " + script + ": " + e.getMessage());
        }
        return null;
    }

    /**
     * @param file the name used in messages ({@code FILE:LINE: ...})
     * @param text the script
     * @throws ScriptSyntaxException at the first statement outside the supported subset
     */
    public static WireScript parse(String file, String text) {
        return parse(file, text, 0);
    }

    private static WireScript parse(String file, String text, double defaultTolerancePercent) {
        ScriptParser parser = new ScriptParser(file);
        parser.tolerancePercent = defaultTolerancePercent;
        parser.parseText(text);
        return new WireScript(file, List.copyOf(parser.events), parser.toleranceNanos, parser.required, List.copyOf(parser.requirements),
            List.copyOf(parser.capabilities), parser.tolerancePercent);
    }

    private void parseText(String text) {
        String[] lines = text.split("\r?\n", -1);
        boolean inBlockComment = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (inBlockComment) {
                int end = line.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                line = line.substring(end + 2);
                inBlockComment = false;
            }
            if (header(lineNo, line.strip())) {
                continue;
            }
            int open = line.indexOf("/*");
            if (open >= 0 && !line.contains("`") && !line.contains("%{")) {
                int close = line.indexOf("*/", open + 2);
                if (close < 0) {
                    inBlockComment = true;
                    line = line.substring(0, open);
                } else {
                    line = line.substring(0, open) + line.substring(close + 2);
                }
            }
            String statement = stripComment(line).strip();
            if (statement.isEmpty()) {
                continue;
            }
            String closer = blockCloser(statement);
            StringBuilder block = new StringBuilder(statement);
            while (closer != null && !closes(block, closer)) {
                if (++i >= lines.length) {
                    throw error(lineNo, "unterminated " + (closer.equals("`") ? "backtick shell block" : "%{ }% block")
                        + ": expected a closing " + closer);
                }
                block.append('\n').append(lines[i]);
            }
            // packetdrill's lexer reads newlines as spaces: a call's arguments may continue on the next lines
            while (closer == null && SyscallArgs.openBrackets(block) > 0) {
                if (++i >= lines.length) {
                    throw error(lineNo, "unbalanced brackets: a ( [ or { opened on this line is never closed");
                }
                block.append('\n').append(stripComment(lines[i]));
            }
            parseStatement(lineNo, block.toString().strip());
        }
        if (inBlockComment) {
            throw error(lines.length, "unterminated /* comment: expected */");
        }
    }

    /** @return whether {@code line} is a {@code // requirement:} or {@code // capability:} header (recorded) */
    private boolean header(int lineNo, String line) {
        Matcher requirement = REQUIREMENT.matcher(line);
        if (requirement.matches()) {
            for (String id : requirement.group(1).split("[,\\s]+")) {
                requirements.add(id);
            }
            required = requirement.group(2).equals("required");
            return true;
        }
        Matcher capability = CAPABILITY.matcher(line);
        if (!capability.matches()) {
            return false;
        }
        for (String name : capability.group(2).split("[,\\s]+")) {
            try {
                capabilities.add(io.nsaas.spi.Capability.valueOf(name).name());
            } catch (IllegalArgumentException e) {
                throw error(lineNo, "unknown capability '" + name + "'; expected one of "
                    + java.util.Arrays.toString(io.nsaas.spi.Capability.values()));
            }
        }
        return true;
    }

    private static String blockCloser(String statement) {
        int tick = statement.indexOf('`');
        int percent = statement.indexOf("%{");
        if (percent >= 0 && (tick < 0 || percent < tick)) {
            return "}%";
        }
        return tick >= 0 ? "`" : null;
    }

    private static boolean closes(CharSequence block, String closer) {
        String text = block.toString();
        if (closer.equals("`")) {
            return text.chars().filter(c -> c == '`').count() >= 2;
        }
        return text.indexOf("}%", text.indexOf("%{")) >= 0;
    }

    private static String stripComment(String line) {
        boolean inTick = false;
        for (int i = 0; i + 1 < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                inTick = !inTick;
            } else if (!inTick && c == '/' && line.charAt(i + 1) == '/') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private void parseStatement(int line, String statement) {
        if (statement.startsWith("--")) {
            parseOption(line, statement);
            return;
        }
        if (statement.startsWith("`")) {
            events.add(new ShellLine(line, new Timing(true, 0, -1, false, false), shellCommand(line, statement)));
            return;
        }
        Matcher timed = TIMED.matcher(statement);
        if (!timed.matches()) {
            throw error(line, "expected '<time> <event>' (e.g. '+0.1 < . 1:1(0) ack 1 win 257'), got '" + statement + "'");
        }
        String timeText = timed.group(1);
        String rest = timed.group(3).strip();
        long blockingEnd = -1;
        int dots = timeText.indexOf("...");
        if (dots >= 0) {
            blockingEnd = seconds(line, timeText.substring(dots + 3));
            timeText = timeText.substring(0, dots);
        } else if (timed.group(2) != null) {
            blockingEnd = seconds(line, timed.group(2));
        }
        Timing timing = timing(line, timeText);
        if (rest.startsWith("<") || rest.startsWith(">")) {
            requireNotBlocking(line, blockingEnd, "a packet line");
            events.add(PacketLineParser.parse(file, line, timing, rest));
        } else if (rest.startsWith("`")) {
            requireNotBlocking(line, blockingEnd, "a shell line");
            events.add(new ShellLine(line, timing, shellCommand(line, rest)));
        } else if (rest.startsWith("%{")) {
            requireNotBlocking(line, blockingEnd, "an assertion");
            events.add(new AssertLine(line, timing, assertions(line, rest)));
        } else {
            events.add(syscall(line, timing, blockingEnd, rest));
        }
    }

    private void requireNotBlocking(int line, long blockingEnd, String what) {
        if (blockingEnd >= 0) {
            throw error(line, "'t1...t2' timing is for blocking system calls only, not " + what);
        }
    }

    /**
     * Reads a {@code --name[=value]} line. {@code --tolerance_usecs} and {@code --tolerance_percent} set the
     * tolerance. {@code --mss} (the segment size of the GSO packets packetdrill injects), {@code --tcp_ts_tick_usecs}
     * (outbound TSval is never compared) and options that restate the fixed setup ({@code --ip_version=ipv4},
     * {@code --local_ip=192.168.0.1}, ...) are checked and change nothing: an injected packet goes in whole.
     */
    private void parseOption(int line, String statement) {
        Matcher m = OPTION.matcher(statement.strip());
        if (!m.matches()) {
            throw error(line, "expected an option line '--name' or '--name=value', got '" + statement + "'");
        }
        String name = m.group(1);
        String value = m.group(3) == null ? null : m.group(3).strip();
        switch (name) {
            case "tolerance_usecs" -> toleranceNanos = positiveNumber(line, statement, value) * 1_000L;
            case "mss", "tcp_ts_tick_usecs" -> positiveNumber(line, statement, value);
            case "tolerance_percent" -> tolerancePercent = percent(line, statement, value);
            default -> {
                if (!UnsupportedFeature.isOurSetting(name, value)) {
                    throw error(line, UnsupportedFeature.PREFIX + UnsupportedFeature.option(name, value));
                }
            }
        }
    }

    private double percent(int line, String statement, String value) {
        try {
            double percent = Double.parseDouble(value == null ? "" : value);
            if (percent >= 0 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(line, "expected --tolerance_percent=P with P from 0 to 100, got '" + statement + "'");
    }

    private long positiveNumber(int line, String statement, String value) {
        try {
            long number = Long.parseLong(value == null ? "" : value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(line, "expected a number of the form --name=N, got '" + statement + "'");
    }

    private Timing timing(int line, String text) {
        if (text.equals("*")) {
            return new Timing(true, 0, -1, false, true);
        }
        int tilde = text.indexOf('~');
        String start = tilde < 0 ? text : text.substring(0, tilde);
        long offset = seconds(line, start);
        if (tilde < 0) {
            return new Timing(start.startsWith("+"), offset, -1, false, false);
        }
        String end = text.substring(tilde + 1);
        long windowEnd = seconds(line, end);
        return new Timing(start.startsWith("+"), offset, windowEnd, end.startsWith("+"), false);
    }

    private long seconds(int line, String text) {
        if (!TIME.matcher(text).matches()) {
            throw error(line, "expected a time in seconds such as 0.100, +0.1, *, +0.1~+0.2 or 0.1...0.2, got '" + text + "'");
        }
        String digits = text.startsWith("+") ? text.substring(1) : text;
        return new java.math.BigDecimal(digits).movePointRight(9).longValueExact();
    }

    private String shellCommand(int line, String text) {
        int open = text.indexOf('`');
        int close = text.lastIndexOf('`');
        if (open < 0 || close <= open || !text.substring(close + 1).isBlank()) {
            throw error(line, "expected a shell command between backticks, e.g. `sysctl -q net.ipv4.tcp_sack=1`");
        }
        return text.substring(open + 1, close).strip();
    }

    private List<InfoAssertion> assertions(int line, String text) {
        int close = text.lastIndexOf("}%");
        // Python: a backslash continues a line, # starts a comment
        String body = text.substring(2, close).replace("\\\n", " ").replaceAll("#[^\n]*", "").strip();
        List<InfoAssertion> result = new ArrayList<>();
        for (String statement : body.split("[;\n]")) {
            String s = statement.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.startsWith("assert ")) {
                throw error(line, UnsupportedFeature.PREFIX + "Python code in %{ }% other than 'assert tcpi_<field> <op> <number>': '" + s + "'");
            }
            String condition = s.substring(7);
            int comma = condition.indexOf(',');
            if (comma >= 0) {
                condition = condition.substring(0, comma);
            }
            for (String part : condition.split("\\s+and\\s+|\\s*&&\\s*")) {
                result.add(comparison(line, part.strip()));
            }
        }
        if (result.isEmpty()) {
            throw error(line, "expected at least one 'assert tcpi_<field> <op> <number>' in %{ }%");
        }
        return result;
    }

    private InfoAssertion comparison(int line, String part) {
        Matcher m = COMPARISON.matcher(part);
        if (!m.matches()) {
            throw error(line, UnsupportedFeature.PREFIX + "Python expression in %{ }% other than 'tcpi_<field> <op> <number>': '" + part + "'");
        }
        if (!InfoAssertion.knows(m.group(1))) {
            throw error(line, UnsupportedFeature.PREFIX + "tcp_info field '" + m.group(1) + "' (supported: " + InfoAssertion.supportedFields() + ")");
        }
        if (!NUMBER.matcher(m.group(3)).matches()) {
            throw error(line, UnsupportedFeature.constant(m.group(3)) != null
                ? UnsupportedFeature.PREFIX + "comparing " + m.group(1) + " with " + UnsupportedFeature.constantMessage(m.group(3))
                : "expected 'tcpi_<field> <op> <number>' (op one of == != < <= > >=), got '" + part + "'");
        }
        return new InfoAssertion(m.group(1), m.group(2), Double.parseDouble(m.group(3)));
    }

    private SyscallLine syscall(int line, Timing timing, long blockingEnd, String text) {
        Matcher called = CALL_NAME.matcher(text);
        if (called.matches() && !SyscallArgs.SUPPORTED.contains(called.group(1))) {
            String name = called.group(1);
            throw error(line, UnsupportedFeature.PREFIX + UnsupportedFeature.syscall(name) + "; supported: " + String.join(", ", SyscallArgs.SUPPORTED));
        }
        Matcher m = SYSCALL.matcher(text);
        if (!m.matches()) {
            throw error(line, "expected a packet ('<' or '>'), a system call 'name(args) = result', %{ assert }% or a `shell` line, got '"
                + text + "'");
        }
        String name = m.group(1);
        long result = Long.decode(m.group(3));
        String errno = m.group(5);
        if (result == -1 && errno == null) {
            throw error(line, "a result of -1 needs an errno, e.g. '= -1 EINPROGRESS (Operation now in progress)'");
        }
        List<String> args = SyscallArgs.split(m.group(2));
        SyscallArgs.check(file, line, name, args);
        return new SyscallLine(line, timing, blockingEnd, name, args, result, errno);
    }

    private ScriptSyntaxException error(int line, String message) {
        return new ScriptSyntaxException(file, line, message);
    }
}
