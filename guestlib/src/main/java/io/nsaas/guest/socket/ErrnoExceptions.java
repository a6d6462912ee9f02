package io.nsaas.guest.socket;

import io.nsaas.spi.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;

/**
 * Turns an errno from an NQE completion into the JDK exception {@link io.nsaas.guest.api.GuestSocket}
 * promises: {@code ECONNREFUSED} a {@link ConnectException} "Connection refused", {@code EADDRINUSE}
 * a {@link BindException} "Address already in use", {@code ECONNRESET} "Connection reset",
 * {@code EPIPE} "Broken pipe", {@code EBADF} "Socket closed", anything else a
 * {@link SocketException} naming the operation and the errno ({@code "connect: EHOSTUNREACH (errno 113)"}).
 *
 * <p>Stateless; allocates only the exception.
 */
public final class ErrnoExceptions {
    /** Message of every operation on a socket closed by the application. */
    public static final String SOCKET_CLOSED = "Socket closed";

    private ErrnoExceptions() {
    }

    /**
     * @param operation the failed operation, lower case ({@code "connect"}, {@code "read"})
     * @param errno     a positive errno (a negated one is accepted)
     * @return the exception to throw
     */
    public static IOException of(String operation, int errno) {
        int e = Math.abs(errno);
        switch (e) {
            case Errno.ECONNREFUSED:
                return new ConnectException("Connection refused");
            case Errno.EADDRINUSE:
                return new BindException("Address already in use");
            case Errno.ECONNRESET:
                return new SocketException("Connection reset");
            case Errno.EPIPE:
                return new SocketException("Broken pipe");
            case Errno.EBADF:
                return new SocketException(SOCKET_CLOSED);
            default:
                return new SocketException(operation + ": " + Errno.name(e) + " (errno " + e + ")");
        }
    }
}
