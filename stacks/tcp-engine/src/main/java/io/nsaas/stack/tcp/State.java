package io.nsaas.stack.tcp;

import io.nsaas.spi.TcpState;

/** The eleven connection states, named as RFC 9293 3.3.2 names them. */
public enum State {
    CLOSED(TcpState.CLOSED),
    LISTEN(TcpState.LISTEN),
    SYN_SENT(TcpState.SYN_SENT),
    SYN_RECEIVED(TcpState.SYN_RECEIVED),
    ESTABLISHED(TcpState.ESTABLISHED),
    FIN_WAIT_1(TcpState.FIN_WAIT_1),
    FIN_WAIT_2(TcpState.FIN_WAIT_2),
    CLOSE_WAIT(TcpState.CLOSE_WAIT),
    CLOSING(TcpState.CLOSING),
    LAST_ACK(TcpState.LAST_ACK),
    TIME_WAIT(TcpState.TIME_WAIT);

    private final TcpState spi;

    State(TcpState spi) {
        this.spi = spi;
    }

    /** @return the SPI (Linux-numbered) state */
    public TcpState spi() {
        return spi;
    }

    /** @return whether a SYN has been exchanged both ways (RFC 9293 3.3.2 "synchronized states") */
    public boolean synchronizedState() {
        return ordinal() >= ESTABLISHED.ordinal();
    }

    /** @return whether received data is still delivered to the user (RFC 9293 3.10.7.4 seventh) */
    public boolean receivesData() {
        return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2;
    }

    /** @return whether this end may still send data (before its FIN) */
    public boolean sendsData() {
        return this == ESTABLISHED || this == CLOSE_WAIT;
    }
}
