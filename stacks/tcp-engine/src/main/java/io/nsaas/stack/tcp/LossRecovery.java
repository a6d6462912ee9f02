package io.nsaas.stack.tcp;

import io.nsaas.spi.Errno;
import io.nsaas.stack.tcp.cc.AckSample;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.sack.SackScoreboard;
import io.nsaas.stack.tcp.wire.Seq;
import io.nsaas.stack.tcp.wire.TcpOptions;
import io.nsaas.stack.tcp.wire.TcpSegment;

/**
 * The sender's reaction to ACKs and timeouts: SND.UNA and window updates (RFC 9293 3.10.7.4 fifth), RTT
 * samples with Karn's rule (RFC 6298 3), duplicate-ACK counting, fast retransmit and NewReno recovery
 * (RFC 5681 3.2, RFC 6582), SACK-based recovery (RFC 6675), limited transmit (RFC 3042, in
 * {@link Transmitter#push}), the retransmission timeout with backoff (RFC 6298 5), the reduction on ECN echo
 * (RFC 3168 6.1.2, the CWR state; the wire side is {@link Ecn}), and the calls into the
 * {@link io.nsaas.stack.tcp.cc.CongestionControl} in the order its calling protocol documents.
 */
final class LossRecovery {
    static final int DUP_THRESH = 3;

    private final TcpStack stack;
    private final AckSample sample = new AckSample();

    LossRecovery(TcpStack stack) {
        this.stack = stack;
    }

    /** @return bytes considered in flight: RFC 6675 pipe in SACK recovery, else SND.NXT - SND.UNA */
    int flight(Connection c) {
        if (c.caState == CaState.RECOVERY && c.sackOk && c.scoreboard != null) {
            return c.scoreboard.pipe(c.sndUna, c.sndMax, c.sndMss, DUP_THRESH, Seq.max(c.highRxt, c.sndUna));
        }
        return c.sndNxt - c.sndUna;
    }

    /**
     * Processes the ACK field of an acceptable segment in a synchronized state (the caller has checked
     * SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.MAX).
     */
    void onAck(Connection c, TcpSegment seg, int payloadLength) {
        int ack = seg.ack();
        int window = seg.window() << c.sndWscale;
        boolean windowChanged = window != c.sndWnd;
        updateWindow(c, seg.seq(), ack, window);
        int priorFlight = c.sndMax - c.sndUna;
        int newlySacked = 0;
        TcpOptions options = seg.options();
        boolean advanced = Seq.gt(ack, c.sndUna);
        if (c.sackOk && (options.sackBlockCount > 0 || c.scoreboard != null)) {
            newlySacked = c.scoreboard().update(advanced ? ack : c.sndUna, c.sndMax, options.sackBlockCount,
                options.sackLeft, options.sackRight);
        }
        sample.clear();
        sample.inFlightBefore = priorFlight;
        int acked = 0;
        if (advanced) {
            acked = acknowledge(c, ack, seg);
        }
        sample.ackedBytes = acked + newlySacked;
        c.deliveredBytes += acked + newlySacked;
        sample.deliveredBytes = c.deliveredBytes;
        boolean duplicate = !advanced && priorFlight > 0 && payloadLength == 0
            && (seg.flags() & (io.nsaas.stack.tcp.wire.TcpFlags.SYN | io.nsaas.stack.tcp.wire.TcpFlags.FIN)) == 0
            && (!windowChanged || newlySacked > 0);
        sample.isDuplicate = duplicate;
        sample.ece = stack.ecn.echoesCongestion(c, seg);
        c.cc.pktsAcked(c, sample);
        if (advanced && c.caState == CaState.CWR && Seq.gt(c.sndUna, c.cwrHigh)) {
            endCwr(c);
        }
        if (sample.ece) {
            onEcnEcho(c);
        }
        if (advanced) {
            afterAdvance(c, acked, seg);
        } else if (duplicate) {
            onDuplicate(c, newlySacked);
        }
        if (advanced && c.wantWritable && c.sendBuffer != null && c.sendBuffer.free() > 0 && c.socketId >= 0) {
            c.wantWritable = false;
            stack.events.onWritable(c.socketId);
        }
    }

    /** RFC 9293 3.10.7.4 fifth: update SND.WND when the segment is newer (SND.WL1/SND.WL2). */
    private void updateWindow(Connection c, int seq, int ack, int window) {
        if (Seq.lt(c.sndWl1, seq) || c.sndWl1 == seq && Seq.le(c.sndWl2, ack)) {
            c.sndWnd = window;
            c.sndWl1 = seq;
            c.sndWl2 = ack;
            if (window > c.maxSndWnd) {
                c.maxSndWnd = window;
            }
        }
    }

    /** SND.UNA advances: free acknowledged bytes, take an RTT sample, restart or stop the RTO timer. */
    private int acknowledge(Connection c, int ack, TcpSegment seg) {
        int acked = ack - c.sndUna;
        int data = Math.min(acked, c.queued());
        if (data > 0) {
            c.sendBuffer.consume(data);
        }
        if (c.finQueued && acked > data) {
            c.finAcked = true;
        }
        c.sndUna = ack;
        if (Seq.lt(c.sndNxt, ack)) {
            c.sndNxt = ack;
        }
        c.bytesAcked += data;
        long rttUs = -1;
        long now = stack.host.nanoTime();
        if (c.rttStartNanos >= 0 && Seq.ge(ack, c.rttSeq)) {
            rttUs = Math.max(1, (now - c.rttStartNanos) / 1000);
            c.rttStartNanos = -1;
        } else if (c.tsOk && seg.options().timestamp && seg.options().tsEcr != 0 && c.retransmits == 0) {
            int ms = stack.transmitter.tsNow(c) - seg.options().tsEcr;
            if (ms >= 0 && ms < 600_000) {
                rttUs = Math.max(1, ms) * 1000L;
            }
        }
        if (rttUs > 0) {
            c.rtt.sample(rttUs);
            sample.rttUs = rttUs;
        }
        c.rtt.resetBackoff();
        c.retransmits = 0;
        c.probes = 0;
        c.retransStampNanos = 0;
        if (c.sndMax == c.sndUna) {
            stack.timers.clear(c, Connection.TIMER_RETRANSMIT);
        } else {
            stack.timers.set(c, Connection.TIMER_RETRANSMIT, now + c.rtt.rtoUs() * 1000);
        }
        if (Seq.gt(c.highRxt, c.sndUna) == false) {
            c.highRxt = c.sndUna;
        }
        return data;
    }

    private void afterAdvance(Connection c, int acked, TcpSegment seg) {
        switch (c.caState) {
            case RECOVERY:
                if (Seq.ge(c.sndUna, c.recover)) {
                    // RFC 6582 3.2 step 6 / RFC 6675 5: full acknowledgment ends recovery
                    c.cwnd = Math.max(c.ssthresh, c.sndMss);
                    endEpisode(c);
                } else if (!c.sackOk) {
                    // RFC 6582 3.2 step 5: partial ACK: retransmit the next hole, deflate cwnd
                    retransmitFirst(c);
                    c.cwnd = Math.max(c.cwnd - acked + (acked >= c.sndMss ? c.sndMss : 0), c.sndMss);
                }
                break;
            case LOSS:
                if (spuriousTimeout(c, seg)) {
                    break;
                }
                growCwnd(c, acked);
                if (Seq.ge(c.sndUna, c.recover)) {
                    endEpisode(c);
                }
                break;
            case CWR:
                // the sender holds cwnd at ssthresh until the episode ends (no congestionAvoid in CWR)
                if (c.scoreboard == null || c.scoreboard.sackedBytes() == 0) {
                    c.dupAcks = 0;
                }
                break;
            case DISORDER:
                growCwnd(c, acked);
                if (c.scoreboard == null || c.scoreboard.sackedBytes() == 0) {
                    setCaState(c, CaState.OPEN);
                }
                c.dupAcks = 0;
                break;
            default:
                c.dupAcks = 0;
                growCwnd(c, acked);
                break;
        }
    }

    /**
     * Eifel detection (RFC 3522) with timestamps: the first ACK after a timeout echoes a TSval older than the
     * retransmission, so the original arrived and the timeout was spurious: undo the reduction (the
     * algorithm's undoCwnd), resume after SND.MAX instead of going back N.
     */
    private boolean spuriousTimeout(Connection c, TcpSegment seg) {
        TcpOptions o = seg.options();
        if (!c.tsOk || !o.timestamp || o.tsEcr == 0 || !c.undoPossible
            || !Seq.lt(o.tsEcr, c.rtoTsVal)) {
            c.undoPossible = false;
            return false;
        }
        c.undoPossible = false;
        c.cwnd = Math.max(c.cc.undoCwnd(c), c.sndMss);
        c.ssthresh = Math.max(c.ssthresh, c.priorSsthresh);
        if (Seq.lt(c.sndNxt, c.sndMax)) {
            c.sndNxt = c.sndMax;
        }
        c.dupAcks = 0;
        setCaState(c, CaState.OPEN);
        return true;
    }

    private void growCwnd(Connection c, int acked) {
        if (acked > 0 && c.cwndLimited) {
            c.cwnd = Math.max(c.cc.congestionAvoid(c, acked), c.sndMss);
            int exit = c.cc.slowStartThreshold(c);
            if (exit > 0) {
                c.ssthresh = Math.max(exit, 2 * c.sndMss);
            }
        }
    }

    /**
     * RFC 3168 6.1.2: ECE on an ACK in OPEN or DISORDER starts a reduction, at most once per window: the CWR
     * state lasts until SND.UNA passes the SND.NXT of this moment, and ECE meanwhile (or in RECOVERY or LOSS,
     * which already reduced) changes nothing. cwnd drops to the new ssthresh at once; CWR goes on the next new
     * data segment.
     */
    private void onEcnEcho(Connection c) {
        if (c.caState != CaState.OPEN && c.caState != CaState.DISORDER) {
            return;
        }
        c.priorCwnd = c.cwnd;
        c.priorSsthresh = c.ssthresh;
        c.ecnReduction = true;
        try {
            c.ssthresh = Math.max(c.cc.ssthresh(c), 2 * c.sndMss);
        } finally {
            c.ecnReduction = false;
        }
        setCaState(c, CaState.CWR);
        c.cwnd = c.ssthresh;
        c.cwrHigh = c.sndMax;
        c.ecnReductions++;
        stack.stats.ecnReductions++;
        stack.ecn.queueCwr(c);
    }

    /**
     * The CWR episode ends when SND.UNA passes the recorded SND.NXT, strictly, as Linux: only an ACK above it
     * covers the segment that carried CWR, so the receiver has stopped echoing the old marks.
     */
    private void endCwr(Connection c) {
        c.cwnd = Math.max(c.ssthresh, c.sndMss);
        endEpisode(c);
    }

    private void endEpisode(Connection c) {
        c.dupAcks = 0;
        c.cc.cwndEvent(c, CwndEvent.COMPLETE_CWR);
        setCaState(c, CaState.OPEN);
    }

    /** RFC 5681 3.2 / RFC 6675 5: count duplicates and start fast recovery at DupThresh (or IsLost). */
    private void onDuplicate(Connection c, int newlySacked) {
        c.dupAcks++;
        switch (c.caState) {
            case OPEN: case DISORDER: case CWR:
                boolean lost = c.dupAcks >= DUP_THRESH
                    || c.sackOk && c.scoreboard != null && c.scoreboard.isLost(c.sndUna, c.sndMss, DUP_THRESH);
                // RFC 6582 4.1: without SACK, no new recovery until SND.UNA passes the previous 'recover'
                boolean allowed = c.sackOk || Seq.gt(c.sndUna, c.recover);
                if (lost && allowed) {
                    enterRecovery(c);
                } else if (c.caState == CaState.OPEN) {
                    setCaState(c, CaState.DISORDER);
                }
                break;
            case RECOVERY:
                if (!c.sackOk) {
                    c.cwnd += c.sndMss; // RFC 6582 3.2 step 4: inflate per additional duplicate
                }
                break;
            default:
                break;
        }
    }

    /**
     * Fast retransmit. From CWR the window was already reduced for this window of data: ssthresh stays (Linux
     * tcp_enter_recovery does not start a second reduction while one is in progress).
     */
    private void enterRecovery(Connection c) {
        stack.stats.fastRetransmits++;
        if (c.caState != CaState.CWR) {
            c.priorCwnd = c.cwnd;
            c.priorSsthresh = c.ssthresh;
            c.ssthresh = Math.max(c.cc.ssthresh(c), 2 * c.sndMss);
            stack.ecn.queueCwr(c);
        }
        setCaState(c, CaState.RECOVERY);
        c.recover = c.sndMax;
        c.highRxt = c.sndUna;
        c.rttStartNanos = -1;
        if (c.sackOk) {
            c.cwnd = c.ssthresh; // RFC 6675 5 step 4.2
        } else {
            c.cwnd = c.ssthresh + 3 * c.sndMss; // RFC 6582 3.2 step 3
        }
        retransmitFirst(c);
    }

    /** Retransmits one segment at SND.UNA (with the FIN when it is the last data). */
    private void retransmitFirst(Connection c) {
        int outstanding = c.sndMax - c.sndUna;
        int queued = c.queued();
        int len = Math.min(Math.min(stack.transmitter.segmentPayload(c), queued), outstanding);
        boolean fin = c.finQueued && len == queued && outstanding > queued;
        if (len <= 0 && !fin) {
            return;
        }
        stack.transmitter.sendData(c, c.sndUna, len, fin);
        int end = c.sndUna + len + (fin ? 1 : 0);
        if (Seq.gt(end, c.highRxt)) {
            c.highRxt = end;
        }
        if (c.retransStampNanos == 0) {
            c.retransStampNanos = stack.host.nanoTime();
        }
    }

    /** RFC 6675 5 step (C): while pipe leaves room, retransmit lost holes (NextSeg rule 1). */
    void retransmitSackHoles(Connection c) {
        SackScoreboard board = c.scoreboard();
        int budget = 64;
        while (budget-- > 0) {
            int pipe = flight(c);
            if (c.cwnd - pipe < c.sndMss) {
                return;
            }
            long hole = board.nextLostHole(Seq.max(c.highRxt, c.sndUna), c.sndMss, DUP_THRESH);
            if (hole == SackScoreboard.NO_HOLE) {
                return;
            }
            int seq = SackScoreboard.holeSeq(hole);
            int len = Math.min(Math.min(SackScoreboard.holeLength(hole), stack.transmitter.segmentPayload(c)),
                c.queued() - (seq - c.sndUna));
            if (len <= 0) {
                return;
            }
            stack.transmitter.sendData(c, seq, len, false);
            c.highRxt = seq + len;
        }
    }

    /** The retransmission timer fired in a synchronized state (RFC 6298 5.4-5.7). */
    void onRetransmitTimeout(Connection c) {
        long now = stack.host.nanoTime();
        if (c.sndMax == c.sndUna) {
            if (c.queued() > 0 && c.sndWnd == 0) {
                windowProbe(c, now);
            } else if (c.queued() > 0) {
                stack.transmitter.sendOverride(c); // RFC 9293 3.8.6.2.1: the SWS override timeout
            }
            return;
        }
        stack.stats.timeouts++;
        if (c.retransStampNanos == 0) {
            c.retransStampNanos = now;
        }
        if (giveUp(c, now)) {
            stack.termination.abort(c, Errno.ETIMEDOUT, true);
            return;
        }
        if (c.caState != CaState.LOSS || c.retransmits == 0) {
            c.priorCwnd = c.cwnd;
            c.priorSsthresh = c.ssthresh;
            c.ssthresh = Math.max(c.cc.ssthresh(c), 2 * c.sndMss);
            c.cc.cwndEvent(c, CwndEvent.LOSS);
        }
        stack.ecn.queueCwr(c); // RFC 3168 6.1.2: a timeout reduces the window too
        if (c.caState != CaState.LOSS) {
            setCaState(c, CaState.LOSS);
        }
        c.undoPossible = c.retransmits == 0;
        c.rtoTsVal = stack.transmitter.tsNow(c);
        c.cwnd = c.sndMss;
        c.recover = c.sndMax;
        c.dupAcks = 0;
        c.highRxt = c.sndUna;
        if (c.scoreboard != null) {
            c.scoreboard.clear();
        }
        c.sndNxt = c.sndUna; // go back N: everything outstanding is resent in slow start
        c.rttStartNanos = -1;
        c.retransmits++;
        c.rtt.backoff();
        stack.timers.set(c, Connection.TIMER_RETRANSMIT, now + c.rtt.rtoUs() * 1000);
        stack.transmitter.push(c);
    }

    /** RFC 9293 3.8.6.1 zero-window probing on the persist timer, backing off like the RTO. */
    private void windowProbe(Connection c, long now) {
        c.probes++;
        if (c.userTimeoutNanos > 0 && c.retransStampNanos != 0 && now - c.retransStampNanos >= c.userTimeoutNanos
            || c.probes > stack.config.retries2) {
            stack.termination.abort(c, Errno.ETIMEDOUT, true);
            return;
        }
        if (c.retransStampNanos == 0) {
            c.retransStampNanos = now;
        }
        stack.transmitter.sendProbe(c);
        c.rtt.backoff();
        stack.timers.set(c, Connection.TIMER_RETRANSMIT, now + c.rtt.rtoUs() * 1000);
    }

    /** Linux tcp_write_timeout: TCP_USER_TIMEOUT when set, else retries2 retransmissions. */
    private boolean giveUp(Connection c, long now) {
        if (c.userTimeoutNanos > 0) {
            return now - c.retransStampNanos >= c.userTimeoutNanos;
        }
        return c.retransmits >= stack.config.retries2;
    }

    void setCaState(Connection c, CaState next) {
        if (c.caState != next) {
            c.cc.setState(c, next);
            c.caState = next;
        }
        if (next == CaState.OPEN) {
            c.retransStampNanos = 0;
        }
    }
}
