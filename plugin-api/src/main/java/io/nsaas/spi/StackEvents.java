package io.nsaas.spi;

/**
 * Where a {@link StackInstance} reports what happened to its sockets. Implemented by the host.
 *
 * <p>Threading: called only by the stack, on the NSM thread, either from inside an SPI call or from
 * {@link StackInstance#onPacket}, {@link StackInstance#onTimer} or {@link StackInstance#doWork}.
 * Events are edge-like hints: the host re-checks with a non-blocking call, so a spurious event is
 * harmless but a missing one stalls the tenant. The host never calls back into the stack from
 * inside an event method.
 */
public interface StackEvents {

    /** An active open finished: the socket is established. */
    void onConnected(int socket);

    /** Bytes or the end of stream can be read from the socket. */
    void onReadable(int socket);

    /** Send space became available after a send returned {@code -EAGAIN}. */
    void onWritable(int socket);

    /** A listening socket has at least one connection ready for {@link StackInstance#accept}. */
    void onAcceptable(int socket);

    /**
     * The connection is gone: {@code errno} is 0 after an orderly close, otherwise the Linux errno
     * that ended it ({@link Errno#ECONNREFUSED}, {@link Errno#ECONNRESET}, {@link Errno#ETIMEDOUT}, ...).
     * The socket id stays valid until the tenant closes it.
     */
    void onClosed(int socket, int errno);
}
