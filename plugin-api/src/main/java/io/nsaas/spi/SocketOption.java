package io.nsaas.spi;

/**
 * Socket options of the SPI, numbered as Linux numbers them ({@code level}, {@code optname}) so the
 * kernel stack passes them straight through and NQEs carry them unchanged.
 *
 * <p>Numeric options travel as a {@code long} through {@link StackInstance#setOption} and
 * {@link StackInstance#getOption}; byte options ({@link #TCP_CONGESTION}) through
 * {@link StackInstance#setOptionBytes} and {@link StackInstance#getOptionBytes}.
 */
public enum SocketOption {
    /** Allow bind to a local port in TIME_WAIT. Boolean: 0 or 1. */
    SO_REUSEADDR(Level.SOL_SOCKET, 2, Kind.NUMERIC),
    /** Keepalive probes on an idle connection. Boolean. */
    SO_KEEPALIVE(Level.SOL_SOCKET, 9, Kind.NUMERIC),
    /** Send buffer size in bytes. */
    SO_SNDBUF(Level.SOL_SOCKET, 7, Kind.NUMERIC),
    /** Receive buffer size in bytes. */
    SO_RCVBUF(Level.SOL_SOCKET, 8, Kind.NUMERIC),
    /**
     * Linger on close, as Linux {@code struct linger}: the value is {@code l_onoff << 32 | l_linger}
     * ({@link #linger(boolean, int)}); on with 0 seconds makes close reset the connection.
     */
    SO_LINGER(Level.SOL_SOCKET, 13, Kind.NUMERIC),
    /** Pending socket error, read-and-clear (read-only). */
    SO_ERROR(Level.SOL_SOCKET, 4, Kind.NUMERIC),
    /** Disable Nagle's algorithm. Boolean. */
    TCP_NODELAY(Level.IPPROTO_TCP, 1, Kind.NUMERIC),
    /** Maximum segment size in bytes. */
    TCP_MAXSEG(Level.IPPROTO_TCP, 2, Kind.NUMERIC),
    /** Congestion-control algorithm name, ASCII. Read-only on plugin stacks (each plugin is one algorithm). */
    TCP_CONGESTION(Level.IPPROTO_TCP, 13, Kind.BYTES),
    /** Milliseconds that transmitted data may stay unacknowledged before the connection is dropped; 0 is the default. */
    TCP_USER_TIMEOUT(Level.IPPROTO_TCP, 18, Kind.NUMERIC);

    /** Linux option levels. */
    public static final class Level {
        public static final int SOL_SOCKET = 1;
        public static final int IPPROTO_TCP = 6;

        private Level() {
        }
    }

    /** How an option's value travels. */
    public enum Kind {
        NUMERIC,
        BYTES
    }

    private static final SocketOption[] VALUES = values();

    /** @return the {@link #SO_LINGER} value for {@code struct linger { onoff, seconds }} */
    public static long linger(boolean on, int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("linger seconds " + seconds + " < 0");
        }
        return (on ? 1L : 0L) << 32 | seconds;
    }

    /** @return whether an {@link #SO_LINGER} value has lingering on */
    public static boolean lingerOn(long value) {
        return (value >>> 32) != 0;
    }

    /** @return the seconds of an {@link #SO_LINGER} value */
    public static int lingerSeconds(long value) {
        return (int) (value & 0x7FFF_FFFFL);
    }

    private final int level;
    private final int optname;
    private final Kind kind;

    SocketOption(int level, int optname, Kind kind) {
        this.level = level;
        this.optname = optname;
        this.kind = kind;
    }

    public int level() {
        return level;
    }

    public int optname() {
        return optname;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @return the 32-bit code {@code level << 16 | optname} that NQEs carry
     */
    public int code() {
        return level << 16 | optname;
    }

    /**
     * @return the option with this {@link #code()}, or null when there is none (reply {@code -ENOPROTOOPT})
     */
    public static SocketOption fromCode(int code) {
        for (SocketOption option : VALUES) {
            if (option.code() == code) {
                return option;
            }
        }
        return null;
    }
}
