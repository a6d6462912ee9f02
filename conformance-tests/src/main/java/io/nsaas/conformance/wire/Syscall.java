package io.nsaas.conformance.wire;

/**
 * One system call of a script, resolved for a {@link WireTarget}: the script's fd numbers are already
 * mapped to the target's, {@code ...} addresses to {@link WireTarget#LOCAL_ADDRESS} /
 * {@link WireTarget#REMOTE_ADDRESS} and the script's ports. Build with the static factories; the
 * fields a call does not use are 0.
 *
 * <p>What each {@link Op} uses and returns ({@code -errno} on error for all):
 * <ul>
 *   <li>{@code SOCKET}: nothing (AF_INET, SOCK_STREAM, IPPROTO_TCP; blocking); returns the new fd</li>
 *   <li>{@code BIND}, {@code CONNECT}: fd, address, port; returns 0</li>
 *   <li>{@code LISTEN}: fd, value = backlog; returns 0</li>
 *   <li>{@code ACCEPT}: fd; returns the new fd</li>
 *   <li>{@code WRITE}, {@code SEND}, {@code SENDTO}: fd, value = byte count (the bytes are the
 *       target's choice, as packetdrill's), flags; returns bytes written</li>
 *   <li>{@code READ}, {@code RECV}, {@code RECVFROM}: fd, value = buffer size, flags; returns bytes read</li>
 *   <li>{@code CLOSE}: fd; returns 0</li>
 *   <li>{@code SHUTDOWN}: fd, value = how (SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2); returns 0</li>
 *   <li>{@code SETSOCKOPT}: fd, level, optname (Linux numbers), value; returns 0</li>
 *   <li>{@code GETSOCKOPT}: fd, level, optname; returns the option's value ({@code >= 0}; SO_ERROR
 *       read-and-clears and returns the positive errno)</li>
 *   <li>{@code FCNTL}: fd, optname = cmd (F_GETFL 3, F_SETFL 4), value = flags (O_NONBLOCK 0x800);
 *       returns the flags for F_GETFL, 0 for F_SETFL</li>
 *   <li>{@code POLL}: fd, value = events mask (POLLIN 1, POLLOUT 4, ...), flags = timeout in ms (-1 forever);
 *       returns the revents mask (POLLERR 8, POLLHUP 0x10, POLLRDHUP 0x2000 included when they hold),
 *       0 on timeout</li>
 * </ul>
 *
 * @param op      the call
 * @param fd      the target's fd, or 0 for {@code SOCKET}
 * @param address IPv4 address (big-endian int) for BIND, CONNECT, SENDTO
 * @param port    port for BIND, CONNECT, SENDTO
 * @param level   socket option level (SOL_SOCKET 1, IPPROTO_TCP 6)
 * @param optname option name, or fcntl cmd
 * @param value   see the table
 * @param flags   MSG_* flags, or poll timeout
 */
public record Syscall(Op op, int fd, int address, int port, int level, int optname, long value, int flags) {
    /** The system calls a script may make. */
    public enum Op {
        SOCKET, BIND, LISTEN, ACCEPT, CONNECT, READ, WRITE, SEND, RECV, SENDTO, RECVFROM, CLOSE, SHUTDOWN,
        SETSOCKOPT, GETSOCKOPT, FCNTL, POLL
    }

    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int O_NONBLOCK = 0x800;
    public static final int POLLIN = 0x1;
    public static final int POLLPRI = 0x2;
    public static final int POLLOUT = 0x4;
    public static final int POLLERR = 0x8;
    public static final int POLLHUP = 0x10;
    public static final int POLLNVAL = 0x20;
    public static final int POLLRDHUP = 0x2000;

    public static Syscall socket() {
        return new Syscall(Op.SOCKET, 0, 0, 0, 0, 0, 0, 0);
    }

    public static Syscall withAddress(Op op, int fd, int address, int port) {
        return new Syscall(op, fd, address, port, 0, 0, 0, 0);
    }

    /** LISTEN, ACCEPT, CLOSE, SHUTDOWN and the data calls: an fd, one value and flags. */
    public static Syscall onFd(Op op, int fd, long value, int flags) {
        return new Syscall(op, fd, 0, 0, 0, 0, value, flags);
    }

    public static Syscall option(Op op, int fd, int level, int optname, long value) {
        return new Syscall(op, fd, 0, 0, level, optname, value, 0);
    }

    public static Syscall fcntl(int fd, int cmd, long flags) {
        return new Syscall(Op.FCNTL, fd, 0, 0, 0, cmd, flags, 0);
    }

    public static Syscall poll(int fd, int events, int timeoutMs) {
        return new Syscall(Op.POLL, fd, 0, 0, 0, 0, events, timeoutMs);
    }
}
