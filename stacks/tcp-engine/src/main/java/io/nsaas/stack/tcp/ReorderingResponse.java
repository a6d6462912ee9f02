package io.nsaas.stack.tcp;

import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.sack.SackScoreboard;
import io.nsaas.stack.tcp.wire.Seq;
import io.nsaas.stack.tcp.wire.TcpOptions;

/**
 * The sender's answer to reordering mistaken for loss (the problem RFC 4653 states), the way Linux answers it:
 *
 * <ul>
 *   <li><b>Reordering degree</b> ({@link Connection#reordering}, Linux {@code tp->reordering}): whenever data
 *       never retransmitted is acknowledged or SACKed below the highest SACKed sequence, or an undo proves a
 *       retransmission spurious, the distance from that data to the highest SACKed octet, in segments, raises
 *       the degree (Linux {@code tcp_check_sack_reordering}). The degree is the DupThresh of fast retransmit
 *       and of RFC 6675 IsLost; it starts at 3 (RFC 5681) and is bounded by the {@code max-reordering}
 *       option (Linux {@code tcp_max_reordering}, 300).</li>
 *   <li><b>Undo</b> of a reduction that proves spurious (the CongestionControl calling protocol, step 4):
 *       <ul>
 *         <li>Eifel detection (RFC 3522 3.2): the first ACK that advances SND.UNA after the episode's first
 *             retransmission echoes a TSecr older than that retransmission's TSval, so an original
 *             transmission arrived (Linux {@code tcp_packet_delayed});</li>
 *         <li>D-SACK (RFC 3708 3, RFC 2883): every retransmission of the episode was reported received
 *             twice (Linux {@code undo_retrans} counting and {@code tcp_try_undo_dsack}), which may come
 *             after recovery has ended.</li>
 *       </ul></li>
 * </ul>
 *
 * <p>One per stack, stateless; per-connection state lives in {@link Connection}. Nothing allocates.
 */
final class ReorderingResponse {
    /** The initial and lowest reordering degree: RFC 5681 DupThresh, Linux {@code sysctl_tcp_reordering}. */
    static final int MIN_REORDERING = 3;

    private final TcpStack stack;

    ReorderingResponse(TcpStack stack) {
        this.stack = stack;
    }

    /**
     * Starts an undoable episode (Linux {@code tcp_init_undo}); called when fast recovery or a first timeout
     * begins, just before its first retransmission. Transmitter counts every retransmission after this.
     */
    void arm(Connection c) {
        c.undoArmed = true;
        c.undoMarker = c.sndUna;
        c.undoRxtHigh = c.sndUna;
        c.undoRetrans = 0;
        c.undoTsArmed = c.tsOk;
        c.undoTsVal = stack.transmitter.tsNow(c);
        c.undoFack = fack(c, c.sndUna);
    }

    /** @return the highest SACKed sequence + 1, or {@code otherwise} when nothing is SACKed */
    private static int fack(Connection c, int otherwise) {
        SackScoreboard board = c.scoreboard;
        return board == null || board.sackedBytes() == 0 ? otherwise : board.highestSacked();
    }

    /**
     * Before the scoreboard takes this ACK: the first hole that was never retransmitted (Linux keeps a
     * per-segment RETRANS bit; here every un-SACKed octet below HighRxt was retransmitted in this recovery,
     * RFC 6675 NextSeg), or {@code -1L} when nothing is SACKed above it.
     *
     * @return the hole's sequence number in the low 32 bits, or -1
     */
    long firstOriginalHole(Connection c) {
        SackScoreboard board = c.scoreboard;
        if (board == null || board.sackedBytes() == 0 || c.caState == CaState.LOSS) {
            return -1L;
        }
        int from = c.caState == CaState.RECOVERY ? Seq.max(c.highRxt, c.sndUna) : c.sndUna;
        long hole = board.nextUnsackedHole(from);
        return hole == SackScoreboard.NO_HOLE ? -1L : SackScoreboard.holeSeq(hole) & 0xFFFF_FFFFL;
    }

    /**
     * After the scoreboard took this ACK: measures reordering when data never retransmitted was acknowledged
     * (the hole {@link #firstOriginalHole} found) or newly SACKed below the prior highest SACKed octet.
     */
    void afterSackUpdate(Connection c, long originalHole, int priorFack, int priorHighRxt, int ack, int newlySacked) {
        if (c.caState == CaState.LOSS) {
            return;
        }
        SackScoreboard board = c.scoreboard;
        int fack = Seq.max(priorFack, fack(c, priorFack));
        int low = fack;
        if (originalHole >= 0 && Seq.lt((int) originalHole, ack)) {
            low = (int) originalHole;
        }
        if (newlySacked > 0) {
            int rxtEnd = c.caState == CaState.RECOVERY ? Seq.max(priorHighRxt, c.sndUna) : c.sndUna;
            int newly = board.lowestNewlySacked();
            if (Seq.ge(newly, rxtEnd) && Seq.lt(newly, low)) {
                low = newly;
            }
        }
        if (Seq.lt(low, priorFack)) {
            observe(c, fack - low);
        }
        if (c.undoArmed && c.caState == CaState.RECOVERY && Seq.gt(fack, c.undoFack)) {
            c.undoFack = fack;
        }
    }

    /**
     * Raises the reordering degree to cover {@code extent} bytes: the reordered data plus everything that
     * overtook it (Linux {@code tcp_check_sack_reordering}).
     */
    void observe(Connection c, int extent) {
        if (extent <= 0) {
            return;
        }
        int mss = Math.max(c.sndMss, 1);
        long segments = ((long) extent + mss - 1) / mss;
        observeSegments(c, segments);
    }

    private void observeSegments(Connection c, long segments) {
        stack.stats.reorderingDetected++;
        if (segments > c.reordering) {
            c.reordering = (int) Math.min(segments, stack.config.maxReordering);
        }
    }

    /**
     * RFC 3708 3 / Linux {@code tcp_check_dsack}: a D-SACK for data this episode retransmitted accounts for
     * its segments. Linux counts any D-SACK above the episode's start; here the block must also end at or
     * below the highest octet retransmitted, so a network duplicate of later data does not count.
     *
     * @return true when this D-SACK accounted for the episode's last outstanding retransmission
     */
    boolean onDsack(Connection c, int left, int right) {
        if (!c.undoArmed || c.undoRetrans <= 0 || !Seq.gt(right, c.undoMarker) || Seq.gt(right, c.undoRxtHigh)) {
            return false;
        }
        int mss = Math.max(c.sndMss, 1);
        int segments = Math.max(1, (right - left + mss - 1) / mss);
        c.undoRetrans = Math.max(0, c.undoRetrans - segments);
        if (c.undoRetrans > 0) {
            return false;
        }
        observe(c, c.undoFack - left);
        return true;
    }

    /**
     * Eifel detection (RFC 3522 3.2) on an ACK that advanced SND.UNA during the episode: only the first such
     * ACK decides; later ones echo newer timestamps anyway.
     *
     * @return true when the ACK echoes a TSval older than the episode's first retransmission
     */
    boolean originalArrived(Connection c, TcpOptions o) {
        if (!c.undoArmed || !c.undoTsArmed || !o.timestamp || o.tsEcr == 0) {
            return false;
        }
        c.undoTsArmed = false;
        return Seq.lt(o.tsEcr, c.undoTsVal);
    }

    /**
     * The reordering an Eifel detection proves (Linux {@code tcp_check_sack_reordering(prior_snd_una, 1)}):
     * from the hole at {@code priorUna} to the highest SACKed octet; without SACK, the hole plus one segment
     * per duplicate ACK that overtook it.
     */
    void observeDelayedHole(Connection c, int priorUna, int priorFack) {
        if (c.sackOk) {
            observe(c, Seq.max(priorFack, c.undoFack) - priorUna);
        } else {
            observeSegments(c, c.dupAcks + 1L);
        }
    }

    /**
     * Linux {@code tcp_enter_loss}: a timeout in OPEN or DISORDER with at least {@link #MIN_REORDERING}
     * segments SACKed means the degree was overestimated and the hole really was lost: fall back to 3.
     */
    void onTimeout(Connection c) {
        if ((c.caState == CaState.OPEN || c.caState == CaState.DISORDER) && c.scoreboard != null
            && c.scoreboard.sackedBytes() >= MIN_REORDERING * c.sndMss) {
            c.reordering = MIN_REORDERING;
        }
    }
}
