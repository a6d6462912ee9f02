package io.nsaas.conformance.wire;

import io.nsaas.spi.Errno;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Plugin mode: a packet-level plugin's {@link StackInstance} driven in virtual time by a
 * {@link VirtualStackHost}. Blocking sockets (the default, as in Linux) are emulated over the SPI's
 * non-blocking calls: a call that would block returns {@link #BLOCKED} and is retried by
 * {@link #pendingResult()} whenever the script has moved time or injected a packet. Readiness for
 * {@code poll} comes from the stack's events.
 *
 * <p>Known sysctls in backtick lines before the first socket call are mapped onto stack options
 * (net.ipv4.tcp_sack, tcp_timestamps, tcp_window_scaling, tcp_ecn, and the maximum of tcp_rmem / tcp_wmem as
 * rcvbuf / sndbuf); other shell lines are skipped and say so in the script's notes. Sysctls that only switch
 * off a Linux extension so that Linux behaves as the RFC says (tcp_syn_linear_timeouts=0, tcp_early_retrans=0)
 * are among the skipped: a plugin is expected to behave as the RFC says without them.
 */
public final class PluginWireTarget implements WireTarget, StackEvents {
    private static final Pattern SYSCTL = Pattern.compile(
        "sysctl\\s+(-[qwe]+\\s+)*net\\.ipv4\\.(tcp_[a-z_]+)\\s*=\\s*(\\d+|\"\\d+\\s+\\d+\\s+\\d+\")");
    private static final Map<String, String> SYSCTL_OPTIONS = Map.of(
        "tcp_sack", "sack", "tcp_timestamps", "timestamps", "tcp_window_scaling", "window-scaling", "tcp_ecn", "ecn",
        "tcp_rmem", "rcvbuf", "tcp_wmem", "sndbuf");

    private final NetworkStack stack;
    private final String description;
    private final VirtualStackHost host;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<Integer> nonBlocking = new HashSet<>();
    private final Set<Integer> readable = new HashSet<>();
    private final Set<Integer> writable = new HashSet<>();
    private final Set<Integer> connected = new HashSet<>();
    private final Map<Integer, Integer> closedErrno = new HashMap<>();
    private final Map<Integer, Long> bytesRead = new HashMap<>();
    private final TcpInfo pollInfo = new TcpInfo();
    private final UnsafeBuffer io = new UnsafeBuffer(new byte[1 << 20]);
    private StackInstance instance;
    private Syscall pending;
    private long pendingDone;
    private long pendingDeadline;

    /**
     * @param stack       the plugin's stack (packet level)
     * @param description for reports, e.g. {@code "plugin newreno 1.0.0"}
     * @param seed        the seed of the stack's random source (ISNs, ephemeral ports)
     */
    public PluginWireTarget(NetworkStack stack, String description, long seed) {
        this.stack = stack;
        this.description = description;
        this.host = new VirtualStackHost(seed);
    }

    private StackInstance instance() {
        if (instance == null) {
            instance = stack.create(host, this, Map.copyOf(options));
            host.attach(instance);
        }
        return instance;
    }

    @Override
    public String describe() {
        return description + (options.isEmpty() ? "" : " " + options);
    }

    @Override
    public long nowNanos() {
        return host.nanoTime();
    }

    @Override
    public void advanceTo(long nanos) {
        host.runUntil(nanos);
    }

    @Override
    public void inject(byte[] ipv4) {
        instance().onPacket(new UnsafeBuffer(ipv4), 0, ipv4.length);
    }

    @Override
    public OutboundPacket nextOutbound(long deadlineNanos) {
        return host.runUntilTransmit(deadlineNanos);
    }

    @Override
    public long syscall(Syscall call) {
        long result = attempt(call, true);
        if (result != BLOCKED) {
            return result;
        }
        pending = call;
        pendingDone = 0;
        pendingDeadline = call.op() == Syscall.Op.POLL && call.flags() >= 0 ? nowNanos() + call.flags() * 1_000_000L : Long.MAX_VALUE;
        return BLOCKED;
    }

    @Override
    public long pendingResult() {
        if (pending == null) {
            throw new IllegalStateException("no blocked call");
        }
        long result = attempt(pending, false);
        if (result == BLOCKED && nowNanos() >= pendingDeadline) {
            result = 0;
        }
        if (result != BLOCKED) {
            pending = null;
        }
        return result;
    }

    private long attempt(Syscall call, boolean first) {
        StackInstance s = instance();
        int fd = call.fd();
        boolean blocking = !nonBlocking.contains(fd);
        switch (call.op()) {
            case SOCKET:
                return s.open();
            case BIND:
                return s.bind(fd, call.address(), call.port());
            case LISTEN:
                return s.listen(fd, (int) call.value());
            case CONNECT:
                return connect(s, call, first, blocking);
            case ACCEPT:
                return blockable(s.accept(fd), fd, blocking, readable);
            case READ: case RECV: case RECVFROM: {
                int read = s.recv(fd, io, 0, (int) Math.min(call.value(), io.capacity()));
                if (read > 0) {
                    bytesRead.merge(fd, (long) read, Long::sum);
                }
                return blockable(read, fd, blocking, readable);
            }
            case WRITE: case SEND: case SENDTO:
                return write(s, call, first, blocking);
            case CLOSE:
                return s.close(fd);
            case SHUTDOWN:
                return s.shutdown(fd, (int) call.value());
            case SETSOCKOPT: {
                SocketOption option = SocketOption.fromCode(call.level() << 16 | call.optname());
                return option == null ? -Errno.ENOPROTOOPT : s.setOption(fd, option, call.value());
            }
            case GETSOCKOPT: {
                SocketOption option = SocketOption.fromCode(call.level() << 16 | call.optname());
                return option == null ? -Errno.ENOPROTOOPT : s.getOption(fd, option);
            }
            case FCNTL:
                return fcntl(s, call);
            case POLL:
                return poll(call);
            default:
                throw new IllegalStateException("unhandled " + call.op());
        }
    }

    private long connect(StackInstance s, Syscall call, boolean first, boolean blocking) {
        int fd = call.fd();
        if (first) {
            int result = s.connect(fd, call.address(), call.port());
            return result == -Errno.EINPROGRESS && blocking ? BLOCKED : result;
        }
        if (connected.contains(fd)) {
            return 0;
        }
        Integer errno = closedErrno.get(fd);
        return errno != null ? -(errno == 0 ? Errno.ECONNRESET : errno) : BLOCKED;
    }

    private long write(StackInstance s, Syscall call, boolean first, boolean blocking) {
        if (first) {
            pendingDone = 0;
        }
        long remaining = call.value() - pendingDone;
        while (remaining > 0) {
            int chunk = (int) Math.min(remaining, io.capacity());
            int sent = s.send(call.fd(), io, 0, chunk);
            if (sent < 0) {
                if (sent == -Errno.EAGAIN && blocking) {
                    writable.remove(call.fd());
                    return BLOCKED;
                }
                long done = pendingDone;
                pendingDone = 0;
                return done > 0 ? done : sent;
            }
            pendingDone += sent;
            remaining -= sent;
            if (!blocking && sent < chunk) {
                break;
            }
        }
        long done = pendingDone;
        pendingDone = 0;
        return done;
    }

    private static long blockable(int result, int fd, boolean blocking, Set<Integer> readiness) {
        if (result == -Errno.EAGAIN) {
            readiness.remove(fd);
            return blocking ? BLOCKED : result;
        }
        return result;
    }

    private long fcntl(StackInstance s, Syscall call) {
        if (s.localEndpoint(call.fd()) == -Errno.EBADF) {
            return -Errno.EBADF;
        }
        if (call.optname() == Syscall.F_GETFL) {
            return 2 | (nonBlocking.contains(call.fd()) ? Syscall.O_NONBLOCK : 0);
        }
        if (call.optname() == Syscall.F_SETFL) {
            if ((call.value() & Syscall.O_NONBLOCK) != 0) {
                nonBlocking.add(call.fd());
            } else {
                nonBlocking.remove(call.fd());
            }
            return 0;
        }
        return -Errno.EINVAL;
    }

    /**
     * Linux's readiness for one socket: POLLIN when a connection is ready to accept, unread bytes are
     * there, the peer's FIN arrived or the connection failed; POLLOUT when connected and the last send
     * did not fill the buffer; POLLHUP when the connection is gone, with POLLERR when it failed.
     */
    private long poll(Syscall call) {
        int fd = call.fd();
        int events = (int) call.value();
        int revents = 0;
        Integer errno = closedErrno.get(fd);
        boolean known = instance.info(fd, pollInfo) == 0;
        boolean readableNow = pollInfo.state == TcpState.LISTEN ? readable.contains(fd)
            : pollInfo.bytesReceived > bytesRead.getOrDefault(fd, 0L) || finReceived(pollInfo.state) || errno != null;
        if (!known) {
            revents = Syscall.POLLNVAL;
        } else {
            if (readableNow) {
                revents |= (Syscall.POLLIN | Syscall.POLLRDHUP & (finReceived(pollInfo.state) ? -1 : 0)) & events;
            }
            if (writable.contains(fd) && errno == null && pollInfo.state != TcpState.LISTEN) {
                revents |= Syscall.POLLOUT & events;
            }
            if (errno != null) {
                revents |= Syscall.POLLHUP | (errno != 0 ? Syscall.POLLERR : 0);
            }
        }
        return revents == 0 && call.flags() != 0 ? BLOCKED : revents;
    }

    private static boolean finReceived(TcpState state) {
        return state == TcpState.CLOSE_WAIT || state == TcpState.LAST_ACK || state == TcpState.CLOSING || state == TcpState.TIME_WAIT;
    }

    @Override
    public boolean info(int fd, TcpInfo into) {
        return instance().info(fd, into) == 0;
    }

    @Override
    public ShellOutcome shell(String command) {
        Matcher m = SYSCTL.matcher(command.strip());
        String option = m.matches() ? SYSCTL_OPTIONS.get(m.group(2)) : null;
        if (option == null) {
            return ShellOutcome.skipped("skipped in plugin mode: `" + command + "`"
                + (m.matches() ? " (no stack option for net.ipv4." + m.group(2) + ")" : ""));
        }
        if (instance != null) {
            return ShellOutcome.skipped("skipped in plugin mode: `" + command + "` comes after the stack started;"
                + " put sysctls before the first system call");
        }
        String value = optionValue(option, m.group(3));
        options.put(option, value);
        return ShellOutcome.mapped("mapped " + m.group(2) + "=" + m.group(3) + " to stack option " + option + "=" + value);
    }

    /** @return the stack option value of a sysctl value: buffer sizes take the maximum of "min default max" */
    private static String optionValue(String option, String sysctlValue) {
        String[] numbers = sysctlValue.replace("\"", "").strip().split("\\s+");
        String last = numbers[numbers.length - 1];
        return switch (option) {
            case "ecn" -> switch (last) {
                case "0" -> "off";
                case "1" -> "on";
                default -> "accept";
            };
            case "rcvbuf", "sndbuf" -> last;
            default -> last.equals("0") ? "false" : "true";
        };
    }

    @Override
    public void close() {
        if (instance != null) {
            instance.destroy();
        }
    }

    @Override
    public void onConnected(int socket) {
        connected.add(socket);
        writable.add(socket);
    }

    @Override
    public void onReadable(int socket) {
        readable.add(socket);
    }

    @Override
    public void onWritable(int socket) {
        writable.add(socket);
    }

    @Override
    public void onAcceptable(int socket) {
        readable.add(socket);
    }

    @Override
    public void onClosed(int socket, int errno) {
        closedErrno.put(socket, errno);
        readable.add(socket);
    }

    /** @return the stack's log lines, for a failure report */
    public java.util.List<String> log() {
        return host.log();
    }
}
