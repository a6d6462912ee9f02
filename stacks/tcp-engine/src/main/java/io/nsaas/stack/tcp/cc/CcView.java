package io.nsaas.stack.tcp.cc;

/**
 * Read-only view of one connection's sender, given to a {@link CongestionControl} on every call.
 *
 * <p>Ownership and threading: the sender implements and owns the view; it is valid only for the
 * duration of the call (do not keep values across calls expecting them to change) and is used on
 * the connection's single thread. Every window and size is in bytes; every value is the one the
 * sender holds at the moment of the call (for {@link CongestionControl#setState} that is still the
 * old state).
 */
public interface CcView {
    /** @return the congestion window in bytes (always at least one {@link #mss()}) */
    int cwnd();

    /** @return the slow-start threshold in bytes; {@link Integer#MAX_VALUE} until the first loss (RFC 5681 3.1) */
    int ssthresh();

    /** @return the sender's maximum segment size SMSS in bytes (negotiated, without options) */
    int mss();

    /** @return FlightSize (RFC 5681 2): bytes sent and not cumulatively acknowledged, {@code SND.NXT - SND.UNA} */
    int bytesInFlight();

    /**
     * @return the cwnd saved by the sender immediately before it last called {@link CongestionControl#ssthresh}
     *     (entering RECOVERY, LOSS or CWR), Linux's {@code prior_cwnd}; 0 before any reduction
     */
    int priorCwnd();

    /** @return the smoothed RTT in microseconds (RFC 6298 SRTT), or 0 before the first sample */
    long srttUs();

    /** @return the smallest RTT sample seen, in microseconds, or 0 before the first sample */
    long minRttUs();

    /** @return the sender's clock in nanoseconds (the stack's clock; virtual in tests) */
    long nowNanos();

    /** @return the current congestion state */
    CaState caState();

    /**
     * @return true when the flight has recently been limited by cwnd rather than by the application or
     *     the peer's window (RFC 7661 "cwnd-limited"; Linux {@code tcp_is_cwnd_limited}: in slow start,
     *     when cwnd is below twice the largest flight of the last RTT). Algorithms should not grow cwnd
     *     when this is false.
     */
    boolean isCwndLimited();

    /** @return cumulative bytes delivered: acknowledged cumulatively or selectively, each byte counted once */
    long deliveredBytes();

    /**
     * @return SND.UNA, the oldest unacknowledged sequence number (compare with wrap-around arithmetic:
     *     {@code (a - b) < 0} means a is before b). The default, for views without sequence space, is 0.
     */
    default int sndUna() {
        return 0;
    }

    /**
     * @return the highest sequence number sent plus one (Linux {@code snd_nxt} outside of RTO recovery):
     *     an ACK covering this value ends the current round trip (HyStart++'s round, DCTCP's window).
     *     The default, for views without sequence space, is 0.
     */
    default int sndMax() {
        return 0;
    }

    /**
     * @return true only while the sender asks {@link CongestionControl#ssthresh} for the reduction of an
     *     ECN echo (the CWR episode, RFC 3168 6.1.2), false during that call for a loss (fast retransmit
     *     or timeout) and at every other time. Lets an algorithm reduce differently for marks and losses
     *     (DCTCP, RFC 8257 3.3 and 3.5). The default is false.
     */
    default boolean ecnReduction() {
        return false;
    }

    /**
     * @return true when ECN was negotiated on this connection (RFC 3168 6.1.1: our SYN carried ECE+CWR
     *     and the SYN-ACK ECE, or the reverse), so data leaves ECT(0) and ECE on ACKs means congestion
     *     experienced. Constant after ESTABLISHED. The default (views that know nothing of ECN) is false.
     */
    default boolean ecnEnabled() {
        return false;
    }

    /**
     * @return the RFC 6675 "pipe" estimate of bytes in the network (FlightSize minus SACKed and lost
     *     bytes plus retransmitted ones); defaults to {@link #bytesInFlight()} for senders without SACK
     */
    default int pipe() {
        return bytesInFlight();
    }
}
