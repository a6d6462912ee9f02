package io.nsaas.stack.tcp;

import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.wire.OutgoingSegment;
import io.nsaas.stack.tcp.wire.TcpFlags;
import io.nsaas.stack.tcp.wire.TcpSegment;

/**
 * Explicit Congestion Notification in TCP (RFC 3168 6.1), the parts that read or write the wire:
 * negotiation on the handshake, the IP ECN codepoint and the ECE/CWR bits of what we send, and the
 * receiver's echo of CE marks. The sender's reaction to ECE (the CWR episode) is {@link LossRecovery}'s,
 * because it changes the congestion state.
 *
 * <pre>
 *  negotiation (6.1.1)    SYN ECE|CWR  ->  SYN-ACK ECE (no CWR)  ->  both ends ECN-capable
 *                         a SYN-ACK with ECE|CWR (a reflector) or without ECE: not ECN-capable
 *  marking (6.1.2-6.1.6)  ECT(0) on new data only; never on SYN, SYN-ACK, RST, pure ACKs, window probes
 *                         or retransmissions; CWR on the first new data segment after a reduction
 *  receiver, classic      CE on data -> ECE on every ACK until a segment with CWR arrives (6.1.3)
 *  receiver, per-packet   ECE = CE of the last data segment; a flip sends any delayed ACK first with the
 *  (cc.needsEcn(), DCTCP)  old state, then the new segment's ACK at once (RFC 8257 3.2)
 * </pre>
 *
 * <p>One instance per stack, used on the stack's thread; keeps no state of its own (the connection holds it)
 * and never allocates.
 */
final class Ecn {
    /** IP ECN codepoints (RFC 3168 5). */
    static final int NOT_ECT = 0;
    static final int ECT_1 = 1;
    static final int ECT_0 = 2;
    static final int CE = 3;

    private static final int SETUP = TcpFlags.ECE | TcpFlags.CWR;

    private final TcpStack stack;

    Ecn(TcpStack stack) {
        this.stack = stack;
    }

    /** Active open: decides whether our SYN is an ECN-setup SYN (the option, or the algorithm needs ECN). */
    void beforeConnect(Connection c) {
        c.ecnPerPacket = c.cc.needsEcn();
        c.ecnRequested = c.ecnPerPacket || stack.config.ecn.requests();
        c.ecnOk = false;
    }

    /** Passive open, the peer's SYN in LISTEN: accept ECN when it asks with ECE and CWR and we may (6.1.1). */
    void onSyn(Connection c, TcpSegment syn) {
        c.ecnPerPacket = c.cc.needsEcn();
        boolean accept = c.ecnPerPacket || stack.config.ecn.accepts();
        c.ecnOk = accept && (syn.flags() & SETUP) == SETUP;
        c.ecnRequested = c.ecnOk;
    }

    /** Simultaneous open, the peer's SYN in SYN-SENT: ECN-capable when both SYNs were ECN-setup SYNs. */
    void onSimultaneousSyn(Connection c, TcpSegment syn) {
        c.ecnOk = c.ecnRequested && (syn.flags() & SETUP) == SETUP;
    }

    /**
     * The SYN-ACK in SYN-SENT: negotiated when it has ECE without CWR (6.1.1). A SYN-ACK with both set comes
     * from a peer that reflects header bits it does not understand, and is treated as non-ECN-setup.
     */
    void onSynAck(Connection c, TcpSegment synAck) {
        c.ecnOk = c.ecnRequested && (synAck.flags() & SETUP) == TcpFlags.ECE;
    }

    /**
     * @return the ECN bits of our SYN or SYN-ACK: ECE|CWR on the first ECN-setup SYN only (6.1.1.1: a SYN
     *     retransmitted after a timeout goes without them, as Linux's tcp_ecn_fallback, in case a middlebox
     *     drops ECN-setup SYNs); ECE alone on a SYN-ACK of an ECN-capable connection, retransmissions too
     */
    int synFlags(Connection c, boolean synAck) {
        if (synAck) {
            return c.ecnOk ? TcpFlags.ECE : 0;
        }
        return c.ecnRequested && c.retransmits == 0 ? SETUP : 0;
    }

    /** Every non-SYN segment we build: ECE while the receiver echoes congestion (not on RST). */
    void echo(Connection c, OutgoingSegment out) {
        if (c.ecnOk && c.ecnEcho && (out.flags & TcpFlags.RST) == 0) {
            out.flags |= TcpFlags.ECE;
        }
    }

    /** A segment carrying new data (not a retransmission): ECT(0), and CWR when a reduction is queued (6.1.2). */
    void markNewData(Connection c, OutgoingSegment out) {
        if (!c.ecnOk) {
            return;
        }
        out.ecn = ECT_0;
        if (c.ecnQueueCwr) {
            c.ecnQueueCwr = false;
            out.flags |= TcpFlags.CWR;
            c.ecnCwrSent++;
            stack.stats.ecnCwrSent++;
        }
    }

    /** The sender reduced cwnd (ECE, fast retransmit or timeout): CWR goes on the next new data (6.1.2). */
    void queueCwr(Connection c) {
        if (c.ecnOk) {
            c.ecnQueueCwr = true;
        }
    }

    /**
     * @return true when this acceptable ACK echoes congestion: ECE on a negotiated connection (6.1.2), counted
     */
    boolean echoesCongestion(Connection c, TcpSegment seg) {
        if (!c.ecnOk || !seg.has(TcpFlags.ECE) || seg.has(TcpFlags.SYN)) {
            return false;
        }
        c.ecnEceReceived++;
        stack.stats.ecnEceReceived++;
        return true;
    }

    /**
     * A data segment arrived within the window, before its bytes are queued: updates the echo state.
     *
     * @return true when the segment must be acknowledged at once
     */
    boolean onData(Connection c, TcpSegment seg) {
        if (!c.ecnOk) {
            return false;
        }
        int codepoint = seg.ecn();
        if (codepoint == CE) {
            c.ecnCeReceived++;
            stack.stats.ecnCeReceived++;
        }
        return c.ecnPerPacket ? perPacketEcho(c, codepoint) : classicEcho(c, seg, codepoint == CE);
    }

    /**
     * RFC 3168 6.1.3: CE sets ECE on every later ACK until a data segment with CWR arrives; CWR is taken
     * first, so a segment with both CWR and CE starts a new echo. The first CE is acknowledged at once (Linux
     * enters quick-ACK mode: the sender may have a tiny window).
     */
    private static boolean classicEcho(Connection c, TcpSegment seg, boolean ce) {
        if (seg.has(TcpFlags.CWR)) {
            c.ecnEcho = false;
        }
        if (ce && !c.ecnEcho) {
            c.ecnEcho = true;
            return true;
        }
        return false;
    }

    /**
     * RFC 8257 3.2, the DCTCP receiver: ECE on an ACK is the CE state of the last data segment. When the state
     * flips while an ACK is delayed, the data received so far is acknowledged first with the old state, then
     * the new segment at once with the new one. A Not-ECT segment (a retransmission) leaves the state alone,
     * as Linux does; CWR plays no part.
     */
    private boolean perPacketEcho(Connection c, int codepoint) {
        if (codepoint == NOT_ECT) {
            return false;
        }
        boolean ce = codepoint == CE;
        c.cc.cwndEvent(c, ce ? CwndEvent.ECN_IS_CE : CwndEvent.ECN_NO_CE);
        if (ce == c.ecnEcho) {
            return false;
        }
        if (c.deadlines[Connection.TIMER_DELAYED_ACK] != Connection.NONE) {
            stack.reception.sendImmediateAck(c); // RCV.NXT still excludes this segment; ECE still the old state
        }
        c.ecnEcho = ce;
        return true;
    }
}
