package io.nsaas.stack.tcp;

import io.nsaas.spi.Errno;
import io.nsaas.stack.tcp.cc.InitialWindow;
import io.nsaas.stack.tcp.wire.Seq;
import io.nsaas.stack.tcp.wire.TcpFlags;
import io.nsaas.stack.tcp.wire.TcpOptions;
import io.nsaas.stack.tcp.wire.TcpSegment;

/**
 * RFC 9293 3.10.7 SEGMENT ARRIVES, one method per group of states, each step commented with its section,
 * with the RFC 5961 hardening (challenge ACKs, ACK range check) and RFC 7323 PAWS. Received payload and
 * FINs go to {@link DataReception}.
 */
final class SegmentArrival {
    private static final long PAWS_IDLE_NANOS = 24L * 24 * 3600 * 1_000_000_000L;

    private final TcpStack stack;

    SegmentArrival(TcpStack stack) {
        this.stack = stack;
    }

    /** Dispatches a parsed segment to the connection or listener it belongs to. */
    void arrive(Connection c, TcpSegment seg) {
        c.segsIn++;
        switch (c.state) {
            case LISTEN:
                listen(c, seg);
                break;
            case SYN_SENT:
                synSent(c, seg);
                break;
            case CLOSED:
                stack.transmitter.sendResetReply(seg); // 3.10.7.1
                break;
            default:
                otherwise(c, seg);
                break;
        }
    }

    /** 3.10.7.2 LISTEN. */
    private void listen(Connection l, TcpSegment seg) {
        if (seg.has(TcpFlags.RST)) {
            return; // first: an incoming RST is ignored
        }
        if (seg.has(TcpFlags.ACK)) {
            stack.transmitter.sendResetReply(seg); // second: any ACK gets <SEQ=SEG.ACK><CTL=RST>
            return;
        }
        if (!seg.has(TcpFlags.SYN)) {
            return; // fourth: other text or control, drop
        }
        // third: SYN: make a SYN-RECEIVED child and answer SYN,ACK
        Listener queues = l.listener;
        if (queues.synQueueFull() || queues.acceptQueueFull()) {
            stack.stats.listenOverflows++;
            return;
        }
        Connection c = stack.newConnection(l);
        c.parent = l;
        c.localAddress = seg.destinationAddress();
        c.localPort = seg.destinationPort();
        c.remoteAddress = seg.sourceAddress();
        c.remotePort = seg.sourcePort();
        c.irs = seg.seq();
        c.rcvNxt = seg.seq() + 1;
        negotiate(c, seg.options(), true);
        stack.ecn.onSyn(c, seg);
        stack.initSendSequence(c);
        c.sndWnd = seg.window(); // RFC 7323 2.2: the window of a SYN is never scaled
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = seg.seq();
        c.sndWl2 = c.iss;
        c.setState(State.SYN_RECEIVED);
        queues.synQueue.add(c);
        stack.table.insert(c);
        c.lastReceiveNanos = stack.host.nanoTime();
        stack.transmitter.sendSyn(c);
        c.rttSeq = c.iss + 1;
        c.rttStartNanos = stack.host.nanoTime();
        stack.armRetransmit(c);
    }

    /** Options of a received SYN (RFC 9293 3.7.1 MSS, RFC 7323 WS/TS, RFC 2018 SACK-permitted). */
    void negotiate(Connection c, TcpOptions o, boolean passive) {
        TcpConfig config = stack.config;
        c.wsOk = config.windowScaling && o.windowScale >= 0;
        if (c.wsOk) {
            c.sndWscale = Math.min(o.windowScale, 14);
            if (passive) {
                c.rcvWscale = TcpStack.windowScale(c.rcvBufSize);
            }
        } else {
            c.sndWscale = 0;
            c.rcvWscale = 0;
        }
        c.sackOk = config.sack && o.sackPermitted;
        c.tsOk = config.timestamps && o.timestamp;
        if (c.tsOk) {
            c.tsRecent = o.tsVal;
            c.tsRecentNanos = stack.host.nanoTime();
        }
        int peerMss = o.mss > 0 ? o.mss : 536;
        c.sndMss = Math.max(64, Math.min(peerMss, c.advMss) - (c.tsOk ? 12 : 0));
        c.rcvMss = c.sndMss;
    }

    /** 3.10.7.3 SYN-SENT. */
    private void synSent(Connection c, TcpSegment seg) {
        int ack = seg.ack();
        boolean hasAck = seg.has(TcpFlags.ACK);
        // first: an ACK outside (ISS, SND.NXT] gets a RST unless it is one
        if (hasAck && (Seq.le(ack, c.iss) || Seq.gt(ack, c.sndMax))) {
            if (!seg.has(TcpFlags.RST)) {
                stack.transmitter.sendResetReply(seg);
            }
            return;
        }
        // second: RST with an acceptable ACK: connection refused; without ACK: drop
        if (seg.has(TcpFlags.RST)) {
            if (hasAck) {
                stack.stats.resetsReceived++;
                stack.termination.abort(c, Errno.ECONNREFUSED, false);
            }
            return;
        }
        if (!seg.has(TcpFlags.SYN)) {
            return; // fifth: neither SYN nor RST: drop
        }
        // fourth: SYN
        c.irs = seg.seq();
        c.rcvNxt = seg.seq() + 1;
        negotiate(c, seg.options(), false);
        c.sndWnd = seg.window();
        c.maxSndWnd = c.sndWnd;
        c.sndWl1 = seg.seq();
        c.sndWl2 = ack;
        c.lastReceiveNanos = stack.host.nanoTime();
        if (hasAck) {
            // SYN,ACK: our SYN is acknowledged: ESTABLISHED, acknowledge theirs
            c.sndUna = ack;
            stack.ecn.onSynAck(c, seg);
            sampleHandshakeRtt(c);
            stack.timers.clear(c, Connection.TIMER_RETRANSMIT);
            establish(c);
            stack.transmitter.sendAck(c);
            stack.transmitter.push(c);
        } else {
            // simultaneous open: SYN-RECEIVED, send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
            stack.ecn.onSimultaneousSyn(c, seg);
            c.setState(State.SYN_RECEIVED);
            stack.transmitter.sendSyn(c);
        }
    }

    private void sampleHandshakeRtt(Connection c) {
        if (c.retransmits == 0 && c.rttStartNanos >= 0) {
            c.rtt.sample(Math.max(1, (stack.host.nanoTime() - c.rttStartNanos) / 1000));
        }
        c.rttStartNanos = -1;
        c.rtt.handshakeComplete(c.retransmits > 0);
        c.retransmits = 0;
        c.rtt.resetBackoff();
    }

    /** The connection reached ESTABLISHED: initial window (RFC 6928), CC init, events. */
    private void establish(Connection c) {
        c.setState(c.finQueued ? State.FIN_WAIT_1 : State.ESTABLISHED); // a close in SYN-RECEIVED queued our FIN
        c.cwnd = InitialWindow.bytes(c.sndMss, stack.config.initialWindow);
        c.ssthresh = Integer.MAX_VALUE;
        if (c.ecnOk) {
            stack.stats.ecnNegotiated++;
        }
        c.cc.init(c);
        c.recover = c.iss; // RFC 6582 3.2 step 1: recover starts at the ISS
        c.highRxt = c.sndUna;
        if (c.keepalive) {
            stack.timers.set(c, Connection.TIMER_KEEPALIVE, stack.host.nanoTime() + stack.config.keepaliveTimeNanos);
        }
        if (c.parent != null) {
            Listener queues = c.parent.listener;
            queues.synQueue.remove(c);
            queues.acceptQueue.add(c);
            stack.stats.passiveOpens++;
            stack.events.onAcceptable(c.parent.socketId);
        } else if (c.socketId >= 0) {
            c.connectPending = false;
            stack.stats.activeOpens++;
            stack.events.onConnected(c.socketId);
            if (c.wantWritable) {
                c.wantWritable = false;
                stack.events.onWritable(c.socketId); // a send answered EAGAIN while connecting
            }
        }
    }

    /** 3.10.7.4 Other states (SYN-RECEIVED and the synchronized states). */
    private void otherwise(Connection c, TcpSegment seg) {
        long now = stack.host.nanoTime();
        TcpOptions o = seg.options();
        int seq = seg.seq();
        boolean rst = seg.has(TcpFlags.RST);
        if (handledBeforeSequenceCheck(c, seg, now)) {
            return;
        }
        // first: check sequence number (the four acceptability cases)
        int rcvWnd = Math.max(0, c.rcvAdv - c.rcvNxt);
        int segLen = seg.segmentLength();
        if (!acceptable(seq, segLen, c.rcvNxt, rcvWnd)) {
            stack.stats.outOfWindow++;
            if (!rst) {
                if (seg.payloadLength() > 0 && Seq.le(seq + seg.payloadLength(), c.rcvNxt)) {
                    DataReception.markDuplicate(c, seq, seg.payloadLength()); // an old duplicate: D-SACK it
                }
                if (c.state == State.TIME_WAIT && seg.has(TcpFlags.FIN)) {
                    stack.timers.set(c, Connection.TIMER_WAIT, now + stack.config.timeWaitNanos); // 3.10.7.4 eighth
                }
                stack.transmitter.sendAck(c);
            }
            return;
        }
        c.lastReceiveNanos = now;
        c.keepaliveProbes = 0;
        // second: RST (RFC 5961 3.2: exact match resets, otherwise a challenge ACK)
        if (rst) {
            if (seq == c.rcvNxt) {
                reset(c);
            } else {
                stack.transmitter.sendChallengeAck(c);
            }
            return;
        }
        // fourth: SYN in a synchronized state or SYN-RECEIVED (RFC 5961 4.2: challenge ACK)
        if (seg.has(TcpFlags.SYN)) {
            stack.transmitter.sendChallengeAck(c);
            return;
        }
        // fifth: ACK
        if (!seg.has(TcpFlags.ACK)) {
            return;
        }
        int ack = seg.ack();
        if (c.state == State.SYN_RECEIVED && !synReceivedAck(c, seg)) {
            return;
        }
        // RFC 5961 5.2: acceptable only if SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT
        if (Seq.gt(ack, c.sndMax) || Seq.lt(ack, c.sndUna - c.maxSndWnd)) {
            stack.transmitter.sendChallengeAck(c);
            return;
        }
        // RFC 7323 4.3: remember the timestamp of a segment covering the last ACK we sent
        if (c.tsOk && o.timestamp && Seq.le(seq, c.lastAckSent)) {
            c.tsRecent = o.tsVal;
            c.tsRecentNanos = now;
        }
        stack.reception.beginSegment(c, seg, rcvWnd);
        stack.recovery.onAck(c, seg, stack.reception.dataLength());
        if (!ackProgress(c)) {
            return;
        }
        // sixth (URG) is not supported, as in most stacks; seventh and eighth: text and FIN
        stack.reception.deliver(c, seg);
        if (c.state != State.CLOSED) {
            stack.transmitter.push(c);
            stack.reception.finishSegment(c);
        }
    }

    /**
     * Cases Linux settles before the acceptability test: PAWS (RFC 7323 5.3), the SYN,ACK that completes a
     * simultaneous open, a SYN reopening TIME-WAIT, a retransmitted SYN to a SYN-RECEIVED child.
     *
     * @return true when the segment was fully handled
     */
    private boolean handledBeforeSequenceCheck(Connection c, TcpSegment seg, long now) {
        TcpOptions o = seg.options();
        int seq = seg.seq();
        boolean rst = seg.has(TcpFlags.RST);
        // RFC 7323 5.3 R1 (PAWS): an older timestamp marks an old duplicate
        if (c.tsOk && o.timestamp && !rst && Seq.lt(o.tsVal, c.tsRecent) && now - c.tsRecentNanos < PAWS_IDLE_NANOS
            && !disorderedAck(c, seg)) {
            stack.stats.pawsDropped++;
            if (seg.segmentLength() > 0) {
                stack.transmitter.sendAck(c); // a duplicate ACK for data; reordered pure ACKs are dropped quietly
            }
            return true;
        }
        // simultaneous open (RFC 9293 3.5 figure 7): the peer's SYN,ACK for our SYN completes SYN-RECEIVED
        if (c.state == State.SYN_RECEIVED && c.parent == null && seg.has(TcpFlags.SYN) && seg.has(TcpFlags.ACK)
            && !rst && seq + 1 == c.rcvNxt && seg.ack() == c.iss + 1) {
            c.sndUna = c.iss + 1;
            sampleHandshakeRtt(c);
            stack.timers.clear(c, Connection.TIMER_RETRANSMIT);
            c.sndWnd = seg.window(); // a SYN's window is never scaled (RFC 7323 2.2)
            c.maxSndWnd = Math.max(c.maxSndWnd, c.sndWnd);
            c.sndWl1 = seq;
            c.sndWl2 = seg.ack();
            establish(c);
            stack.transmitter.sendAck(c);
            stack.transmitter.push(c);
            return true;
        }
        // RFC 6191 / Linux tcp_timewait_state_process: a new SYN above RCV.NXT (or with a newer timestamp)
        // may reopen a TIME-WAIT 4-tuple through the listener
        if (c.state == State.TIME_WAIT && seg.flags() == TcpFlags.SYN
            && (Seq.gt(seq, c.rcvNxt) || c.tsOk && o.timestamp && Seq.gt(o.tsVal, c.tsRecent))) {
            Connection l = stack.table.listener(c.localPort);
            if (l != null) {
                stack.termination.finish(c, 0);
                arrive(l, seg);
                return true;
            }
        }
        // a retransmitted SYN for a SYN-RECEIVED child repeats the SYN,ACK (Linux tcp_check_req)
        if (c.state == State.SYN_RECEIVED && seg.flags() == TcpFlags.SYN && seq == c.irs) {
            stack.transmitter.sendSyn(c);
            return true;
        }
        return false;
    }

    /** Fifth step in SYN-RECEIVED: an acceptable ACK establishes the connection. @return false to drop */
    private boolean synReceivedAck(Connection c, TcpSegment seg) {
        int ack = seg.ack();
        int seq = seg.seq();
        if (!(Seq.lt(c.sndUna, ack) && Seq.le(ack, c.sndMax))) {
            stack.transmitter.sendResetReply(seg); // unacceptable ACK: <SEQ=SEG.ACK><CTL=RST>
            return false;
        }
        if (c.parent != null && c.parent.listener.acceptQueueFull()) {
            stack.stats.listenOverflows++; // Linux drops the ACK; the SYN,ACK is retransmitted
            return false;
        }
        c.sndUna = c.iss + 1;
        sampleHandshakeRtt(c);
        stack.timers.clear(c, Connection.TIMER_RETRANSMIT);
        c.sndWl1 = seq - 1;
        establish(c);
        return true;
    }

    /** Fifth step, per state: our FIN acknowledged. @return false when the connection is gone */
    private boolean ackProgress(Connection c) {
        switch (c.state) {
            case FIN_WAIT_1:
                if (c.finAcked) {
                    c.setState(State.FIN_WAIT_2); // FIN-WAIT-1: our FIN acked
                    if (c.isOrphan()) {
                        stack.timers.set(c, Connection.TIMER_WAIT, stack.host.nanoTime() + stack.config.finTimeoutNanos);
                    }
                }
                return true;
            case CLOSING:
                if (c.finAcked) {
                    stack.termination.enterTimeWait(c); // CLOSING: our FIN acked -> TIME-WAIT
                }
                return true;
            case LAST_ACK:
                if (c.finAcked) {
                    stack.termination.finish(c, 0); // LAST-ACK: our FIN acked -> CLOSED
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    /**
     * Linux tcp_disordered_ack: a reordered pure duplicate ACK (in sequence, acknowledging SND.UNA, same
     * window) carries no risk of old data, so PAWS lets it through instead of discarding a dupack.
     */
    private static boolean disorderedAck(Connection c, TcpSegment seg) {
        return seg.flags() == TcpFlags.ACK && seg.payloadLength() == 0 && seg.seq() == c.rcvNxt
            && seg.ack() == c.sndUna && (seg.window() << c.sndWscale) == c.sndWnd;
    }

    /** RFC 9293 3.10.7.4 first: the segment acceptability test. */
    static boolean acceptable(int seq, int segLen, int rcvNxt, int rcvWnd) {
        if (segLen == 0) {
            return rcvWnd == 0 ? seq == rcvNxt : Seq.inRange(seq, rcvNxt, rcvNxt + rcvWnd);
        }
        if (rcvWnd == 0) {
            return seq == rcvNxt; // not acceptable per the table, but ACK/RST/zero-window probes must be processed
        }
        return Seq.inRange(seq, rcvNxt, rcvNxt + rcvWnd) || Seq.inRange(seq + segLen - 1, rcvNxt, rcvNxt + rcvWnd);
    }

    /** Second step, an exact RST: per state (RFC 9293 3.10.7.4 second). */
    private void reset(Connection c) {
        stack.stats.resetsReceived++;
        switch (c.state) {
            case SYN_RECEIVED:
                // passive: back to LISTEN (the child goes away); active: connection refused
                stack.termination.abort(c, c.parent != null ? 0 : Errno.ECONNREFUSED, false);
                break;
            case ESTABLISHED: case FIN_WAIT_1: case FIN_WAIT_2: case CLOSE_WAIT:
                stack.termination.abort(c, Errno.ECONNRESET, false);
                break;
            default:
                stack.termination.finish(c, 0); // CLOSING, LAST-ACK, TIME-WAIT: enter CLOSED
                break;
        }
    }
}
