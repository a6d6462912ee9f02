package io.nsaas.stack.tcp;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** {@code setsockopt}/{@code getsockopt} for the options of the SPI, with Linux's ranges and meanings. */
final class SocketOptions {
    private static final int MIN_BUFFER = 2048;
    private static final int MAX_BUFFER = 64 << 20;

    private final TcpStack stack;
    private final byte[] name;

    SocketOptions(TcpStack stack) {
        this.stack = stack;
        this.name = stack.algorithm().getBytes(StandardCharsets.US_ASCII);
    }

    int set(Connection c, SocketOption option, long value) {
        if (option == null) {
            return -Errno.ENOPROTOOPT;
        }
        switch (option) {
            case SO_REUSEADDR:
                c.reuseAddress = value != 0;
                return 0;
            case SO_KEEPALIVE:
                c.keepalive = value != 0;
                if (c.keepalive && c.state == State.ESTABLISHED) {
                    c.lastReceiveNanos = stack.host.nanoTime();
                    stack.timers.set(c, Connection.TIMER_KEEPALIVE, c.lastReceiveNanos + stack.config.keepaliveTimeNanos);
                }
                return 0;
            case SO_SNDBUF:
                if (value < 0) {
                    return -Errno.EINVAL;
                }
                int snd = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, value));
                if (c.sendBuffer != null) {
                    if (snd < c.sendBuffer.size()) {
                        snd = c.sendBuffer.size();
                    }
                    c.sendBuffer.resize(snd);
                }
                c.sndBufSize = snd;
                return 0;
            case SO_RCVBUF:
                if (value < 0) {
                    return -Errno.EINVAL;
                }
                if (c.receiveBuffer == null) {
                    c.rcvBufSize = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, value));
                }
                return 0;
            case SO_LINGER:
                if (value < 0) {
                    return -Errno.EINVAL;
                }
                c.linger = value;
                return 0;
            case TCP_NODELAY:
                c.nodelay = value != 0;
                if (c.nodelay) {
                    stack.transmitter.push(c);
                }
                return 0;
            case TCP_MAXSEG:
                if (value < 88 || value > 32_767) {
                    return -Errno.EINVAL;
                }
                c.advMss = (int) Math.min(value, stack.config.advertisedMss());
                return 0;
            case TCP_USER_TIMEOUT:
                if (value < 0 || value > Integer.MAX_VALUE) {
                    return -Errno.EINVAL;
                }
                c.userTimeoutNanos = value * 1_000_000L;
                return 0;
            default:
                return -Errno.ENOPROTOOPT; // SO_ERROR is read-only; TCP_CONGESTION is a byte option
        }
    }

    long get(Connection c, SocketOption option) {
        if (option == null) {
            return -Errno.ENOPROTOOPT;
        }
        switch (option) {
            case SO_REUSEADDR:
                return c.reuseAddress ? 1 : 0;
            case SO_KEEPALIVE:
                return c.keepalive ? 1 : 0;
            case SO_SNDBUF:
                return c.sndBufSize;
            case SO_RCVBUF:
                return c.rcvBufSize;
            case SO_LINGER:
                return Math.max(c.linger, 0);
            case SO_ERROR:
                int error = c.pendingError;
                c.pendingError = 0;
                return error;
            case TCP_NODELAY:
                return c.nodelay ? 1 : 0;
            case TCP_MAXSEG:
                return c.state.synchronizedState() ? c.sndMss : c.advMss;
            case TCP_USER_TIMEOUT:
                return c.userTimeoutNanos / 1_000_000L;
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    int setBytes(Connection c, SocketOption option, DirectBuffer src, int offset, int length) {
        if (option != SocketOption.TCP_CONGESTION) {
            return -Errno.ENOPROTOOPT;
        }
        if (src == null || offset < 0 || length < 0 || (long) offset + length > src.capacity()) {
            return -Errno.EINVAL;
        }
        int n = length;
        while (n > 0 && src.getByte(offset + n - 1) == 0) {
            n--; // a C string may carry its terminator
        }
        if (n == name.length) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = src.getByte(offset + i) == name[i];
            }
            if (same) {
                return 0;
            }
        }
        return -Errno.EPERM; // each plugin is one algorithm
    }

    int getBytes(Connection c, SocketOption option, MutableDirectBuffer dst, int offset, int length) {
        if (option != SocketOption.TCP_CONGESTION) {
            return -Errno.ENOPROTOOPT;
        }
        if (dst == null || offset < 0 || length < name.length || (long) offset + length > dst.capacity()) {
            return -Errno.EINVAL;
        }
        dst.putBytes(offset, name);
        return name.length;
    }
}
