package io.nsaas.stack.tcp;

import io.nsaas.stack.tcp.buffer.ReceiveBuffer;
import io.nsaas.stack.tcp.buffer.SendBuffer;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CcView;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.rtt.RttEstimator;
import io.nsaas.stack.tcp.sack.SackScoreboard;

/**
 * One connection's transmission control block (RFC 9293 3.3.1) plus its socket-level settings. Plain
 * fields, read and written by the stack's processing classes ({@link SegmentArrival}, {@link LossRecovery},
 * {@link Transmitter}, {@link ConnectionTimers}); behaviour lives there, state lives here. Buffers and the
 * SACK scoreboard are allocated lazily so an idle connection stays small.
 *
 * <p>It is also the {@link CcView} the congestion-control algorithm reads; the algorithm never writes it.
 */
final class Connection implements CcView {
    static final long NONE = Long.MAX_VALUE;
    static final int TIMER_RETRANSMIT = 0;
    static final int TIMER_DELAYED_ACK = 1;
    static final int TIMER_KEEPALIVE = 2;
    static final int TIMER_WAIT = 3;
    static final int TIMER_KINDS = 4;

    final TcpStack stack;
    final CongestionControl cc;
    final RttEstimator rtt;

    // identity
    int socketId = -1;
    /** The listening connection while this is an embryonic or not yet accepted child. */
    Connection parent;
    Listener listener;
    State state = State.CLOSED;
    int localAddress;
    int localPort;
    int remoteAddress;
    int remotePort;
    boolean inTable;
    boolean bound;

    // send sequence space (RFC 9293 3.3.1)
    int iss;
    int sndUna;
    int sndNxt;
    /** Highest sequence number sent + 1; sndNxt moves back to sndUna after an RTO (go-back-N). */
    int sndMax;
    /** True only during the congestion control's ssthresh call that starts an ECN (CWR) episode. */
    boolean ecnReduction;
    int sndWnd;
    int maxSndWnd;
    int sndWl1;
    int sndWl2;
    int sndWscale;
    int sndMss = 536;
    int advMss;
    boolean finQueued;
    boolean finAcked;

    // receive sequence space
    int irs;
    int rcvNxt;
    /** Right edge of the window last advertised (RCV.NXT + RCV.WND at that time). */
    int rcvAdv;
    int rcvWscale;
    int rcvMss = 536;
    int lastAckSent;
    int bytesSinceAck;
    int quickAcks;
    boolean finReceived;
    boolean pendingFin;
    /** A duplicate arrived: the next ACK reports it first as a D-SACK block (RFC 2883). */
    boolean dsackPending;
    int dsackLeft;
    int dsackRight;
    int pendingFinSeq;

    // options (RFC 7323, RFC 2018)
    boolean sackOk;
    boolean tsOk;
    boolean wsOk;
    int tsRecent;
    long tsRecentNanos;
    int tsOffset;

    // congestion and loss recovery
    int cwnd;
    int ssthresh = Integer.MAX_VALUE;
    int priorCwnd;
    int priorSsthresh;
    CaState caState = CaState.OPEN;
    int dupAcks;
    int recover;
    int highRxt;
    boolean cwndLimited;
    int rttSeq;
    long rttStartNanos = -1;
    int retransmits;
    long retransStampNanos;
    long deliveredBytes;
    SackScoreboard scoreboard;
    int probes;
    int keepaliveProbes;
    boolean undoPossible;
    int rtoTsVal;

    // Explicit Congestion Notification (RFC 3168, RFC 8257 3.2), see Ecn
    /** Our SYN was an ECN-setup SYN (ECE+CWR), or we would answer one with an ECN-setup SYN-ACK. */
    boolean ecnRequested;
    /** ECN negotiated: new data leaves ECT(0), ECE on ACKs means congestion. Constant after ESTABLISHED. */
    boolean ecnOk;
    /** The congestion control asked for ECN (needsEcn(), read once at the handshake): per-packet CE echo. */
    boolean ecnPerPacket;
    /** ECE goes on every ACK we send: classic latch until CWR, or the per-packet receiver's CE state. */
    boolean ecnEcho;
    /** The next new data segment carries CWR (RFC 3168 6.1.2). */
    boolean ecnQueueCwr;
    /** SND.NXT when the last ECN reduction began: CWR ends when SND.UNA passes it. */
    int cwrHigh;
    long ecnCeReceived;
    long ecnEceReceived;
    long ecnReductions;
    long ecnCwrSent;

    // buffers
    SendBuffer sendBuffer;
    ReceiveBuffer receiveBuffer;
    int sndBufSize;
    int rcvBufSize;

    // socket settings and user-visible status
    boolean nodelay;
    boolean keepalive;
    boolean reuseAddress;
    long userTimeoutNanos;
    long linger = -1;
    int pendingError;
    boolean resetPending;
    boolean shutRead;
    boolean shutWrite;
    boolean wantWritable;
    boolean connectPending;
    boolean closedReported;
    long lastReceiveNanos;
    long lastSendNanos;

    // timers: one host timer at the earliest deadline
    final long[] deadlines = {NONE, NONE, NONE, NONE};
    long timerId = -1;
    long timerDeadline = NONE;

    // statistics (TcpInfo)
    long bytesAcked;
    long bytesReceived;
    long bytesSent;
    long segsIn;
    long segsOut;
    long totalRetrans;

    Connection(TcpStack stack, CongestionControl cc, RttEstimator rtt) {
        this.stack = stack;
        this.cc = cc;
        this.rtt = rtt;
    }

    /** The one place a state changes (smoltcp's set_state); logs at debug. */
    void setState(State next) {
        if (stack.logger.isDebugEnabled()) {
            stack.logger.debug("socket {} {}:{} state {} -> {}", socketId, localPort, remotePort, state, next);
        }
        state = next;
    }

    /** @return the demux key of this connection's 4-tuple */
    long key() {
        return ConnectionTable.key(remoteAddress, remotePort, localPort);
    }

    /** @return bytes queued from SND.UNA on (sent or not) */
    int queued() {
        return sendBuffer == null ? 0 : sendBuffer.size();
    }

    /** @return the sequence number of our FIN (valid when {@link #finQueued}) */
    int finSeq() {
        return sndUna + queued();
    }

    /** @return the receive window we may still advertise room for, in bytes */
    int receiveSpace() {
        return receiveBuffer == null ? rcvBufSize : receiveBuffer.window();
    }

    /** @return readable in-order bytes */
    int readable() {
        return receiveBuffer == null ? 0 : receiveBuffer.readable();
    }

    SendBuffer sendBuffer() {
        if (sendBuffer == null) {
            sendBuffer = new SendBuffer(sndBufSize);
        }
        return sendBuffer;
    }

    ReceiveBuffer receiveBuffer() {
        if (receiveBuffer == null) {
            receiveBuffer = new ReceiveBuffer(rcvBufSize, 32);
        }
        return receiveBuffer;
    }

    SackScoreboard scoreboard() {
        if (scoreboard == null) {
            scoreboard = new SackScoreboard(32);
        }
        return scoreboard;
    }

    /** @return the earliest armed deadline, or {@link #NONE} */
    long earliestDeadline() {
        long min = NONE;
        for (long d : deadlines) {
            min = Math.min(min, d);
        }
        return min;
    }

    boolean isOrphan() {
        return socketId < 0 && parent == null;
    }

    // ---- CcView ----

    @Override
    public int cwnd() {
        return cwnd;
    }

    @Override
    public int ssthresh() {
        return ssthresh;
    }

    @Override
    public boolean ecnReduction() {
        return ecnReduction;
    }

    @Override
    public int sndUna() {
        return sndUna;
    }

    @Override
    public int sndMax() {
        return sndMax;
    }

    @Override
    public int mss() {
        return sndMss;
    }

    @Override
    public int bytesInFlight() {
        return sndMax - sndUna;
    }

    @Override
    public int priorCwnd() {
        return priorCwnd;
    }

    @Override
    public long srttUs() {
        return rtt.srttUs();
    }

    @Override
    public long minRttUs() {
        return rtt.minRttUs();
    }

    @Override
    public long nowNanos() {
        return stack.host.nanoTime();
    }

    @Override
    public CaState caState() {
        return caState;
    }

    @Override
    public boolean isCwndLimited() {
        return cwndLimited;
    }

    @Override
    public long deliveredBytes() {
        return deliveredBytes;
    }

    @Override
    public boolean ecnEnabled() {
        return ecnOk;
    }

    @Override
    public String toString() {
        return "Connection[" + socketId + " " + state + " " + localPort + "<->" + remotePort + " una=" + sndUna
            + " nxt=" + sndNxt + " max=" + sndMax + " rcv.nxt=" + rcvNxt + "]";
    }
}
