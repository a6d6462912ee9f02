package io.nsaas.conformance.wire;

import io.nsaas.spi.SocketOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The argument expressions of script system calls: splitting, arity checks and evaluation of the
 * Linux constants scripts use ({@code SOL_SOCKET}, {@code SO_ERROR}, {@code O_NONBLOCK}, {@code POLLIN|POLLOUT},
 * {@code [1]}, {@code {onoff=1, linger=0}}, {@code ...}, IPv4 socket addresses with {@code htons} and {@code inet_addr}).
 */
final class SyscallArgs {
    static final List<String> SUPPORTED = List.of("socket", "bind", "listen", "accept", "connect", "read", "write", "send",
        "recv", "sendto", "recvfrom", "close", "shutdown", "setsockopt", "getsockopt", "fcntl", "poll");

    /** socket(2) type flag: the new socket is non-blocking (as after {@code fcntl(fd, F_SETFL, O_NONBLOCK)}). */
    static final long SOCK_NONBLOCK = 0x800L;
    private static final long SOCK_TYPE_FLAGS = SOCK_NONBLOCK | 0x80000L;

    private static final java.util.regex.Pattern HTONS = java.util.regex.Pattern.compile("htons\\(\\d{1,5}\\)");
    private static final java.util.regex.Pattern INET_ADDR = java.util.regex.Pattern.compile(
        "inet_addr\\(\"(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\"\\)");

    private static final Map<String, Integer> ARITY = Map.ofEntries(
        Map.entry("socket", 3), Map.entry("bind", 3), Map.entry("listen", 2), Map.entry("accept", 3), Map.entry("connect", 3),
        Map.entry("read", 3), Map.entry("write", 3), Map.entry("send", 4), Map.entry("recv", 4), Map.entry("sendto", 6),
        Map.entry("recvfrom", 6), Map.entry("close", 1), Map.entry("shutdown", 2), Map.entry("setsockopt", 5),
        Map.entry("getsockopt", 5), Map.entry("poll", 3));

    private static final Map<String, Long> CONSTANTS = Map.ofEntries(
        Map.entry("SOL_SOCKET", (long) SocketOption.Level.SOL_SOCKET), Map.entry("IPPROTO_TCP", (long) SocketOption.Level.IPPROTO_TCP),
        Map.entry("SOL_TCP", (long) SocketOption.Level.IPPROTO_TCP),
        Map.entry("SO_REUSEADDR", 2L), Map.entry("SO_KEEPALIVE", 9L), Map.entry("SO_SNDBUF", 7L), Map.entry("SO_RCVBUF", 8L),
        Map.entry("SO_LINGER", 13L), Map.entry("SO_ERROR", 4L), Map.entry("TCP_NODELAY", 1L), Map.entry("TCP_MAXSEG", 2L),
        Map.entry("TCP_USER_TIMEOUT", 18L),
        Map.entry("SHUT_RD", 0L), Map.entry("SHUT_WR", 1L), Map.entry("SHUT_RDWR", 2L),
        Map.entry("F_GETFL", (long) Syscall.F_GETFL), Map.entry("F_SETFL", (long) Syscall.F_SETFL),
        Map.entry("O_NONBLOCK", (long) Syscall.O_NONBLOCK), Map.entry("O_RDWR", 2L),
        Map.entry("POLLIN", (long) Syscall.POLLIN), Map.entry("POLLPRI", (long) Syscall.POLLPRI), Map.entry("POLLOUT", (long) Syscall.POLLOUT),
        Map.entry("POLLERR", (long) Syscall.POLLERR), Map.entry("POLLHUP", (long) Syscall.POLLHUP),
        Map.entry("POLLNVAL", (long) Syscall.POLLNVAL), Map.entry("POLLRDHUP", (long) Syscall.POLLRDHUP),
        Map.entry("MSG_PEEK", 2L), Map.entry("MSG_DONTWAIT", 0x40L), Map.entry("MSG_NOSIGNAL", 0x4000L),
        Map.entry("AF_INET", 2L), Map.entry("PF_INET", 2L), Map.entry("SOCK_STREAM", 1L), Map.entry("SOCK_NONBLOCK", SOCK_NONBLOCK),
        Map.entry("SOCK_CLOEXEC", 0x80000L));

    private SyscallArgs() {
    }

    /** Splits an argument list at top-level commas (not inside [], {} or ()). */
    static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += depthChange(c);
            if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = text.substring(start).strip();
        if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
        }
        return List.copyOf(args);
    }

    /** @return how many of {@code ( [ {} are still open at the end of {@code text} (a call continued on the next line) */
    static int openBrackets(CharSequence text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            depth += depthChange(text.charAt(i));
        }
        return depth;
    }

    private static int depthChange(char c) {
        return switch (c) {
            case '(', '[', '{' -> 1;
            case ')', ']', '}' -> -1;
            default -> 0;
        };
    }

    /** Checks the argument count and that every constant is known, so errors surface at parse time. */
    static void check(String file, int line, String name, List<String> args) {
        Integer arity = ARITY.get(name);
        boolean ok = arity == null ? args.size() == 2 || args.size() == 3 : args.size() == arity;
        if (!ok) {
            throw new ScriptSyntaxException(file, line, name + "() takes " + (arity == null ? "2 or 3" : arity)
                + " arguments, got " + args.size());
        }
        if (name.equals("poll")) {
            return;
        }
        for (String arg : args) {
            if (!arg.equals("...") && !arg.startsWith("{")) {
                try {
                    value(arg);
                } catch (IllegalArgumentException e) {
                    throw new ScriptSyntaxException(file, line, e.getMessage());
                }
            }
        }
        if (name.equals("socket")) {
            checkSocket(file, line, args);
        }
        if ((name.equals("bind") || name.equals("connect")) && !args.get(1).equals("...")) {
            try {
                endpoint(name, args.get(1));
            } catch (IllegalArgumentException e) {
                throw new ScriptSyntaxException(file, line, e.getMessage());
            }
        }
    }

    /**
     * An IPv4 socket address argument, {@code {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("192.0.2.1")}}.
     *
     * @param address big-endian IPv4 address, 0 for {@code INADDR_ANY}
     * @param port    the port
     */
    record SocketAddress(int address, int port) {
    }

    /**
     * @param call {@code bind} (the stack's own address {@link WireTarget#LOCAL_ADDRESS} or INADDR_ANY) or
     *             {@code connect} (the script's host {@link WireTarget#REMOTE_ADDRESS})
     * @return the address of a bind or connect argument written as a struct
     * @throws IllegalArgumentException naming what is wrong or unsupported
     */
    static SocketAddress endpoint(String call, String arg) {
        SocketAddress address = socketAddress(arg);
        boolean ours = call.equals("bind") ? address.address() == 0 || address.address() == WireTarget.LOCAL_ADDRESS
            : address.address() == WireTarget.REMOTE_ADDRESS;
        if (!ours) {
            throw new IllegalArgumentException(UnsupportedFeature.PREFIX + call + " to " + dotted(address.address()) + " (the stack is "
                + dotted(WireTarget.LOCAL_ADDRESS) + ", the script's host " + dotted(WireTarget.REMOTE_ADDRESS) + ")");
        }
        return address;
    }

    private static SocketAddress socketAddress(String arg) {
        String text = arg.strip();
        String form = "expected ... or {sa_family=AF_INET, sin_port=htons(N), sin_addr=inet_addr(\"A.B.C.D\")}, got '" + text + "'";
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException(form);
        }
        Long family = null;
        Integer port = null;
        Integer address = null;
        for (String item : split(text.substring(1, text.length() - 1))) {
            String[] kv = item.split("=", 2);
            String value = kv.length == 2 ? kv[1].strip() : "";
            switch (kv[0].strip()) {
                case "sa_family", "sin_family" -> family = value(value);
                case "sin_port" -> port = HTONS.matcher(value).matches() ? Integer.parseInt(value.substring(6, value.length() - 1)) : null;
                case "sin_addr" -> address = value.equals("INADDR_ANY") ? Integer.valueOf(0) : inetAddr(value);
                default -> throw new IllegalArgumentException(form);
            }
        }
        if (family == null || family != 2 || port == null || port > 0xFFFF || address == null) {
            throw new IllegalArgumentException(form);
        }
        return new SocketAddress(address, port);
    }

    private static Integer inetAddr(String value) {
        java.util.regex.Matcher m = INET_ADDR.matcher(value);
        if (!m.matches()) {
            return null;
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return null;
            }
            address = address << 8 | octet;
        }
        return address;
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** socket(AF_INET or ..., SOCK_STREAM [| SOCK_NONBLOCK | SOCK_CLOEXEC], IPPROTO_TCP, 0 or ...). */
    private static void checkSocket(String file, int line, List<String> args) {
        boolean domain = args.get(0).equals("...") || value(args.get(0)) == 2;
        long type = args.get(1).equals("...") ? 1 : value(args.get(1));
        boolean protocol = args.get(2).equals("...") || value(args.get(2)) == 0 || value(args.get(2)) == 6;
        if (!domain || (type & ~SOCK_TYPE_FLAGS) != 1 || !protocol) {
            throw new ScriptSyntaxException(file, line, UnsupportedFeature.PREFIX + "socket(" + String.join(", ", args)
                + "): scripts use AF_INET SOCK_STREAM [| SOCK_NONBLOCK] IPPROTO_TCP sockets");
        }
    }

    /** @return whether a socket line's type asks for a non-blocking socket */
    static boolean nonBlockingSocket(List<String> args) {
        return !args.get(1).equals("...") && (value(args.get(1)) & SOCK_NONBLOCK) != 0;
    }

    /**
     * @return the value of a numeric expression: a number, a known constant, {@code A|B}, {@code [expr]}
     * @throws IllegalArgumentException naming what is not understood
     */
    static long value(String arg) {
        String text = arg.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            return value(text.substring(1, text.length() - 1));
        }
        if (text.contains("|")) {
            long result = 0;
            for (String part : text.split("\\|")) {
                result |= value(part);
            }
            return result;
        }
        Long constant = CONSTANTS.get(text);
        if (constant != null) {
            return constant;
        }
        String unsupported = UnsupportedFeature.constantMessage(text);
        if (unsupported != null) {
            throw new IllegalArgumentException(UnsupportedFeature.PREFIX + unsupported);
        }
        if (text.matches("E[A-Z]+")) {
            for (int errno = 1; errno < 150; errno++) {
                if (io.nsaas.spi.Errno.name(errno).equals(text)) {
                    return errno;
                }
            }
        }
        try {
            return Long.decode(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown constant or number '" + text + "'; known constants: "
                + String.join(" ", new java.util.TreeSet<>(CONSTANTS.keySet())));
        }
    }

    /** @return the value of {@code {onoff=1, linger=0}} as {@link SocketOption#linger}, or {@link #value} otherwise */
    static long optionValue(String arg) {
        String text = arg.strip();
        if (!text.startsWith("{")) {
            return value(text);
        }
        Map<String, Long> fields = fields(text);
        Long onoff = fields.get("onoff");
        Long linger = fields.get("linger");
        if (onoff == null || linger == null) {
            throw new IllegalArgumentException("expected {onoff=N, linger=N}, got '" + text + "'");
        }
        return SocketOption.linger(onoff != 0, linger.intValue());
    }

    /** @return the fields of a {@code {name=value, ...}} struct (a poll struct may sit inside {@code [ ]}) */
    static Map<String, Long> fields(String arg) {
        String text = arg.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalArgumentException("expected a struct {name=value, ...}, got '" + arg.strip() + "'");
        }
        Map<String, Long> fields = new java.util.HashMap<>();
        for (String item : text.substring(1, text.length() - 1).split(",")) {
            String[] kv = item.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected name=value in '" + arg.strip() + "', got '" + item.strip() + "'");
            }
            fields.put(kv[0].strip(), value(kv[1]));
        }
        return fields;
    }
}
