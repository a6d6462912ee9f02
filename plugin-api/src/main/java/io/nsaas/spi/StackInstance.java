package io.nsaas.spi;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One tenant's network stack: a table of TCP sockets with Linux non-blocking socket semantics.
 *
 * <p><b>Results.</b> Every call returns at once with {@code >= 0} on success or {@code -errno}
 * (Linux numbers, see {@link Errno}); nothing blocks and nothing throws for a bad argument or a bad
 * socket id: a socket id the instance does not know gets {@code -EBADF}, a bad length or option
 * value {@code -EINVAL}. Exceptions escaping a call are treated by the host as a bug in the plugin.
 * What would block returns {@code -EAGAIN} (send, recv, accept) or {@code -EINPROGRESS}
 * (connect) and completes later with an event on the {@link StackEvents} sink.
 *
 * <p><b>Threading.</b> An instance is owned by one NSM and every method is called on that NSM's
 * thread, never concurrently. The instance calls back only into its {@link StackHost} and
 * {@link StackEvents}.
 *
 * <p><b>Borrowed buffers.</b> Buffers passed in ({@link #send}, {@link #onPacket}, option bytes) are
 * borrowed views valid only for the duration of the call; a stack that keeps bytes copies them.
 * Buffers passed to be filled ({@link #recv}, {@link #getOptionBytes}) are written only inside the
 * given range. No reference counting crosses the boundary.
 *
 * <p><b>Addresses.</b> IPv4 only in SPI 1.0; endpoints are packed with {@link Endpoint}.
 */
public interface StackInstance {

    /** {@code how} for {@link #shutdown}: no more receives. */
    int SHUT_RD = 0;
    /** {@code how} for {@link #shutdown}: no more sends (send FIN). */
    int SHUT_WR = 1;
    /** {@code how} for {@link #shutdown}: both. */
    int SHUT_RDWR = 2;

    /** @return a new TCP socket id ({@code >= 0}), or {@code -EMFILE}/{@code -ENOBUFS} */
    int open();

    /**
     * Binds to a local address and port; port 0 picks an ephemeral port.
     *
     * @return 0, {@code -EADDRINUSE}, {@code -EADDRNOTAVAIL}, {@code -EINVAL} (already bound), {@code -EBADF}
     */
    int bind(int socket, int address, int port);

    /** @return 0, {@code -EADDRINUSE}, {@code -EINVAL}, {@code -EBADF}; binds an ephemeral port when unbound */
    int listen(int socket, int backlog);

    /**
     * Takes one established connection off a listening socket.
     *
     * @return the new socket id, {@code -EAGAIN} when none is ready, {@code -EINVAL} when not listening
     */
    int accept(int socket);

    /**
     * Starts an active open.
     *
     * @return 0 when connected at once, {@code -EINPROGRESS} (then {@link StackEvents#onConnected} or
     *         {@link StackEvents#onClosed} with the reason), {@code -EALREADY}, {@code -EISCONN},
     *         {@code -ECONNREFUSED}, {@code -ENETUNREACH}, {@code -EBADF}
     */
    int connect(int socket, int address, int port);

    /**
     * Queues bytes for sending; copies what it accepts.
     *
     * @return bytes accepted ({@code > 0}; fewer than {@code length} when the send buffer fills),
     *         {@code -EAGAIN} when it is full, {@code -EPIPE} after shutdown for writing or a reset,
     *         {@code -ENOTCONN}, {@code -EBADF}
     */
    int send(int socket, DirectBuffer src, int offset, int length);

    /**
     * Reads received bytes in order.
     *
     * @return bytes copied ({@code > 0}), 0 at end of stream, {@code -EAGAIN} when nothing is there yet,
     *         {@code -ECONNRESET}, {@code -ENOTCONN}, {@code -EBADF}
     */
    int recv(int socket, MutableDirectBuffer dst, int offset, int length);

    /** @return 0, {@code -ENOTCONN}, {@code -EINVAL} (bad {@code how}), {@code -EBADF} */
    int shutdown(int socket, int how);

    /**
     * Releases the socket id. The connection closes as Linux closes it (FIN after queued data, or RST
     * when unread data remains or {@link SocketOption#SO_LINGER} is 0) and may linger in the stack.
     *
     * @return 0 or {@code -EBADF}
     */
    int close(int socket);

    /** @return 0, {@code -ENOPROTOOPT} (unsupported), {@code -EINVAL} (bad value), {@code -EBADF} */
    int setOption(int socket, SocketOption option, long value);

    /** @return the option's value (never negative, see {@link SocketOption}) or {@code -errno} */
    long getOption(int socket, SocketOption option);

    /**
     * Sets a byte-valued option ({@link SocketOption.Kind#BYTES}).
     *
     * @return 0, {@code -ENOPROTOOPT}, {@code -EPERM} (read-only, such as TCP_CONGESTION on a plugin
     *         stack), {@code -ENOENT} (unknown algorithm), {@code -EBADF}
     */
    default int setOptionBytes(int socket, SocketOption option, DirectBuffer src, int offset, int length) {
        return -Errno.ENOPROTOOPT;
    }

    /**
     * Reads a byte-valued option into {@code dst}.
     *
     * @return bytes written, {@code -ENOPROTOOPT}, {@code -EINVAL} (range too small), {@code -EBADF}
     */
    default int getOptionBytes(int socket, SocketOption option, MutableDirectBuffer dst, int offset, int length) {
        return -Errno.ENOPROTOOPT;
    }

    /** @return the packed local endpoint ({@link Endpoint}) or {@code -errno} */
    long localEndpoint(int socket);

    /** @return the packed peer endpoint or {@code -ENOTCONN}/{@code -EBADF} */
    long peerEndpoint(int socket);

    /**
     * Fills {@code into} with a snapshot of the connection.
     *
     * @return 0 or {@code -EBADF}
     */
    int info(int socket, TcpInfo into);

    /**
     * Hands the stack one IPv4 packet from the fabric addressed to this tenant. Packet-level stacks
     * only. The packet is hostile input: it may be truncated, malformed or carry a bad checksum; the
     * stack drops what it cannot use, counts it, and never throws.
     */
    default void onPacket(DirectBuffer packet, int offset, int length) {
    }

    /** Called when a timer armed with {@link StackHost#scheduleTimer} expires. */
    default void onTimer(long timerId, long nowNanos) {
    }

    /**
     * Called once per NSM duty cycle so that a stack with its own event source (the kernel stack's
     * epoll) can poll it without blocking.
     *
     * @return the amount of work done, 0 when idle (lets the NSM back off)
     */
    default int doWork() {
        return 0;
    }

    /**
     * Closes every socket and releases everything the instance holds (the tenant detached or the
     * host is stopping). No calls follow.
     */
    void destroy();
}
