package io.nsaas.guest.api;

import io.nsaas.spi.SocketOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One IPv4 TCP socket of a tenant, run on the tenant's stack in the NSM host; every call becomes one
 * or more NQEs. Addresses are IPv4 ints in network order ({@code 10.0.0.1} is {@code 0x0A000001});
 * ports are 0..65535; endpoints are {@link io.nsaas.spi.Endpoint} packed longs.
 *
 * <p><b>Timeouts.</b> Every operation that can wait takes {@code timeoutNanos}: {@code < 0} means
 * non-blocking (answer at once), {@code 0} means wait as long as it takes, {@code > 0} means wait at
 * most that long and then throw {@link java.net.SocketTimeoutException}. A thread waiting in an
 * operation is woken with {@link java.net.SocketException} "Socket closed" when another thread closes
 * the socket; thread interrupts are ignored (as {@link java.net.Socket} does; the NIO layer handles
 * interruptible channels itself).
 *
 * <p><b>Errors</b> are the JDK's exception types with Linux semantics: {@code ECONNREFUSED} throws
 * {@link java.net.ConnectException} "Connection refused", {@code EADDRINUSE}
 * {@link java.net.BindException} "Address already in use", {@code ECONNRESET}
 * {@link java.net.SocketException} "Connection reset", {@code EPIPE} "Broken pipe", a closed socket
 * "Socket closed"; any other errno a {@link java.net.SocketException} whose message names the
 * operation and the errno (for example {@code "connect: EHOSTUNREACH (errno 113)"}).
 *
 * <p><b>Threading.</b> Thread-safe: one reader and one writer may work at once (as with
 * {@link java.net.Socket}); other concurrent uses are serialised.
 */
public interface GuestSocket extends Closeable {

    /** @return the socket id the host assigned (unique among the tenant's open sockets) */
    int id();

    /** Binds to {@code address:port}; address 0 means the tenant's own address, port 0 an ephemeral port. */
    void bind(int address, int port) throws IOException;

    /** Starts listening with the given backlog (values {@code <= 0} mean the stack's default). */
    void listen(int backlog) throws IOException;

    /**
     * Accepts one connection.
     *
     * @return the connected socket, or {@code null} when non-blocking and none is pending
     */
    GuestSocket accept(long timeoutNanos) throws IOException;

    /**
     * Connects to {@code address:port}.
     *
     * @return true when connected; false only when non-blocking and the connection is in progress
     *     (then wait for {@link Readiness#CONNECT} and call {@link #finishConnect})
     */
    boolean connect(int address, int port, long timeoutNanos) throws IOException;

    /**
     * Finishes a connect that returned false.
     *
     * @return true when connected, false when non-blocking and still in progress
     * @throws IOException the connect's failure, e.g. {@link java.net.ConnectException}
     */
    boolean finishConnect(long timeoutNanos) throws IOException;

    /** @return true between a successful connect or accept and {@link #close()} */
    boolean isConnected();

    /**
     * Reads into {@code dst} from its position.
     *
     * @return bytes read ({@code > 0}); -1 at end of stream; 0 only when non-blocking and nothing is
     *     available, or when {@code dst} has no room
     */
    int read(ByteBuffer dst, long timeoutNanos) throws IOException;

    /** As {@link #read(ByteBuffer, long)} into {@code b[off, off + len)}. */
    int read(byte[] b, int off, int len, long timeoutNanos) throws IOException;

    /**
     * Writes from {@code src} at its position. Blocking ({@code timeoutNanos >= 0}): returns once
     * every remaining byte was accepted by the stack (or throws). Non-blocking: writes what the send
     * buffer takes now, possibly 0.
     *
     * @return bytes written
     */
    int write(ByteBuffer src, long timeoutNanos) throws IOException;

    /** As {@link #write(ByteBuffer, long)} from {@code b[off, off + len)}. */
    int write(byte[] b, int off, int len, long timeoutNanos) throws IOException;

    /** Shuts down reading ({@link io.nsaas.spi.StackInstance#SHUT_RD}), writing or both. */
    void shutdown(int how) throws IOException;

    /** Sets a numeric option (booleans are 0/1; SO_LINGER is {@code onoff << 32 | seconds}). */
    void setOption(SocketOption option, long value) throws IOException;

    /** @return a numeric option's value */
    long getOption(SocketOption option) throws IOException;

    /** @return the local endpoint, packed as {@link io.nsaas.spi.Endpoint} */
    long localEndpoint() throws IOException;

    /** @return the peer's endpoint, packed; throws {@code ENOTCONN} as a SocketException when none */
    long peerEndpoint() throws IOException;

    /** @return the current {@link Readiness} bits (a hint, see there) */
    int readyOps();

    /**
     * Sets the one listener called whenever {@link #readyOps()} may have gained a bit (or the socket
     * was closed). It runs on the guest's event thread: it must be quick and must not block or call
     * back into blocking operations. {@code null} removes it.
     */
    void readinessListener(Runnable listener);

    /** @return false after {@link #close()} or detach */
    boolean isOpen();

    /** Closes the socket (NQE CLOSE); idempotent. Wakes every thread waiting on it. */
    @Override
    void close() throws IOException;
}
