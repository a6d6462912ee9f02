package io.nsaas.conformance.contract;

import io.nsaas.guest.socket.ErrnoExceptions;
import io.nsaas.spi.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errno a {@link io.nsaas.guest.api.GuestSocket} exception stands for: the inverse of
 * {@link ErrnoExceptions#of}, so contract tests can assert the errno Linux returns rather than a
 * message text.
 */
final class RaisedErrno {
    private static final Pattern NAMED = Pattern.compile("\\(errno (\\d+)\\)$");

    private RaisedErrno() {
    }

    /** @return the errno {@code e} reports, or 0 when it reports none (a timeout, a protocol breach) */
    static int of(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException && message.equals("Connection refused")) {
            return Errno.ECONNREFUSED;
        }
        if (e instanceof BindException && message.equals("Address already in use")) {
            return Errno.EADDRINUSE;
        }
        switch (message) {
            case "Connection reset":
                return Errno.ECONNRESET;
            case "Broken pipe":
                return Errno.EPIPE;
            case ErrnoExceptions.SOCKET_CLOSED:
                return Errno.EBADF;
            default:
                Matcher named = NAMED.matcher(message);
                return named.find() ? Integer.parseInt(named.group(1)) : 0;
        }
    }
}
