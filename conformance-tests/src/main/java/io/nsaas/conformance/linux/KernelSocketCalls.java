package io.nsaas.conformance.linux;

import io.nsaas.conformance.wire.Syscall;
import io.nsaas.conformance.wire.WireTarget;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.TcpInfo;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Performs a script's system calls on real kernel sockets. Every kernel socket is non-blocking; a
 * socket the script sees as blocking (the default, until it sets {@code O_NONBLOCK} with fcntl)
 * emulates blocking: a call that would block returns {@link WireTarget#BLOCKED} and is retried
 * without waiting by {@link #pendingResult} until it completes (accept, connect, read, write of all
 * bytes, poll until its timeout). Only a call that would block is retried, so the packets the kernel
 * sends are the same as for a blocking call (the SYN of a connect, the data of a write).
 *
 * <p>Results are values: {@code >= 0}, {@code -errno} (errno read only after a -1) or BLOCKED.
 * Not thread-safe: the script's thread calls everything.
 */
final class KernelSocketCalls implements AutoCloseable {
    private static final int SOCKADDR_IN_LENGTH = 16;
    private static final int POLLFD_LENGTH = 8;
    private static final int TCP_INFO_LENGTH = 512;
    private static final int INITIAL_DATA_LENGTH = 64 * 1024;

    private final LinuxLibC libc;
    private final jnr.ffi.Runtime runtime;
    private final ScriptNamespace namespace;
    private final LongSupplier clock;
    private final UnsafeBuffer scratch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(TCP_INFO_LENGTH + 64, 64));
    private UnsafeBuffer data = new UnsafeBuffer(BufferUtil.allocateDirectAligned(INITIAL_DATA_LENGTH, 64));
    private final Set<Integer> open = new HashSet<>();
    private final Set<Integer> scriptNonBlocking = new HashSet<>();

    private Syscall pending;
    private long pendingDone;
    private long pendingDeadline;

    KernelSocketCalls(LinuxLibC libc, ScriptNamespace namespace, LongSupplier clock) {
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.namespace = namespace;
        this.clock = clock;
    }

    /** @return the result, {@code -errno}, or BLOCKED (then {@link #pendingResult} completes the call) */
    long call(Syscall call) {
        if (pending != null) {
            throw new IllegalStateException("a blocking " + pending.op() + " is still pending; the script made another call " + call.op());
        }
        if (call.op() != Syscall.Op.SOCKET && !open.contains(call.fd())) {
            return -Errno.EBADF;
        }
        pendingDone = 0;
        long result = attempt(call, 0);
        if (result == -Errno.EAGAIN && call.op() == Syscall.Op.POLL && call.flags() == 0) {
            return 0; // a zero-timeout poll with nothing ready
        }
        if (result == -Errno.EAGAIN && blocking(call)) {
            pending = call;
            pendingDeadline = call.op() == Syscall.Op.POLL && call.flags() >= 0
                ? clock.getAsLong() + call.flags() * 1_000_000L : Long.MAX_VALUE;
            return WireTarget.BLOCKED;
        }
        return result;
    }

    /** @return the pending call's result once it completed, else BLOCKED */
    long pendingResult() {
        if (pending == null) {
            return WireTarget.BLOCKED;
        }
        long result = attempt(pending, pendingDone);
        if (result == -Errno.EAGAIN) {
            if (pending.op() != Syscall.Op.POLL || clock.getAsLong() < pendingDeadline) {
                return WireTarget.BLOCKED;
            }
            result = 0; // poll timed out
        }
        pending = null;
        return result;
    }

    /** Fills {@code into} from getsockopt(TCP_INFO); false for an fd the script does not hold. */
    boolean info(int fd, TcpInfo into) {
        if (!open.contains(fd)) {
            return false;
        }
        scratch.putInt(TCP_INFO_LENGTH, TCP_INFO_LENGTH);
        if (libc.getsockopt(fd, LinuxLibC.IPPROTO_TCP, LinuxLibC.TCP_INFO, scratch.addressOffset(),
            scratch.addressOffset() + TCP_INFO_LENGTH) < 0) {
            return false;
        }
        into.clear();
        LinuxTcpInfo.read(scratch, scratch.getInt(TCP_INFO_LENGTH), into);
        return true;
    }

    /** Calls every socket function once, on a socket of its own that is closed again (see LinuxWireTarget). */
    void warmUp() {
        int fd = (int) socket();
        Syscall[] calls = {
            Syscall.withAddress(Syscall.Op.BIND, fd, 0x7F00_0001, 0), Syscall.onFd(Syscall.Op.LISTEN, fd, 1, 0),
            Syscall.onFd(Syscall.Op.ACCEPT, fd, 0, 0), Syscall.onFd(Syscall.Op.READ, fd, 1, 0),
            Syscall.onFd(Syscall.Op.WRITE, fd, 1, 0), Syscall.onFd(Syscall.Op.SHUTDOWN, fd, 2, 0),
            Syscall.option(Syscall.Op.SETSOCKOPT, fd, LinuxLibC.SOL_SOCKET, 2, 1),
            Syscall.option(Syscall.Op.GETSOCKOPT, fd, LinuxLibC.SOL_SOCKET, LinuxLibC.SO_ERROR, 0),
            Syscall.fcntl(fd, Syscall.F_GETFL, 0), Syscall.poll(fd, Syscall.POLLIN, 0),
            Syscall.withAddress(Syscall.Op.CONNECT, fd, 0x7F00_0001, 1)};
        for (Syscall call : calls) {
            attempt(call, 0);
        }
        info(fd, new TcpInfo());
        close(fd);
    }

    /** Closes every socket the script left open. */
    @Override
    public void close() {
        for (int fd : open) {
            libc.close(fd);
        }
        open.clear();
        pending = null;
    }

    private boolean blocking(Syscall call) {
        return switch (call.op()) {
            case ACCEPT, CONNECT, READ, RECV, RECVFROM, WRITE, SEND, SENDTO -> !scriptNonBlocking.contains(call.fd());
            case POLL -> call.flags() != 0; // poll waits for its timeout whatever O_NONBLOCK says
            default -> false;
        };
    }

    /**
     * One non-blocking try; a call that would block returns {@code -EAGAIN}.
     *
     * @param done for a write being retried, the bytes already written
     */
    private long attempt(Syscall call, long done) {
        int fd = call.fd();
        return switch (call.op()) {
            case SOCKET -> socket();
            case BIND -> check(libc.bind(fd, sockaddr(call), SOCKADDR_IN_LENGTH));
            case LISTEN -> check(libc.listen(fd, (int) call.value()));
            case ACCEPT -> accept(fd);
            case CONNECT -> connect(call, done);
            case READ, RECV, RECVFROM -> read(call);
            case WRITE, SEND, SENDTO -> write(call, done);
            case CLOSE -> close(fd);
            case SHUTDOWN -> check(libc.shutdown(fd, (int) call.value()));
            case SETSOCKOPT -> setsockopt(call);
            case GETSOCKOPT -> getsockopt(call);
            case FCNTL -> fcntl(call);
            case POLL -> poll(fd, (int) call.value());
        };
    }

    private long socket() {
        int fd = namespace.inside(() -> libc.socket(LinuxLibC.AF_INET,
            LinuxLibC.SOCK_STREAM | LinuxLibC.SOCK_NONBLOCK | LinuxLibC.SOCK_CLOEXEC, LinuxLibC.IPPROTO_TCP));
        return opened(fd);
    }

    private long accept(int fd) {
        return opened(libc.accept4(fd, 0, 0, LinuxLibC.SOCK_NONBLOCK | LinuxLibC.SOCK_CLOEXEC));
    }

    private long opened(int fd) {
        if (fd < 0) {
            return -errno();
        }
        open.add(fd);
        return fd;
    }

    /** A first connect starts the handshake; a retry (done = 1) waits for it to finish. */
    private long connect(Syscall call, long done) {
        if (done == 0) {
            long result = check(libc.connect(call.fd(), sockaddr(call), SOCKADDR_IN_LENGTH));
            if (result == -Errno.EINPROGRESS && blocking(call)) {
                pendingDone = 1;
                return -Errno.EAGAIN;
            }
            return result;
        }
        long ready = poll(call.fd(), Syscall.POLLOUT);
        if (ready < 0) {
            return ready; // -EAGAIN: the handshake is still going on
        }
        long error = getsockopt(Syscall.option(Syscall.Op.GETSOCKOPT, call.fd(), LinuxLibC.SOL_SOCKET, LinuxLibC.SO_ERROR, 0));
        return error > 0 ? -error : error;
    }

    private long read(Syscall call) {
        int length = (int) Math.min(Math.max(call.value(), 0), Integer.MAX_VALUE);
        ensureData(length);
        long n = libc.recv(call.fd(), data.addressOffset(), length, call.flags());
        return n >= 0 ? n : -errno();
    }

    /** Writes the remaining filler bytes; a blocking write completes only when all are written. */
    private long write(Syscall call, long done) {
        long remaining = call.value() - done;
        int length = (int) Math.min(Math.max(remaining, 0), Integer.MAX_VALUE);
        ensureData(length);
        long n = libc.send(call.fd(), data.addressOffset(), length, call.flags() | LinuxLibC.MSG_NOSIGNAL);
        if (n < 0) {
            int errno = errno();
            return done > 0 && errno != Errno.EAGAIN ? done : -errno; // an error after a partial write returns the count
        }
        if (done + n < call.value() && blocking(call)) {
            pendingDone = done + n;
            return -Errno.EAGAIN;
        }
        return done + n;
    }

    private long close(int fd) {
        open.remove(fd);
        scriptNonBlocking.remove(fd);
        return check(libc.close(fd));
    }

    /** An int option, or SO_LINGER's {@code struct linger} from {@link SocketOption#linger}'s packing. */
    private long setsockopt(Syscall call) {
        if (call.level() == LinuxLibC.SOL_SOCKET && call.optname() == LinuxLibC.SO_LINGER) {
            scratch.putInt(0, SocketOption.lingerOn(call.value()) ? 1 : 0);
            scratch.putInt(4, (int) call.value());
            return check(libc.setsockopt(call.fd(), call.level(), call.optname(), scratch.addressOffset(), 8));
        }
        scratch.putInt(0, (int) call.value());
        return check(libc.setsockopt(call.fd(), call.level(), call.optname(), scratch.addressOffset(), 4));
    }

    private long getsockopt(Syscall call) {
        scratch.putLong(0, 0L);
        scratch.putInt(8, 4);
        int result = libc.getsockopt(call.fd(), call.level(), call.optname(), scratch.addressOffset(), scratch.addressOffset() + 8);
        return result < 0 ? -errno() : scratch.getInt(0) & 0xFFFF_FFFFL;
    }

    /** The kernel socket stays non-blocking; the script's O_NONBLOCK bit is kept here. */
    private long fcntl(Syscall call) {
        int fd = call.fd();
        int flags = libc.fcntl(fd, LinuxLibC.F_GETFL, 0);
        if (flags < 0) {
            return -errno();
        }
        boolean scriptNb = scriptNonBlocking.contains(fd);
        if (call.optname() == Syscall.F_GETFL) {
            return scriptNb ? flags : flags & ~LinuxLibC.O_NONBLOCK;
        }
        if (call.optname() != Syscall.F_SETFL) {
            return -Errno.EINVAL;
        }
        long result = check(libc.fcntl(fd, LinuxLibC.F_SETFL, (call.value() | LinuxLibC.O_NONBLOCK) & 0xFFFF_FFFFL));
        if (result == 0) {
            if ((call.value() & LinuxLibC.O_NONBLOCK) != 0) {
                scriptNonBlocking.add(fd);
            } else {
                scriptNonBlocking.remove(fd);
            }
        }
        return result;
    }

    /** @return the revents of a zero-timeout poll; {@code -EAGAIN} when none (the caller decides whether to wait) */
    private long poll(int fd, int events) {
        scratch.putInt(0, fd);
        scratch.putShort(4, (short) events);
        scratch.putShort(6, (short) 0);
        int n = libc.poll(scratch.addressOffset(), 1, 0);
        if (n < 0) {
            return -errno();
        }
        return n == 0 ? -Errno.EAGAIN : scratch.getShort(6) & 0xFFFF;
    }

    private long sockaddr(Syscall call) {
        int base = 16;
        scratch.putShort(base, (short) LinuxLibC.AF_INET, ByteOrder.nativeOrder());
        scratch.putShort(base + 2, (short) call.port(), ByteOrder.BIG_ENDIAN);
        scratch.putInt(base + 4, call.address(), ByteOrder.BIG_ENDIAN);
        scratch.putLong(base + 8, 0L);
        return scratch.addressOffset() + base;
    }

    private void ensureData(int length) {
        if (length > data.capacity()) {
            data = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BitUtil.findNextPositivePowerOfTwo(length), 64));
        }
    }

    private long check(int result) {
        return result < 0 ? -errno() : result;
    }

    private int errno() {
        int errno = runtime.getLastError();
        return errno > 0 ? errno : Errno.EIO;
    }
}
