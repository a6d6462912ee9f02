package io.nsaas.spi;

/**
 * TCP connection states as Linux numbers them in {@code tcpi_state} ({@code include/net/tcp_states.h}),
 * named as RFC 9293 names them.
 */
public enum TcpState {
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECEIVED(3),
    FIN_WAIT_1(4),
    FIN_WAIT_2(5),
    TIME_WAIT(6),
    CLOSED(7),
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11);

    private static final TcpState[] BY_LINUX = new TcpState[12];

    static {
        for (TcpState state : values()) {
            BY_LINUX[state.linux] = state;
        }
    }

    private final int linux;

    TcpState(int linux) {
        this.linux = linux;
    }

    /** @return the Linux {@code TCP_*} state number */
    public int linux() {
        return linux;
    }

    /** @return the state for a Linux state number, or null when out of range */
    public static TcpState fromLinux(int value) {
        return value > 0 && value < BY_LINUX.length ? BY_LINUX[value] : null;
    }
}
