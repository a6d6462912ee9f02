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
 * shell block; {@code //} and {@code /* *}{@code /} comments; {@code --tolerance_usecs=N} option lines.
 * A header comment {@code // requirement: ID[, ID...] required|optional} declares the script's
 * requirement ids and level, {@code // capability: SACK[, ECN]} the stack capabilities it needs. Anything else is a {@link ScriptSyntaxException} naming the line.
 */
public final class ScriptParser {
    private static final long DEFAULT_TOLERANCE_NANOS = 4_000_000L;
    private static final Pattern REQUIREMENT = Pattern.compile("//\\s*requirements?:\\s*(.+?)\\s+(required|optional)\\s*$");
    private static final Pattern CAPABILITY = Pattern.compile("//\\s*capabilit(y|ies):\\s*(.+?)\\s*$");
    private static final Pattern TIME = Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern SYSCALL = Pattern.compile("([a-z_]+)\\((.*)\\)\\s*=\\s*(-?\\d+|-?0x[0-9a-fA-F]+)(\\s+(E[A-Z]+)(\\s*\\(.*\\))?)?\\s*");
    private static final Pattern COMPARISON = Pattern.compile("(tcpi_[a-z_]+)\\s*(==|!=|<=|>=|<|>)\\s*(-?\\d+(\\.\\d+)?)");

    private final String file;
    private final List<ScriptEvent> events = new ArrayList<>();
    private final List<String> requirements = new ArrayList<>();
    private final List<String> capabilities = new ArrayList<>();
    private boolean required;
    private long toleranceNanos = DEFAULT_TOLERANCE_NANOS;

    private ScriptParser(String file) {
        this.file = file;
    }

    /**
     * Reads and parses a script file for a {@code run-script} runner, printing why when it cannot.
     *
     * @return the script, or null after printing the read or syntax error to {@code out}
     */
    public static WireScript parseFileOrReport(Path script, PrintStream out) {
        try {
            return parse(script.getFileName().toString(), Files.readString(script));
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
        ScriptParser parser = new ScriptParser(file);
        parser.parseText(text);
        return new WireScript(file, List.copyOf(parser.events), parser.toleranceNanos, parser.required, List.copyOf(parser.requirements),
            List.copyOf(parser.capabilities));
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
            Matcher header = REQUIREMENT.matcher(line.strip());
            if (header.matches()) {
                for (String id : header.group(1).split("[,\\s]+")) {
                    requirements.add(id);
                }
                required = header.group(2).equals("required");
                continue;
            }
            Matcher capability = CAPABILITY.matcher(line.strip());
            if (capability.matches()) {
                for (String name : capability.group(2).split("[,\\s]+")) {
                    try {
                        capabilities.add(io.nsaas.spi.Capability.valueOf(name).name());
                    } catch (IllegalArgumentException e) {
                        throw error(lineNo, "unknown capability '" + name + "'; expected one of "
                            + java.util.Arrays.toString(io.nsaas.spi.Capability.values()));
                    }
                }
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
            parseStatement(lineNo, block.toString().strip());
        }
        if (inBlockComment) {
            throw error(lines.length, "unterminated /* comment: expected */");
        }
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
        int space = firstSpace(statement);
        if (space < 0) {
            throw error(line, "expected '<time> <event>' (e.g. '+0.1 < . 1:1(0) ack 1 win 257'), got '" + statement + "'");
        }
        String timeText = statement.substring(0, space);
        String rest = statement.substring(space).strip();
        long blockingEnd = -1;
        int dots = timeText.indexOf("...");
        if (dots >= 0) {
            blockingEnd = seconds(line, timeText.substring(dots + 3));
            timeText = timeText.substring(0, dots);
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

    private static int firstSpace(String statement) {
        for (int i = 0; i < statement.length(); i++) {
            if (Character.isWhitespace(statement.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private void requireNotBlocking(int line, long blockingEnd, String what) {
        if (blockingEnd >= 0) {
            throw error(line, "'t1...t2' timing is for blocking system calls only, not " + what);
        }
    }

    private void parseOption(int line, String statement) {
        String[] parts = statement.substring(2).split("=", 2);
        if (parts[0].equals("tolerance_usecs") && parts.length == 2) {
            try {
                toleranceNanos = Long.parseLong(parts[1].strip()) * 1_000L;
                return;
            } catch (NumberFormatException e) {
                throw error(line, "expected --tolerance_usecs=<microseconds>, got '" + statement + "'");
            }
        }
        throw error(line, "unsupported option '" + statement + "': only --tolerance_usecs=<microseconds> is supported");
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
        String body = text.substring(2, close).strip();
        List<InfoAssertion> result = new ArrayList<>();
        for (String statement : body.split("[;\n]")) {
            String s = statement.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!s.startsWith("assert ")) {
                throw error(line, "expected 'assert tcpi_<field> <op> <number>' in %{ }%, got '" + s + "'");
            }
            String condition = s.substring(7);
            int comma = condition.indexOf(',');
            if (comma >= 0) {
                condition = condition.substring(0, comma);
            }
            for (String part : condition.split("\\s+and\\s+|\\s*&&\\s*")) {
                Matcher m = COMPARISON.matcher(part.strip());
                if (!m.matches()) {
                    throw error(line, "expected 'tcpi_<field> <op> <number>' (op one of == != < <= > >=), got '" + part.strip() + "'");
                }
                if (!InfoAssertion.knows(m.group(1))) {
                    throw error(line, "unknown tcp_info field '" + m.group(1) + "'; supported: " + InfoAssertion.supportedFields());
                }
                result.add(new InfoAssertion(m.group(1), m.group(2), Double.parseDouble(m.group(3))));
            }
        }
        if (result.isEmpty()) {
            throw error(line, "expected at least one 'assert tcpi_<field> <op> <number>' in %{ }%");
        }
        return result;
    }

    private SyscallLine syscall(int line, Timing timing, long blockingEnd, String text) {
        Matcher m = SYSCALL.matcher(text);
        if (!m.matches()) {
            throw error(line, "expected a packet ('<' or '>'), a system call 'name(args) = result', %{ assert }% or a `shell` line, got '"
                + text + "'");
        }
        String name = m.group(1);
        if (!SyscallArgs.SUPPORTED.contains(name)) {
            throw error(line, "unsupported system call '" + name + "'; supported: " + String.join(", ", SyscallArgs.SUPPORTED));
        }
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
