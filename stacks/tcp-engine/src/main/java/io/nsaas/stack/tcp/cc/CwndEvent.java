package io.nsaas.stack.tcp.cc;

/**
 * Events the sender reports through {@link CongestionControl#cwndEvent}, as Linux names them
 * ({@code enum tcp_ca_event}). Each constant says exactly when the sender raises it.
 */
public enum CwndEvent {
    /** The sender transmits new data while nothing is in flight (first send after an idle period or at start). */
    TX_START,
    /**
     * The sender restarts after an idle period longer than one RTO (RFC 5681 4.1). Raised before
     * {@link #TX_START}, before the sender cuts cwnd to the restart window {@code min(IW, cwnd)}.
     */
    CWND_RESTART,
    /** A CWR or RECOVERY episode ended (the sender has set cwnd = ssthresh and is about to enter OPEN). */
    COMPLETE_CWR,
    /** A retransmission timeout fired for a segment not yet retransmitted by a timeout (raised right after {@code ssthresh}). */
    LOSS,
    /** Receiver side, only when {@link CongestionControl#needsEcn()}: a data segment arrived marked ECT(0) or ECT(1), not CE. */
    ECN_NO_CE,
    /** Receiver side, only when {@link CongestionControl#needsEcn()}: a data segment arrived marked CE. */
    ECN_IS_CE,
    /** Receiver side: the sender deferred an ACK (the delayed-ACK timer was armed, RFC 9293 3.8.6.3). */
    DELAYED_ACK,
    /** Receiver side: an ACK left immediately (quick ACK, second full segment, out-of-order data or timer expiry). */
    NON_DELAYED_ACK
}
