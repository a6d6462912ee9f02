package io.nsaas.stack.tcp;

/**
 * Stack-wide counters (like Linux {@code /proc/net/snmp} and {@code netstat -s}). Read with
 * {@link TcpStack#stats()}; the object is live and owned by the stack (NSM thread only), so copy
 * with {@link #copy()} for a stable snapshot.
 */
public final class TcpStats {
    /** Packets handed to onPacket. */
    public long packetsIn;
    /** Packets that failed to parse (truncated, not TCP, bad IP header, fragment, bad options). */
    public long malformed;
    /** Packets with a bad TCP or IP checksum. */
    public long badChecksum;
    /** Segments sent. */
    public long segmentsOut;
    /** Segments the host refused to transmit. */
    public long transmitDropped;
    /** Segments retransmitted. */
    public long retransmitted;
    /** RSTs sent. */
    public long resetsSent;
    /** RSTs accepted (connection reset). */
    public long resetsReceived;
    /** Challenge ACKs sent (RFC 5961). */
    public long challengeAcks;
    /** Segments dropped by PAWS (RFC 7323 5). */
    public long pawsDropped;
    /** Segments outside the receive window. */
    public long outOfWindow;
    /** Segments for no socket (answered with RST). */
    public long noSocket;
    /** SYNs dropped because a SYN or accept queue was full. */
    public long listenOverflows;
    /** Retransmission timeouts. */
    public long timeouts;
    /** Fast retransmits (entering recovery). */
    public long fastRetransmits;
    /** Connections established actively. */
    public long activeOpens;
    /** Connections established passively. */
    public long passiveOpens;
    /** Connections established with ECN negotiated (RFC 3168 6.1.1). */
    public long ecnNegotiated;
    /** Data segments received with the CE codepoint on ECN connections. */
    public long ecnCeReceived;
    /** ACKs received with ECE on ECN connections. */
    public long ecnEceReceived;
    /** Congestion-window reductions in answer to ECE (entries into the CWR state, RFC 3168 6.1.2). */
    public long ecnReductions;
    /** Segments sent with CWR. */
    public long ecnCwrSent;
    /** Unexpected internal failures caught at the packet boundary (should stay 0). */
    public long internalErrors;

    /** @return a detached copy */
    public TcpStats copy() {
        TcpStats c = new TcpStats();
        c.packetsIn = packetsIn;
        c.malformed = malformed;
        c.badChecksum = badChecksum;
        c.segmentsOut = segmentsOut;
        c.transmitDropped = transmitDropped;
        c.retransmitted = retransmitted;
        c.resetsSent = resetsSent;
        c.resetsReceived = resetsReceived;
        c.challengeAcks = challengeAcks;
        c.pawsDropped = pawsDropped;
        c.outOfWindow = outOfWindow;
        c.noSocket = noSocket;
        c.listenOverflows = listenOverflows;
        c.timeouts = timeouts;
        c.fastRetransmits = fastRetransmits;
        c.activeOpens = activeOpens;
        c.passiveOpens = passiveOpens;
        c.internalErrors = internalErrors;
        c.ecnNegotiated = ecnNegotiated;
        c.ecnCeReceived = ecnCeReceived;
        c.ecnEceReceived = ecnEceReceived;
        c.ecnReductions = ecnReductions;
        c.ecnCwrSent = ecnCwrSent;
        return c;
    }

    @Override
    public String toString() {
        return "packetsIn=" + packetsIn + " malformed=" + malformed + " badChecksum=" + badChecksum
            + " segmentsOut=" + segmentsOut + " retransmitted=" + retransmitted + " resetsSent=" + resetsSent
            + " resetsReceived=" + resetsReceived + " challengeAcks=" + challengeAcks + " pawsDropped=" + pawsDropped
            + " outOfWindow=" + outOfWindow + " noSocket=" + noSocket + " listenOverflows=" + listenOverflows
            + " timeouts=" + timeouts + " fastRetransmits=" + fastRetransmits + " ecnNegotiated=" + ecnNegotiated
            + " ecnCeReceived=" + ecnCeReceived + " ecnEceReceived=" + ecnEceReceived + " ecnReductions="
            + ecnReductions + " ecnCwrSent=" + ecnCwrSent + " internalErrors=" + internalErrors;
    }
}
