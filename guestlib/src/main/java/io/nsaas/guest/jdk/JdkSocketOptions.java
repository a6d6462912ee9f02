package io.nsaas.guest.jdk;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.spi.SocketOption;
import java.io.IOException;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * Maps the JDK's socket options ({@link StandardSocketOptions} for channels and
 * {@code Socket.setOption}, the {@link SocketOptions} integer ids for {@link java.net.SocketImpl})
 * onto the numeric {@link SocketOption}s a {@link GuestSocket} carries to the tenant's stack. Options
 * nsaas does not carry (IP_TOS, SO_REUSEPORT, SO_OOBINLINE, ...) are refused with
 * {@link UnsupportedOperationException} (channels) as the JDK does for unknown options.
 */
final class JdkSocketOptions {

    /** The options an nsaas SocketChannel or Socket supports. */
    static final Set<java.net.SocketOption<?>> STREAM = Set.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY);

    /** The options an nsaas ServerSocketChannel or ServerSocket supports. */
    static final Set<java.net.SocketOption<?>> LISTENER = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR);

    private JdkSocketOptions() {
    }

    /** Sets a standard option on the guest socket; {@code supported} is the caller's option set. */
    static <T> void set(GuestSocket socket, Set<java.net.SocketOption<?>> supported, java.net.SocketOption<T> name,
            T value) throws IOException {
        SocketOption option = checked(supported, name);
        if (value == null) {
            throw new IllegalArgumentException("nsaas: option " + name + " needs a value, got null");
        }
        socket.setOption(option, encode(name, value));
    }

    /** @return the value of a standard option read from the guest socket */
    static <T> T get(GuestSocket socket, Set<java.net.SocketOption<?>> supported, java.net.SocketOption<T> name)
            throws IOException {
        SocketOption option = checked(supported, name);
        return name.type().cast(decode(name, socket.getOption(option)));
    }

    private static SocketOption checked(Set<java.net.SocketOption<?>> supported, java.net.SocketOption<?> name) {
        if (name == null) {
            throw new NullPointerException("socket option name");
        }
        if (!supported.contains(name)) {
            throw new UnsupportedOperationException("nsaas: socket option '" + name
                    + "' is not supported; supported are " + supported);
        }
        return spiOption(name);
    }

    private static SocketOption spiOption(java.net.SocketOption<?> name) {
        if (name == StandardSocketOptions.SO_SNDBUF) {
            return SocketOption.SO_SNDBUF;
        } else if (name == StandardSocketOptions.SO_RCVBUF) {
            return SocketOption.SO_RCVBUF;
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            return SocketOption.SO_KEEPALIVE;
        } else if (name == StandardSocketOptions.SO_REUSEADDR) {
            return SocketOption.SO_REUSEADDR;
        } else if (name == StandardSocketOptions.SO_LINGER) {
            return SocketOption.SO_LINGER;
        } else if (name == StandardSocketOptions.TCP_NODELAY) {
            return SocketOption.TCP_NODELAY;
        }
        throw new UnsupportedOperationException("nsaas: socket option '" + name + "' is not supported");
    }

    private static long encode(java.net.SocketOption<?> name, Object value) {
        if (value instanceof Boolean) {
            return ((Boolean) value) ? 1 : 0;
        }
        int number = (Integer) value;
        if (name == StandardSocketOptions.SO_LINGER) {
            return number < 0 ? SocketOption.linger(false, 0) : SocketOption.linger(true, Math.min(number, 65535));
        }
        if (number < 0) {
            throw new IllegalArgumentException("nsaas: option " + name + " must not be negative, got " + number);
        }
        return number;
    }

    private static Object decode(java.net.SocketOption<?> name, long value) {
        if (name.type() == Boolean.class) {
            return value != 0;
        }
        if (name == StandardSocketOptions.SO_LINGER) {
            return SocketOption.lingerOn(value) ? SocketOption.lingerSeconds(value) : -1;
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    /**
     * @return the standard option for a {@link SocketOptions} integer id, or null for ids that are not
     *     carried to the stack (SO_TIMEOUT and SO_BINDADDR are served by the impl itself)
     */
    static java.net.SocketOption<?> forImplId(int optId) {
        switch (optId) {
            case SocketOptions.TCP_NODELAY:
                return StandardSocketOptions.TCP_NODELAY;
            case SocketOptions.SO_REUSEADDR:
                return StandardSocketOptions.SO_REUSEADDR;
            case SocketOptions.SO_KEEPALIVE:
                return StandardSocketOptions.SO_KEEPALIVE;
            case SocketOptions.SO_SNDBUF:
                return StandardSocketOptions.SO_SNDBUF;
            case SocketOptions.SO_RCVBUF:
                return StandardSocketOptions.SO_RCVBUF;
            case SocketOptions.SO_LINGER:
                return StandardSocketOptions.SO_LINGER;
            default:
                return null;
        }
    }
}
