package io.nsaas.conformance.wire;

import io.nsaas.conformance.wire.ScriptEvent.SyscallLine;
import io.nsaas.spi.Errno;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns script system-call lines into {@link Syscall}s for a target and checks their results: keeps the
 * map from the script's fd numbers ({@code socket(...) = 3}) to the target's, resolves {@code ...}
 * addresses, and compares return values, errno names, {@code getsockopt} values and {@code poll} revents.
 */
final class SyscallBinding {
    private static final int UNKNOWN_FD_BASE = 1_000_000;

    private final String file;
    private final Map<Long, Integer> fds = new HashMap<>();
    private int currentFd = -1;

    SyscallBinding(String file) {
        this.file = file;
    }

    /** @return the target fd of the socket the last call used or made, -1 before any */
    int currentFd() {
        return currentFd;
    }

    Syscall bind(SyscallLine line) {
        List<String> a = line.args();
        try {
            return switch (line.name()) {
                case "socket" -> Syscall.socket();
                case "bind" -> endpoint(Syscall.Op.BIND, a, WireTarget.LOCAL_ADDRESS);
                case "connect" -> endpoint(Syscall.Op.CONNECT, a, WireTarget.REMOTE_ADDRESS);
                case "listen" -> Syscall.onFd(Syscall.Op.LISTEN, fd(a.get(0)), SyscallArgs.value(a.get(1)), 0);
                case "accept" -> Syscall.onFd(Syscall.Op.ACCEPT, fd(a.get(0)), 0, 0);
                case "read" -> Syscall.onFd(Syscall.Op.READ, fd(a.get(0)), SyscallArgs.value(a.get(2)), 0);
                case "write" -> Syscall.onFd(Syscall.Op.WRITE, fd(a.get(0)), SyscallArgs.value(a.get(2)), 0);
                case "send", "sendto" -> Syscall.onFd(line.name().equals("send") ? Syscall.Op.SEND : Syscall.Op.SENDTO, fd(a.get(0)),
                    SyscallArgs.value(a.get(2)), (int) SyscallArgs.value(a.get(3)));
                case "recv", "recvfrom" -> Syscall.onFd(line.name().equals("recv") ? Syscall.Op.RECV : Syscall.Op.RECVFROM, fd(a.get(0)),
                    SyscallArgs.value(a.get(2)), (int) SyscallArgs.value(a.get(3)));
                case "close" -> Syscall.onFd(Syscall.Op.CLOSE, fd(a.get(0)), 0, 0);
                case "shutdown" -> Syscall.onFd(Syscall.Op.SHUTDOWN, fd(a.get(0)), SyscallArgs.value(a.get(1)), 0);
                case "setsockopt" -> Syscall.option(Syscall.Op.SETSOCKOPT, fd(a.get(0)), (int) SyscallArgs.value(a.get(1)),
                    (int) SyscallArgs.value(a.get(2)), SyscallArgs.optionValue(a.get(3)));
                case "getsockopt" -> Syscall.option(Syscall.Op.GETSOCKOPT, fd(a.get(0)), (int) SyscallArgs.value(a.get(1)),
                    (int) SyscallArgs.value(a.get(2)), 0);
                case "fcntl" -> Syscall.fcntl(fd(a.get(0)), (int) SyscallArgs.value(a.get(1)), a.size() == 3 ? SyscallArgs.value(a.get(2)) : 0);
                case "poll" -> poll(a);
                default -> throw new IllegalArgumentException("unsupported system call " + line.name());
            };
        } catch (IllegalArgumentException e) {
            throw new ScriptExecutor.Mismatch(file + ":" + line.line() + ": " + e.getMessage());
        }
    }

    private Syscall poll(List<String> a) {
        Map<String, Long> fields = SyscallArgs.fields(a.get(0));
        if (!fields.containsKey("fd") || !fields.containsKey("events")) {
            throw new IllegalArgumentException("expected poll([{fd=N, events=MASK, revents=MASK}], 1, TIMEOUT)");
        }
        if (SyscallArgs.value(a.get(1)) != 1) {
            throw new IllegalArgumentException("poll() on one fd is supported (nfds 1)");
        }
        return Syscall.poll(fd(Long.toString(fields.get("fd"))), fields.get("events").intValue(), (int) SyscallArgs.value(a.get(2)));
    }

    private int fd(String arg) {
        long scriptFd = SyscallArgs.value(arg);
        Integer fd = fds.get(scriptFd);
        int resolved = fd != null ? fd : UNKNOWN_FD_BASE + (int) scriptFd;
        currentFd = resolved;
        return resolved;
    }

    /** bind or connect to {@code ...} (the default address, port 8080) or to a written socket address (INADDR_ANY binds the stack's) */
    private Syscall endpoint(Syscall.Op op, List<String> a, int defaultAddress) {
        int fd = fd(a.get(0));
        if (a.get(1).equals("...")) {
            return Syscall.withAddress(op, fd, defaultAddress, ScriptExecutor.LOCAL_PORT);
        }
        SyscallArgs.SocketAddress address = SyscallArgs.endpoint(op == Syscall.Op.BIND ? "bind" : "connect", a.get(1));
        return Syscall.withAddress(op, fd, address.address() == 0 ? defaultAddress : address.address(), address.port());
    }

    /** Checks {@code result} against the line's expectation; records new fds. */
    void verify(SyscallLine line, Syscall call, long result) {
        String where = file + ":" + line.line() + ": expected " + line.name() + "() = " + expectedText(line);
        if (line.errno() != null) {
            if (result >= 0 || !Errno.name((int) -result).equals(line.errno())) {
                throw new ScriptExecutor.Mismatch(where + "; got " + actualText(result));
            }
            return;
        }
        switch (call.op()) {
            case SOCKET, ACCEPT -> {
                if (result < 0) {
                    throw new ScriptExecutor.Mismatch(where + "; got " + actualText(result));
                }
                fds.put(line.result(), (int) result);
                currentFd = (int) result;
            }
            case GETSOCKOPT -> {
                long expected = SyscallArgs.optionValue(line.args().get(3));
                if (result < 0 || line.result() != 0 || result != expected) {
                    throw new ScriptExecutor.Mismatch(where + " with value " + line.args().get(3) + "; got "
                        + (result < 0 ? actualText(result) : "0 with value [" + result + "]"));
                }
            }
            case POLL -> {
                Long revents = SyscallArgs.fields(line.args().get(0)).get("revents");
                long count = result > 0 ? 1 : result;
                if (count != line.result() || revents != null && result >= 0 && revents != result) {
                    throw new ScriptExecutor.Mismatch(where + (revents == null ? "" : " with revents 0x" + Long.toHexString(revents))
                        + "; got " + (result < 0 ? actualText(result) : count + " with revents 0x" + Long.toHexString(result)));
                }
            }
            default -> {
                if (result != line.result()) {
                    throw new ScriptExecutor.Mismatch(where + "; got " + actualText(result));
                }
            }
        }
    }

    private static String expectedText(SyscallLine line) {
        return line.errno() == null ? Long.toString(line.result()) : "-1 " + line.errno();
    }

    private static String actualText(long result) {
        return result >= 0 ? Long.toString(result) : "-1 " + Errno.name((int) -result);
    }
}
