package io.nsaas.host.perf;

import io.nsaas.spi.Errno;

/** Words for the errno values a transfer ends with, for one-line error messages. */
public final class ErrnoText {

    private ErrnoText() {
    }

    /** @return for example {@code connection refused (ECONNREFUSED)}; accepts {@code errno} or {@code -errno} */
    public static String describe(int errno) {
        int e = Math.abs(errno);
        String words = switch (e) {
            case Errno.ECONNREFUSED -> "connection refused";
            case Errno.ECONNRESET -> "connection reset by peer";
            case Errno.ECONNABORTED -> "connection aborted";
            case Errno.ETIMEDOUT -> "timed out";
            case Errno.ENETUNREACH -> "network unreachable";
            case Errno.EHOSTUNREACH -> "host unreachable";
            case Errno.ENETDOWN -> "network down";
            case Errno.EPIPE -> "broken pipe (the connection was shut down)";
            case Errno.EADDRINUSE -> "address already in use";
            case Errno.EADDRNOTAVAIL -> "address not available on this host";
            case Errno.EACCES -> "permission denied";
            case Errno.EMFILE -> "too many open sockets";
            case Errno.ENOBUFS -> "no buffer space";
            case Errno.ENOTCONN -> "not connected";
            case Errno.EINVAL -> "invalid argument";
            case Errno.EBADF -> "bad socket id (a stack bug)";
            default -> "error";
        };
        return words + " (" + Errno.name(e) + ")";
    }
}
