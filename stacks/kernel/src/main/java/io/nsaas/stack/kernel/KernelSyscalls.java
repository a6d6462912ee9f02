package io.nsaas.stack.kernel;

import java.nio.ByteOrder;
import io.nsaas.spi.Errno;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Calls the libc socket and epoll functions for one stack instance with arguments in native memory
 * allocated once here, and turns every result into the SPI's convention: {@code >= 0} or
 * {@code -errno}, with {@code errno} read only when the call returned -1.
 *
 * <p>Threading: not thread-safe; owned by one {@link KernelStackInstance} on its NSM thread (the
 * scratch memory is reused by every call). No method allocates on the Java heap.
 */
final class KernelSyscalls {
    /** Bytes a heap-backed send or recv moves through native memory per call. */
    static final int STAGING_LENGTH = 64 * 1024;

    private static final int SOCKADDR_OFFSET = 0;
    private static final int SOCKLEN_OFFSET = 16;
    private static final int VALUE_OFFSET = 24;
    private static final int EVENT_OFFSET = 32;
    private static final int ARGUMENTS_LENGTH = 64;
    private static final int ALIGNMENT = 64;

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;
    private final EpollEventDescriptor eventLayout;
    private final UnsafeBuffer arguments;
    private final long argumentsAddress;
    private final UnsafeBuffer optionValue;
    private final UnsafeBuffer events;
    private final int eventCapacity;
    private final UnsafeBuffer staging;

    /**
     * @param eventCapacity how many epoll events one {@link #epollWait} can return
     */
    KernelSyscalls(LibC libc, EpollEventDescriptor eventLayout, int eventCapacity) {
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.eventLayout = eventLayout;
        this.eventCapacity = eventCapacity;
        this.arguments = new UnsafeBuffer(BufferUtil.allocateDirectAligned(ARGUMENTS_LENGTH, ALIGNMENT));
        this.argumentsAddress = arguments.addressOffset();
        this.optionValue = new UnsafeBuffer(BufferUtil.allocateDirectAligned(TcpInfoDescriptor.BUFFER_LENGTH, ALIGNMENT));
        this.events = new UnsafeBuffer(BufferUtil.allocateDirectAligned(eventCapacity * eventLayout.length(), ALIGNMENT));
        this.staging = new UnsafeBuffer(BufferUtil.allocateDirectAligned(STAGING_LENGTH, ALIGNMENT));
    }

    /** @return a new non-blocking, close-on-exec IPv4 TCP socket's fd, or {@code -errno} */
    int openTcp() {
        return result(libc.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0));
    }

    int bind(int fd, int address, int port) {
        SockaddrInDescriptor.write(arguments, SOCKADDR_OFFSET, address, port);
        return result(libc.bind(fd, argumentsAddress + SOCKADDR_OFFSET, SockaddrInDescriptor.LENGTH));
    }

    int listen(int fd, int backlog) {
        return result(libc.listen(fd, backlog));
    }

    /** @return the accepted connection's fd (non-blocking, close-on-exec) or {@code -errno} */
    int accept(int fd) {
        return result(libc.accept4(fd, 0L, 0L, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC));
    }

    int connect(int fd, int address, int port) {
        SockaddrInDescriptor.write(arguments, SOCKADDR_OFFSET, address, port);
        return result(libc.connect(fd, argumentsAddress + SOCKADDR_OFFSET, SockaddrInDescriptor.LENGTH));
    }

    /**
     * {@code connect(AF_UNSPEC)}: makes a socket whose non-blocking connect failed unconnected again,
     * as a failing blocking connect does (Linux leaves the non-blocking one "connecting" until the next
     * connect call, which would then fail with ECONNABORTED once SO_ERROR was read).
     */
    int disconnect(int fd) {
        SockaddrInDescriptor.writeUnspecified(arguments, SOCKADDR_OFFSET);
        return result(libc.connect(fd, argumentsAddress + SOCKADDR_OFFSET, SockaddrInDescriptor.LENGTH));
    }

    /** Sends from native memory; never raises SIGPIPE. @return bytes sent or {@code -errno} */
    int send(int fd, long address, int length) {
        long sent = libc.send(fd, address, length, LibC.MSG_NOSIGNAL);
        return sent >= 0 ? (int) sent : fail();
    }

    /** Receives into native memory. @return bytes received, 0 at end of stream, or {@code -errno} */
    int recv(int fd, long address, int length) {
        long received = libc.recv(fd, address, length, 0);
        return received >= 0 ? (int) received : fail();
    }

    int shutdown(int fd, int how) {
        return result(libc.shutdown(fd, how));
    }

    int close(int fd) {
        return result(libc.close(fd));
    }

    int setIntOption(int fd, int level, int name, int value) {
        arguments.putInt(VALUE_OFFSET, value, ByteOrder.nativeOrder());
        return result(libc.setsockopt(fd, level, name, argumentsAddress + VALUE_OFFSET, 4));
    }

    /** @return the option as an unsigned 32-bit value, or {@code -errno} */
    long getIntOption(int fd, int level, int name) {
        int length = getOption(fd, level, name, argumentsAddress + VALUE_OFFSET, 4);
        return length < 0 ? length : arguments.getInt(VALUE_OFFSET, ByteOrder.nativeOrder()) & 0xFFFF_FFFFL;
    }

    /** @param value an SPI linger value accepted by {@link LingerDescriptor#isValid(long)} */
    int setLinger(int fd, long value) {
        LingerDescriptor.write(arguments, VALUE_OFFSET, value);
        return result(libc.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, argumentsAddress + VALUE_OFFSET,
            LingerDescriptor.LENGTH));
    }

    /** @return the SPI linger value or {@code -errno} */
    long getLinger(int fd) {
        int length = getOption(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, argumentsAddress + VALUE_OFFSET, LingerDescriptor.LENGTH);
        return length < 0 ? length : LingerDescriptor.read(arguments, VALUE_OFFSET);
    }

    /** @return {@code SO_ERROR} (read-and-clear in the kernel) or {@code -errno} */
    int takeSocketError(int fd) {
        return (int) getIntOption(fd, LibC.SOL_SOCKET, LibC.SO_ERROR);
    }

    /**
     * Sets a byte-valued option from {@code length} bytes of {@code src}
     * ({@code length <= }{@link TcpInfoDescriptor#BUFFER_LENGTH}).
     */
    int setBytesOption(int fd, int level, int name, DirectBuffer src, int offset, int length) {
        optionValue.putBytes(0, src, offset, length);
        return result(libc.setsockopt(fd, level, name, optionValue.addressOffset(), length));
    }

    /**
     * Reads a byte-valued option into {@link #optionValue()}.
     *
     * @return the length the kernel returned, or {@code -errno}
     */
    int getBytesOption(int fd, int level, int name) {
        return getOption(fd, level, name, optionValue.addressOffset(), TcpInfoDescriptor.BUFFER_LENGTH);
    }

    /** @return the bytes of the last {@link #getBytesOption} */
    DirectBuffer optionValue() {
        return optionValue;
    }

    /** @return the local endpoint packed as {@link io.nsaas.spi.Endpoint} or {@code -errno} */
    long localEndpoint(int fd) {
        arguments.putInt(SOCKLEN_OFFSET, SockaddrInDescriptor.LENGTH, ByteOrder.nativeOrder());
        int rc = result(libc.getsockname(fd, argumentsAddress + SOCKADDR_OFFSET, argumentsAddress + SOCKLEN_OFFSET));
        return rc < 0 ? rc : endpoint();
    }

    /** @return the peer endpoint or {@code -errno} ({@code -ENOTCONN} before a connection) */
    long peerEndpoint(int fd) {
        arguments.putInt(SOCKLEN_OFFSET, SockaddrInDescriptor.LENGTH, ByteOrder.nativeOrder());
        int rc = result(libc.getpeername(fd, argumentsAddress + SOCKADDR_OFFSET, argumentsAddress + SOCKLEN_OFFSET));
        return rc < 0 ? rc : endpoint();
    }

    /** @return a new close-on-exec epoll fd or {@code -errno} */
    int epollCreate() {
        return result(libc.epoll_create1(LibC.EPOLL_CLOEXEC));
    }

    /** @param op {@link LibC#EPOLL_CTL_ADD}, {@link LibC#EPOLL_CTL_MOD} or {@link LibC#EPOLL_CTL_DEL} */
    int epollCtl(int epfd, int op, int fd, int interest, long data) {
        eventLayout.write(arguments, EVENT_OFFSET, interest, data);
        return result(libc.epoll_ctl(epfd, op, fd, argumentsAddress + EVENT_OFFSET));
    }

    /**
     * Collects ready events without waiting (timeout 0) into the preallocated array.
     *
     * @return how many events ({@code 0..eventCapacity}) or {@code -errno}
     */
    int epollWait(int epfd) {
        return result(libc.epoll_wait(epfd, events.addressOffset(), eventCapacity, 0));
    }

    /** @return the event mask of ready event {@code index} of the last {@link #epollWait} */
    int eventMask(int index) {
        return eventLayout.events(events, index);
    }

    /** @return the datum of ready event {@code index} of the last {@link #epollWait} */
    long eventData(int index) {
        return eventLayout.data(events, index);
    }

    /** @return native memory of {@link #STAGING_LENGTH} bytes for data in heap-backed buffers */
    UnsafeBuffer staging() {
        return staging;
    }

    private long endpoint() {
        if (SockaddrInDescriptor.family(arguments, SOCKADDR_OFFSET) != LibC.AF_INET) {
            return -Errno.EAFNOSUPPORT;
        }
        return SockaddrInDescriptor.readEndpoint(arguments, SOCKADDR_OFFSET);
    }

    private int getOption(int fd, int level, int name, long valueAddress, int capacity) {
        arguments.putInt(SOCKLEN_OFFSET, capacity, ByteOrder.nativeOrder());
        int rc = result(libc.getsockopt(fd, level, name, valueAddress, argumentsAddress + SOCKLEN_OFFSET));
        return rc < 0 ? rc : arguments.getInt(SOCKLEN_OFFSET, ByteOrder.nativeOrder());
    }

    private int result(int rc) {
        return rc >= 0 ? rc : fail();
    }

    /** Reads {@code errno}; call only right after a libc call returned -1. */
    private int fail() {
        int errno = runtime.getLastError();
        return errno > 0 ? -errno : -Errno.EIO;
    }
}
