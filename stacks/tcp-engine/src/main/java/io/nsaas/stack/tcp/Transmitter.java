package io.nsaas.stack.tcp;

import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.cc.InitialWindow;
import io.nsaas.stack.tcp.wire.OutgoingSegment;
import io.nsaas.stack.tcp.wire.SegmentWriter;
import io.nsaas.stack.tcp.wire.Seq;
import io.nsaas.stack.tcp.wire.TcpFlags;
import io.nsaas.stack.tcp.wire.TcpSegment;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Output (RFC 9293 3.10 "SEND" and the sending parts of 3.10.7, Linux {@code tcp_output.c}): decides what a
 * connection may send now (peer window, congestion window, Nagle, sender silly-window avoidance) and builds
 * every segment into one preallocated packet buffer handed to {@code StackHost.transmit}. No allocation.
 */
final class Transmitter {
    private final TcpStack stack;
    private final OutgoingSegment out = new OutgoingSegment();
    private final SegmentWriter writer = new SegmentWriter();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[65_536 + SegmentWriter.MAX_HEADERS]);
    private final UnsafeBuffer staging = new UnsafeBuffer(new byte[65_536]);
    private final int[] sackLeft = new int[4];
    private final int[] sackRight = new int[4];
    private long challengeWindowStart;
    private int challengeCount;

    Transmitter(TcpStack stack) {
        this.stack = stack;
        this.challengeWindowStart = stack.host.nanoTime();
    }

    /**
     * Sends whatever the windows allow (Linux {@code tcp_write_xmit}): new data and the FIN, and in SACK
     * recovery the holes first (RFC 6675 NextSeg). Arms the retransmission or persist timer as needed.
     */
    void push(Connection c) {
        switch (c.state) {
            case ESTABLISHED: case CLOSE_WAIT: case FIN_WAIT_1: case CLOSING: case LAST_ACK:
                break;
            default:
                return;
        }
        if (Seq.le(c.sndUna, c.iss)) {
            return; // our SYN is not acknowledged yet (simultaneous open)
        }
        if (c.caState == CaState.RECOVERY && c.sackOk) {
            stack.recovery.retransmitSackHoles(c);
        }
        boolean cwndBlocked = false;
        while (true) {
            int queued = c.queued();
            int unsent = queued - (c.sndNxt - c.sndUna);
            boolean finNow = c.finQueued && unsent <= 0 && c.sndNxt == c.finSeq();
            if (unsent <= 0 && !finNow) {
                break;
            }
            int flight = stack.recovery.flight(c);
            int limited = c.caState == CaState.DISORDER ? Math.min(c.dupAcks, 2) * c.sndMss : 0;
            int cwndRoom = c.cwnd + limited - flight;
            int wndRoom = c.sndUna + c.sndWnd - c.sndNxt;
            int len = 0;
            int mss = segmentPayload(c);
            if (unsent > 0) {
                len = Math.min(unsent, mss);
                int room = Math.min(cwndRoom, wndRoom);
                if (len > room) {
                    // RFC 9293 3.8.6.2.1: a partial segment only when it is at least half the largest window seen
                    if (wndRoom < cwndRoom && wndRoom > 0 && wndRoom >= c.maxSndWnd / 2) {
                        len = wndRoom;
                    } else {
                        cwndBlocked = cwndRoom < len;
                        break;
                    }
                }
                // Nagle (RFC 9293 3.7.4): hold a small final segment while data is unacknowledged
                if (len == unsent && len < mss && !c.nodelay && c.sndNxt != c.sndUna && !c.finQueued) {
                    break;
                }
            }
            boolean fin = c.finQueued && len == unsent;
            if (c.sndMax == c.sndUna && len > 0) {
                restartAfterIdle(c);
            }
            sendData(c, c.sndNxt, len, fin);
            c.sndNxt += len + (fin ? 1 : 0);
            if (Seq.gt(c.sndNxt, c.sndMax)) {
                c.sndMax = c.sndNxt;
            }
            if (c.deadlines[Connection.TIMER_RETRANSMIT] == Connection.NONE) {
                stack.timers.set(c, Connection.TIMER_RETRANSMIT, stack.host.nanoTime() + c.rtt.rtoUs() * 1000);
            }
            if (fin) {
                break;
            }
        }
        c.cwndLimited = cwndBlocked;
        armPersistIfStalled(c);
    }

    /**
     * Nothing is in flight and new data leaves: after an idle period longer than the RTO the window restarts
     * at min(IW, cwnd) (RFC 5681 4.1, RFC 7661 aside); the algorithm hears CWND_RESTART then TX_START.
     */
    private void restartAfterIdle(Connection c) {
        long now = stack.host.nanoTime();
        if (c.lastSendNanos != 0 && now - c.lastSendNanos > c.rtt.rtoUs() * 1000) {
            c.cc.cwndEvent(c, CwndEvent.CWND_RESTART);
            c.cwnd = Math.min(c.cwnd, InitialWindow.bytes(c.sndMss, stack.config.initialWindow));
        }
        c.cc.cwndEvent(c, CwndEvent.TX_START);
    }

    /**
     * Sends what the peer's small window allows although sender silly-window avoidance held it (called when
     * the override timer expires with nothing in flight, RFC 9293 3.8.6.2.1).
     */
    void sendOverride(Connection c) {
        int unsent = c.queued() - (c.sndNxt - c.sndUna);
        int len = Math.min(Math.min(unsent, segmentPayload(c)), c.sndUna + c.sndWnd - c.sndNxt);
        if (len <= 0) {
            return;
        }
        sendData(c, c.sndNxt, len, false);
        c.sndNxt += len;
        if (Seq.gt(c.sndNxt, c.sndMax)) {
            c.sndMax = c.sndNxt;
        }
        stack.timers.set(c, Connection.TIMER_RETRANSMIT, stack.host.nanoTime() + c.rtt.rtoUs() * 1000);
    }

    /**
     * @return the payload that fits one packet now: SND.MSS (already net of the timestamp option) less the
     *         SACK option this connection's ACKs currently carry (Linux tcp_current_mss), so no packet exceeds the MTU
     */
    int segmentPayload(Connection c) {
        if (!c.sackOk || c.receiveBuffer == null || !c.receiveBuffer.hasOutOfOrder()) {
            return c.sndMss;
        }
        int blocks = Math.min(c.receiveBuffer.outOfOrderRanges(), c.tsOk ? 3 : 4);
        return Math.max(c.sndMss - 4 - 8 * blocks, 64);
    }

    /** RFC 9293 3.8.6.1: with data waiting, a zero window and nothing in flight, probe the window. */
    private void armPersistIfStalled(Connection c) {
        int unsent = c.queued() - (c.sndNxt - c.sndUna);
        if (unsent > 0 && c.sndNxt == c.sndUna && c.sndMax == c.sndUna
            && c.deadlines[Connection.TIMER_RETRANSMIT] == Connection.NONE) {
            stack.timers.set(c, Connection.TIMER_RETRANSMIT, stack.host.nanoTime() + c.rtt.rtoUs() * 1000);
        }
    }

    /**
     * Sends {@code len} bytes of the send buffer starting at {@code seq} (>= SND.UNA), with FIN when asked.
     * Counts a retransmission when {@code seq} is below SND.MAX.
     */
    void sendData(Connection c, int seq, int len, boolean fin) {
        boolean retransmit = Seq.lt(seq, c.sndMax);
        begin(c, seq, TcpFlags.ACK | (fin ? TcpFlags.FIN : 0));
        if (len > 0) {
            int copied = c.sendBuffer.copy(seq - c.sndUna, staging, 0, len);
            out.payload = staging;
            out.payloadOffset = 0;
            out.payloadLength = copied;
            if (seq + len == c.sndUna + c.queued()) {
                out.flags |= TcpFlags.PSH;
            }
            c.bytesSent += copied;
            if (!retransmit) {
                stack.ecn.markNewData(c, out); // RFC 3168 6.1.5: never ECT on a retransmission
            }
        }
        if (len > 0) {
            c.lastSendNanos = stack.host.nanoTime();
        }
        if (retransmit) {
            c.totalRetrans++;
            stack.stats.retransmitted++;
            if (c.rttStartNanos >= 0 && Seq.lt(seq, c.rttSeq)) {
                c.rttStartNanos = -1; // Karn: no sample from retransmitted data
            }
        } else if (len > 0 && c.rttStartNanos < 0) {
            c.rttSeq = seq + len;
            c.rttStartNanos = stack.host.nanoTime();
        }
        emit(c);
    }

    /** Sends an ACK for RCV.NXT now (RFC 9293 3.10.7.4: {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}). */
    void sendAck(Connection c) {
        begin(c, c.sndNxt, TcpFlags.ACK);
        emit(c);
    }

    /** A window probe or keepalive: an ACK with SEQ = SND.UNA - 1 that the peer must answer (Linux style). */
    void sendProbe(Connection c) {
        begin(c, c.sndUna - 1, TcpFlags.ACK);
        emit(c);
    }

    /** Aborts: {@code <SEQ=SND.NXT><CTL=RST,ACK>} (RFC 9293 3.10.5 ABORT; Linux tcp_send_active_reset). */
    void sendReset(Connection c) {
        begin(c, c.sndNxt, TcpFlags.RST | TcpFlags.ACK);
        out.window = 0;
        out.timestamp = false;
        out.sackBlockCount = 0;
        stack.stats.resetsSent++;
        emit(c);
    }

    /** Sends SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED) with our options (RFC 9293 3.10.7.2/3.10.7.3). */
    void sendSyn(Connection c) {
        boolean synAck = c.state == State.SYN_RECEIVED;
        out.clear();
        address(c);
        out.seq = c.iss;
        out.ack = synAck ? c.rcvNxt : 0;
        out.flags = TcpFlags.SYN | (synAck ? TcpFlags.ACK : 0) | stack.ecn.synFlags(c, synAck);
        int space = Math.min(c.receiveSpace(), 65_535);
        out.window = space;
        c.rcvAdv = c.rcvNxt + space;
        out.mss = c.advMss;
        TcpConfig config = stack.config;
        if (synAck ? c.wsOk : config.windowScaling) {
            out.windowScale = c.rcvWscale;
        }
        out.sackPermitted = synAck ? c.sackOk : config.sack;
        if (synAck ? c.tsOk : config.timestamps) {
            out.timestamp = true;
            out.tsVal = tsNow(c);
            out.tsEcr = synAck ? c.tsRecent : 0;
        }
        if (c.retransmits > 0) {
            c.totalRetrans++;
            stack.stats.retransmitted++;
        }
        finish(c);
        c.lastAckSent = c.rcvNxt;
    }

    /**
     * Answers a segment that has no connection (RFC 9293 3.10.7.1): RST with SEQ=SEG.ACK when it carries an
     * ACK, else RST,ACK with SEQ=0 and ACK=SEG.SEQ+SEG.LEN. Never answers a RST.
     */
    void sendResetReply(TcpSegment in) {
        if (in.has(TcpFlags.RST)) {
            return;
        }
        out.clear();
        out.sourceAddress = in.destinationAddress();
        out.destinationAddress = in.sourceAddress();
        out.sourcePort = in.destinationPort();
        out.destinationPort = in.sourcePort();
        if (in.has(TcpFlags.ACK)) {
            out.seq = in.ack();
            out.flags = TcpFlags.RST;
        } else {
            out.seq = 0;
            out.ack = in.seq() + in.segmentLength();
            out.flags = TcpFlags.RST | TcpFlags.ACK;
        }
        stack.stats.resetsSent++;
        write();
    }

    /** @return our timestamp clock: milliseconds (like Linux) plus the connection's random offset */
    int tsNow(Connection c) {
        return (int) (stack.host.nanoTime() / 1_000_000L) + c.tsOffset;
    }

    private void begin(Connection c, int seq, int flags) {
        out.clear();
        address(c);
        out.seq = seq;
        out.ack = c.rcvNxt;
        out.flags = flags;
        stack.ecn.echo(c, out);
        out.window = windowField(c);
        if (c.tsOk) {
            out.timestamp = true;
            out.tsVal = tsNow(c);
            out.tsEcr = c.tsRecent;
        }
        int room = c.tsOk ? 3 : 4;
        if (c.dsackPending) {
            c.dsackPending = false; // RFC 2883 4: the D-SACK block goes first, once
            if (c.sackOk) {
                out.addSackBlock(c.dsackLeft, c.dsackRight);
                room--;
            }
        }
        if (c.sackOk && c.receiveBuffer != null && c.receiveBuffer.hasOutOfOrder()) {
            int n = c.receiveBuffer.sackBlocks(c.rcvNxt, sackLeft, sackRight, room);
            for (int i = 0; i < n; i++) {
                out.addSackBlock(sackLeft[i], sackRight[i]);
            }
        }
    }

    private void address(Connection c) {
        out.sourceAddress = c.localAddress;
        out.destinationAddress = c.remoteAddress;
        out.sourcePort = c.localPort;
        out.destinationPort = c.remotePort;
    }

    /** Every segment of a synchronized connection acknowledges RCV.NXT: reset the delayed-ACK state. */
    private void emit(Connection c) {
        finish(c);
        c.lastAckSent = c.rcvNxt;
        c.bytesSinceAck = 0;
        if (c.deadlines[Connection.TIMER_DELAYED_ACK] != Connection.NONE) {
            stack.timers.clear(c, Connection.TIMER_DELAYED_ACK);
        }
    }

    private void finish(Connection c) {
        c.segsOut++;
        write();
    }

    private void write() {
        int length = writer.write(out, packet, 0);
        if (length < 0) {
            stack.stats.internalErrors++;
            return;
        }
        stack.stats.segmentsOut++;
        if (!stack.host.transmit(packet, 0, length)) {
            stack.stats.transmitDropped++;
        }
    }

    /**
     * The window field (RFC 7323 2.3 scaled) with receiver silly-window avoidance (RFC 9293 3.8.6.2.2): the
     * right edge moves only by at least min(half the buffer, one MSS), and never moves left.
     */
    private int windowField(Connection c) {
        int space = c.receiveSpace();
        if (Seq.lt(c.rcvAdv, c.rcvNxt)) {
            c.rcvAdv = c.rcvNxt;
        }
        int newRight = c.rcvNxt + space;
        int threshold = Math.min(c.rcvBufSize / 2, c.advMss);
        if (Seq.gt(newRight, c.rcvAdv) && (newRight - c.rcvAdv >= threshold || c.rcvAdv == c.rcvNxt && space >= threshold)) {
            c.rcvAdv = newRight;
        }
        int window = c.rcvAdv - c.rcvNxt;
        int scale = c.rcvWscale;
        int field = (int) Math.min(65_535L, ((long) window + (1L << scale) - 1) >>> scale);
        c.rcvAdv = c.rcvNxt + (field << scale);
        return field;
    }

    /** RFC 5961 3.2/4.2/5.2 challenge ACK, at most challenge-ack-limit per second (RFC 5961 7). */
    void sendChallengeAck(Connection c) {
        long now = stack.host.nanoTime();
        if (now - challengeWindowStart >= 1_000_000_000L) {
            challengeWindowStart = now;
            challengeCount = 0;
        }
        if (challengeCount < stack.config.challengeAckLimit) {
            challengeCount++;
            stack.stats.challengeAcks++;
            sendAck(c);
        }
    }
}
