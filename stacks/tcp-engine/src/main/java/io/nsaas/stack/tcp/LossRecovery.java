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
 * {@link Transmitter#push}), the retransmission timeout with backoff (RFC 6298 5), and the calls into the
 * {@link io.nsaas.stack.tcp.cc.CongestionControl} in the order its calling protocol documents. The duplicate
 * threshold is the connection's learned reordering degree and reductions that prove spurious are undone
 * ({@link ReorderingResponse}).
 */
final class LossRecovery {
    private final TcpStack stack;
    private final ReorderingResponse reorder;
    private final AckSample sample = new AckSample();

    LossRecovery(TcpStack stack) {
        this.stack = stack;
        this.reorder = new ReorderingResponse(stack);
    }

    /**
     * @return bytes considered in flight: with SACK information in DISORDER or RECOVERY, RFC 6675 pipe (SACKed
     *     octets have left the network, as in Linux {@code tcp_packets_in_flight}), else SND.NXT - SND.UNA
     */
    int flight(Connection c) {
        if ((c.caState == CaState.RECOVERY || c.caState == CaState.DISORDER) && c.sackOk && c.scoreboard != null
            && (c.caState == CaState.RECOVERY || c.scoreboard.sackedBytes() > 0)) {
            return c.scoreboard.pipe(c.sndUna, c.sndMax, c.sndMss, c.reordering, Seq.max(c.highRxt, c.sndUna));
        }
        return c.sndNxt - c.sndUna;
    }

    /**
     * Limited transmit (RFC 3042, extended to the learned DupThresh): without SACK, new data may exceed cwnd by
     * one segment per duplicate ACK below the threshold; with SACK, {@link #flight} already discounts the
     * SACKed segments those duplicates reported.
     *
     * @return bytes the sender may send beyond cwnd
     */
    int limitedTransmit(Connection c) {
        if (c.caState != CaState.DISORDER || c.sackOk && c.scoreboard != null && c.scoreboard.sackedBytes() > 0) {
            return 0;
        }
        return Math.min(c.dupAcks, c.reordering - 1) * c.sndMss;
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
        int priorUna = c.sndUna;
        int priorHighRxt = c.highRxt;
        int priorFack = c.sndUna;
        int newlySacked = 0;
        boolean dsackUndo = false;
        TcpOptions options = seg.options();
        boolean advanced = Seq.gt(ack, c.sndUna);
        if (c.sackOk && (options.sackBlockCount > 0 || c.scoreboard != null)) {
            SackScoreboard board = c.scoreboard();
            long originalHole = reorder.firstOriginalHole(c);
            if (board.sackedBytes() > 0) {
                priorFack = board.highestSacked();
            }
            newlySacked = board.update(advanced ? ack : c.sndUna, c.sndMax, options.sackBlockCount,
                options.sackLeft, options.sackRight);
            reorder.afterSackUpdate(c, originalHole, priorFack, priorHighRxt, ack, newlySacked);
            if (board.lastUpdateHadDsack()) {
                dsackUndo = reorder.onDsack(c, board.dsackLeft(), board.dsackRight());
            }
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
        // RFC 6675 2: with SACK, a duplicate must SACK new data (a D-SACK alone reports no loss)
        boolean duplicate = !advanced && priorFlight > 0 && payloadLength == 0
            && (seg.flags() & (io.nsaas.stack.tcp.wire.TcpFlags.SYN | io.nsaas.stack.tcp.wire.TcpFlags.FIN)) == 0
            && (!windowChanged || newlySacked > 0)
            && !(c.sackOk && newlySacked == 0 && c.scoreboard != null && c.scoreboard.lastUpdateHadDsack());
        sample.isDuplicate = duplicate;
        c.cc.pktsAcked(c, sample);
        if (dsackUndo) {
            undo(c, false); // RFC 3708 3: every retransmission of the episode was needless
        }
        if (advanced) {
            afterAdvance(c, acked, seg, priorUna, priorFack, priorHighRxt);
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

    private void afterAdvance(Connection c, int acked, TcpSegment seg, int priorUna, int priorFack,
                              int priorHighRxt) {
        switch (c.caState) {
            case RECOVERY:
                if (reorder.originalArrived(c, seg.options())) {
                    // RFC 3522: the hole was filled by the original; Linux tcp_try_undo_recovery/_partial
                    reorder.observeDelayedHole(c, priorUna, priorFack);
                    if (Seq.ge(c.sndUna, c.recover) || Seq.le(priorHighRxt, c.sndUna)) {
                        undo(c, true);
                        break;
                    }
                }
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
                if (reorder.originalArrived(c, seg.options())) {
                    undo(c, true); // RFC 3522: spurious timeout; resume after SND.MAX instead of going back N
                    break;
                }
                growCwnd(c, acked);
                if (Seq.ge(c.sndUna, c.recover)) {
                    endEpisode(c);
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
     * Undoes the episode's reduction (CongestionControl protocol step 4, Linux {@code tcp_undo_cwnd_reduction}):
     * cwnd from the algorithm's undoCwnd (the view still shows priorCwnd), {@code ssthresh = max(ssthresh,
     * priorSsthresh)}; after a timeout, sending resumes after SND.MAX instead of going back N. The state
     * returns to OPEN (DISORDER while SACKed data remains, Linux {@code tcp_try_keep_open}).
     */
    private void undo(Connection c, boolean timestamps) {
        if (timestamps) {
            stack.stats.timestampUndos++;
        } else {
            stack.stats.dsackUndos++;
        }
        c.undoArmed = false;
        c.undoTsArmed = false;
        c.cwnd = Math.max(c.cc.undoCwnd(c), c.sndMss);
        c.ssthresh = Math.max(c.ssthresh, c.priorSsthresh);
        if (c.caState == CaState.LOSS && Seq.lt(c.sndNxt, c.sndMax)) {
            c.sndNxt = c.sndMax;
        }
        c.dupAcks = 0;
        boolean sacked = c.scoreboard != null && c.scoreboard.sackedBytes() > 0;
        if (c.caState == CaState.RECOVERY || c.caState == CaState.LOSS) {
            setCaState(c, sacked ? CaState.DISORDER : CaState.OPEN);
        }
    }

    private void growCwnd(Connection c, int acked) {
        if (acked > 0 && c.cwndLimited) {
            c.cwnd = Math.max(c.cc.congestionAvoid(c, acked), c.sndMss);
        }
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
            case OPEN: case DISORDER:
                boolean lost = c.dupAcks >= c.reordering
                    || c.sackOk && c.scoreboard != null && c.scoreboard.isLost(c.sndUna, c.sndMss, c.reordering);
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

    private void enterRecovery(Connection c) {
        stack.stats.fastRetransmits++;
        c.priorCwnd = c.cwnd;
        c.priorSsthresh = c.ssthresh;
        c.ssthresh = Math.max(c.cc.ssthresh(c), 2 * c.sndMss);
        setCaState(c, CaState.RECOVERY);
        c.recover = c.sndMax;
        c.highRxt = c.sndUna;
        c.rttStartNanos = -1;
        reorder.arm(c);
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
            long hole = board.nextLostHole(Seq.max(c.highRxt, c.sndUna), c.sndMss, c.reordering);
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
        reorder.onTimeout(c);
        if (c.caState != CaState.LOSS || c.retransmits == 0) {
            c.priorCwnd = c.cwnd;
            c.priorSsthresh = c.ssthresh;
            c.ssthresh = Math.max(c.cc.ssthresh(c), 2 * c.sndMss);
            c.cc.cwndEvent(c, CwndEvent.LOSS);
            reorder.arm(c); // a backed-off repeat keeps the episode, as Linux keeps undo_marker and retrans_stamp
        }
        if (c.caState != CaState.LOSS) {
            setCaState(c, CaState.LOSS);
        }
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
