package io.nsaas.guest.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nsaas.spi.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class ErrnoExceptionsTest {

    @Test
    void namedErrnosBecomeTheJdksTypesAndMessages() {
        check(ConnectException.class, "Connection refused", ErrnoExceptions.of("connect", Errno.ECONNREFUSED));
        check(BindException.class, "Address already in use", ErrnoExceptions.of("bind", Errno.EADDRINUSE));
        check(SocketException.class, "Connection reset", ErrnoExceptions.of("read", Errno.ECONNRESET));
        check(SocketException.class, "Broken pipe", ErrnoExceptions.of("write", -Errno.EPIPE));
        check(SocketException.class, "Socket closed", ErrnoExceptions.of("read", Errno.EBADF));
    }

    @Test
    void otherErrnosNameTheOperationAndTheErrno() {
        check(SocketException.class, "connect: EHOSTUNREACH (errno 113)", ErrnoExceptions.of("connect", Errno.EHOSTUNREACH));
        check(SocketException.class, "read: E200 (errno 200)", ErrnoExceptions.of("read", 200));
    }

    private static void check(Class<?> type, String message, IOException e) {
        assertSame(type, e.getClass());
        assertEquals(message, e.getMessage());
    }
}
