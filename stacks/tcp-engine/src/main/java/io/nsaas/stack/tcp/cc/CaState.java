package io.nsaas.stack.tcp.cc;

/**
 * The sender's congestion state, as Linux names it ({@code enum tcp_ca_state}).
 *
 * <p>The sender owns the state; a {@link CongestionControl} learns of changes through
 * {@link CongestionControl#setState} and reads the current one through {@link CcView#caState()}.
 */
public enum CaState {
    /** No loss or reordering suspected: cwnd grows through {@link CongestionControl#congestionAvoid}. */
    OPEN,
    /** Duplicate ACKs or SACKs seen, loss not yet inferred (RFC 3042 limited transmit); cwnd still grows. */
    DISORDER,
    /** cwnd reduced after an ECN echo (RFC 3168 6.1.2); the sender, not the algorithm, moves cwnd. */
    CWR,
    /** Fast retransmit / fast recovery (RFC 5681 3.2, RFC 6582, RFC 6675); the sender moves cwnd. */
    RECOVERY,
    /** After a retransmission timeout (RFC 5681 3.1, RFC 6298 5): cwnd restarts at one segment and slow-starts. */
    LOSS
}
