package io.nsaas.guest.api;

/**
 * Readiness bits of a {@link GuestSocket}, numerically equal to {@link java.nio.channels.SelectionKey}'s
 * {@code OP_*} constants so a selector can mask them directly.
 *
 * <p>Readiness is a hint, maintained edge-style from the host's events the way Linux epoll does it:
 * a bit is set when the host reports the condition and cleared only when an operation finds it
 * false (a non-blocking read returns 0, a write accepts nothing, accept finds no connection). A set
 * bit therefore means "the operation may make progress now"; it never means the operation cannot
 * fail. READ is also set when the stream ended or the connection failed, so the reader sees the
 * end (-1) or the error.
 */
public final class Readiness {
    /** Bytes, end of stream or an error can be read. */
    public static final int READ = 1;
    /** The send buffer has room, or the connection failed (the write reports the error). */
    public static final int WRITE = 4;
    /** A connect in progress has finished, successfully or not ({@link GuestSocket#finishConnect}). */
    public static final int CONNECT = 8;
    /** A listening socket has a connection to accept. */
    public static final int ACCEPT = 16;

    private Readiness() {
    }
}
