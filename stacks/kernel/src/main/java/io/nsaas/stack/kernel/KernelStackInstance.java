package io.nsaas.stack.kernel;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.StackLogger;
import io.nsaas.spi.TcpInfo;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One tenant's sockets, each a real non-blocking Linux TCP socket. Results are what the kernel
 * returns ({@code >= 0} or {@code -errno}); the few things added on top are the socket-id table
 * ({@code -EBADF} for ids it does not hold), argument checks on borrowed buffers ({@code -EINVAL})
 * and the events raised by {@link #doWork()} (see {@link EpollReadiness} and the package docs).
 *
 * <p>Errors the stack consumes from {@code SO_ERROR} to raise {@code onClosed} are kept per socket
 * and handed to the tenant exactly once, where Linux would have reported them: the next
 * {@code send}, the next {@code recv} that finds no more data, or a read of {@code SO_ERROR}.
 *
 * <p>Threading: NSM thread only, as the SPI says. Sends and receives from off-heap buffers go
 * straight to the kernel; heap-backed buffers move through a 64 KiB native staging area. No call
 * allocates, except {@link #info} the first time it meets a new algorithm name.
 */
final class KernelStackInstance implements StackInstance {
    private final KernelSyscalls syscalls;
    private final SocketTable table;
    private final EpollReadiness readiness;
    private final AlgorithmNames algorithmNames;
    private final StackLogger logger;
    private final UnsafeBuffer congestionControl;
    private final int epfd;
    private boolean destroyed;

    /**
     * @throws IllegalStateException when the kernel refuses an epoll instance (fd limit reached)
     */
    KernelStackInstance(LibC libc, EpollEventDescriptor eventLayout, KernelStackOptions options,
                        StackHost host, StackEvents events) {
        this.syscalls = new KernelSyscalls(libc, eventLayout, options.pollBatch());
        this.table = new SocketTable(options.maxSockets());
        this.algorithmNames = new AlgorithmNames(options.available());
        this.logger = host.logger();
        byte[] cc = options.congestionControlBytes();
        this.congestionControl = cc == null ? null : new UnsafeBuffer(cc);
        this.epfd = syscalls.epollCreate();
        if (epfd < 0) {
            throw new IllegalStateException("the kernel stack for tenant " + host.tenantId()
                + " cannot create an epoll instance: " + Errno.name(epfd) + " (raise the host's open-file limit)");
        }
        this.readiness = new EpollReadiness(syscalls, table, events, logger, epfd);
    }

    /**
     * Opens and closes one socket with the tenant's congestion control, so that a {@code cc} the
     * kernel refuses to this process fails at start-up rather than on every later open.
     *
     * @return 0, or the {@code -errno} of {@code setsockopt(TCP_CONGESTION)} ({@code -EPERM} when the
     *         algorithm is not in {@code tcp_allowed_congestion_control} and the host lacks
     *         {@code CAP_NET_ADMIN}, {@code -ENOENT} when it vanished)
     */
    int probeCongestionControl() {
        int fd = syscalls.openTcp();
        if (fd < 0) {
            return fd;
        }
        int rc = applyCongestionControl(fd);
        syscalls.close(fd);
        return rc;
    }

    @Override
    public int open() {
        if (destroyed) {
            return -Errno.EBADF;
        }
        if (table.isFull()) {
            return -Errno.EMFILE;
        }
        int fd = syscalls.openTcp();
        if (fd < 0) {
            return fd;
        }
        int rc = applyCongestionControl(fd);
        if (rc < 0) {
            syscalls.close(fd);
            return rc;
        }
        return table.allocate(fd, SocketTable.FRESH);
    }

    @Override
    public int bind(int socket, int address, int port) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (port < 0 || port > 0xFFFF) {
            return -Errno.EINVAL;
        }
        return syscalls.bind(fd, address, port);
    }

    @Override
    public int listen(int socket, int backlog) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        int rc = syscalls.listen(fd, backlog);
        if (rc < 0) {
            return rc;
        }
        table.mode(socket, SocketTable.LISTENING);
        return readiness.watch(socket);
    }

    @Override
    public int accept(int socket) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (table.isFull()) {
            return -Errno.EMFILE; // the connection stays queued in the kernel, as with a full fd table
        }
        int connection = syscalls.accept(fd);
        if (connection < 0) {
            return connection;
        }
        int rc = applyCongestionControl(connection);
        int id = rc < 0 ? -1 : table.allocate(connection, SocketTable.CONNECTED);
        if (id >= 0) {
            rc = readiness.watch(id);
            if (rc == 0) {
                return id;
            }
            table.release(id);
        }
        syscalls.close(connection);
        logger.warn("dropped a connection accepted on socket {}: {}", socket, Errno.name(rc));
        return rc;
    }

    @Override
    public int connect(int socket, int address, int port) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (port < 0 || port > 0xFFFF) {
            return -Errno.EINVAL;
        }
        int rc = syscalls.connect(fd, address, port);
        if (rc != 0 && rc != -Errno.EINPROGRESS) {
            return rc;
        }
        if (table.mode(socket) == SocketTable.FINISHED) {
            table.takePendingError(socket); // a new connect after a failed one: its error was the old attempt's
        }
        table.mode(socket, rc == 0 ? SocketTable.CONNECTED : SocketTable.CONNECTING);
        int watched = readiness.watch(socket);
        return watched < 0 ? watched : rc;
    }

    @Override
    public int send(int socket, DirectBuffer src, int offset, int length) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (src == null || offset < 0 || length < 0 || offset > src.capacity() - length) {
            return -Errno.EINVAL;
        }
        if (table.hasPendingError(socket)) {
            return -table.takePendingError(socket); // Linux reports a pending error before sending
        }
        int sent = src.byteArray() == null
            ? syscalls.send(fd, src.addressOffset() + offset, length)
            : sendStaged(fd, src, offset, length);
        if (sent == -Errno.EAGAIN) {
            readiness.armWrite(socket);
        }
        return sent;
    }

    private int sendStaged(int fd, DirectBuffer src, int offset, int length) {
        UnsafeBuffer staging = syscalls.staging();
        int total = 0;
        do {
            int chunk = Math.min(length - total, KernelSyscalls.STAGING_LENGTH);
            staging.putBytes(0, src, offset + total, chunk);
            int sent = syscalls.send(fd, staging.addressOffset(), chunk);
            if (sent < 0) {
                return total > 0 ? total : sent;
            }
            total += sent;
            if (sent < chunk) {
                break;
            }
        } while (total < length);
        return total;
    }

    @Override
    public int recv(int socket, MutableDirectBuffer dst, int offset, int length) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (dst == null || offset < 0 || length < 0 || offset > dst.capacity() - length) {
            return -Errno.EINVAL;
        }
        int received;
        if (dst.byteArray() == null) {
            received = syscalls.recv(fd, dst.addressOffset() + offset, length);
        } else {
            UnsafeBuffer staging = syscalls.staging();
            received = syscalls.recv(fd, staging.addressOffset(), Math.min(length, KernelSyscalls.STAGING_LENGTH));
            if (received > 0) {
                dst.putBytes(offset, staging, 0, received);
            }
        }
        if (received <= 0 && table.hasPendingError(socket)) {
            return -table.takePendingError(socket); // queued data first, then the error, as Linux does
        }
        return received;
    }

    @Override
    public int shutdown(int socket, int how) {
        int fd = table.fd(socket);
        return fd < 0 ? -Errno.EBADF : syscalls.shutdown(fd, how);
    }

    @Override
    public int close(int socket) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        // Closing the only reference to the fd also removes it from the epoll set.
        int rc = syscalls.close(fd);
        if (rc < 0) {
            logger.debug("close of socket {} (fd {}) reported {}; the fd is released anyway", socket, fd, Errno.name(rc));
        }
        table.release(socket);
        return 0;
    }

    @Override
    public int setOption(int socket, SocketOption option, long value) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (option == null || option.kind() != SocketOption.Kind.NUMERIC) {
            return -Errno.ENOPROTOOPT;
        }
        if (option == SocketOption.SO_LINGER) {
            return LingerDescriptor.isValid(value) ? syscalls.setLinger(fd, value) : -Errno.EINVAL;
        }
        if (value < 0 || value > Integer.MAX_VALUE) {
            return -Errno.EINVAL;
        }
        return syscalls.setIntOption(fd, option.level(), option.optname(), (int) value);
    }

    @Override
    public long getOption(int socket, SocketOption option) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (option == null || option.kind() != SocketOption.Kind.NUMERIC) {
            return -Errno.ENOPROTOOPT;
        }
        if (option == SocketOption.SO_LINGER) {
            return syscalls.getLinger(fd);
        }
        if (option == SocketOption.SO_ERROR && table.hasPendingError(socket)) {
            return table.takePendingError(socket);
        }
        return syscalls.getIntOption(fd, option.level(), option.optname());
    }

    @Override
    public int setOptionBytes(int socket, SocketOption option, DirectBuffer src, int offset, int length) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (option == null || option.kind() != SocketOption.Kind.BYTES) {
            return -Errno.ENOPROTOOPT;
        }
        if (src == null || offset < 0 || length < 0 || offset > src.capacity() - length
            || length > TcpInfoDescriptor.BUFFER_LENGTH) {
            return -Errno.EINVAL;
        }
        return syscalls.setBytesOption(fd, option.level(), option.optname(), src, offset, length);
    }

    @Override
    public int getOptionBytes(int socket, SocketOption option, MutableDirectBuffer dst, int offset, int length) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        if (option == null || option.kind() != SocketOption.Kind.BYTES) {
            return -Errno.ENOPROTOOPT;
        }
        if (dst == null || offset < 0 || length < 0 || offset > dst.capacity() - length) {
            return -Errno.EINVAL;
        }
        int returned = syscalls.getBytesOption(fd, option.level(), option.optname());
        if (returned < 0) {
            return returned;
        }
        int textLength = textLength(syscalls.optionValue(), returned);
        if (textLength > length) {
            return -Errno.EINVAL;
        }
        dst.putBytes(offset, syscalls.optionValue(), 0, textLength);
        return textLength;
    }

    @Override
    public long localEndpoint(int socket) {
        int fd = table.fd(socket);
        return fd < 0 ? -Errno.EBADF : syscalls.localEndpoint(fd);
    }

    @Override
    public long peerEndpoint(int socket) {
        int fd = table.fd(socket);
        return fd < 0 ? -Errno.EBADF : syscalls.peerEndpoint(fd);
    }

    @Override
    public int info(int socket, TcpInfo into) {
        int fd = table.fd(socket);
        if (fd < 0) {
            return -Errno.EBADF;
        }
        into.clear();
        int length = syscalls.getBytesOption(fd, LibC.IPPROTO_TCP, LibC.TCP_INFO);
        if (length < 0) {
            return length;
        }
        if (length < TcpInfoDescriptor.MIN_LENGTH) {
            return -Errno.EIO;
        }
        TcpInfoDescriptor.read(syscalls.optionValue(), length, into);
        int nameLength = syscalls.getBytesOption(fd, LibC.IPPROTO_TCP, LibC.TCP_CONGESTION);
        if (nameLength > 0) {
            DirectBuffer name = syscalls.optionValue();
            into.algorithm = algorithmNames.name(name, 0, textLength(name, nameLength));
        }
        return 0;
    }

    @Override
    public int doWork() {
        return destroyed ? 0 : readiness.poll();
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        for (int id = 0; id < table.capacity(); id++) {
            int fd = table.fd(id);
            if (fd >= 0) {
                syscalls.close(fd);
                table.release(id);
            }
        }
        syscalls.close(epfd);
    }

    private int applyCongestionControl(int fd) {
        if (congestionControl == null) {
            return 0;
        }
        return syscalls.setBytesOption(fd, LibC.IPPROTO_TCP, LibC.TCP_CONGESTION,
            congestionControl, 0, congestionControl.capacity());
    }

    /** @return the length of the NUL-terminated (or NUL-padded) text in the first {@code length} bytes */
    private static int textLength(DirectBuffer buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(i) == 0) {
                return i;
            }
        }
        return length;
    }
}
