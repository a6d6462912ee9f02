package io.nsaas.stack.cubic;

import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.AckSample;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CcView;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.cc.CwndEvent;

/**
 * A sender whose fields a test sets directly, driving a {@link CongestionControl} through the engine's
 * calling protocol (pktsAcked then congestionAvoid per ACK; ssthresh, setState and the cwnd the sender
 * sets for episodes). Defaults: MSS 1460, 10-segment window, OPEN, cwnd-limited, SRTT 100 ms, clock 1 s.
 */
final class ScriptedSender implements CcView {
    static final long MS = 1_000_000L;

    int cwnd;
    int ssthresh = Integer.MAX_VALUE;
    int mss;
    int inFlight;
    int priorCwnd;
    long srttUs = 100_000;
    long minRttUs = 100_000;
    long nowNanos = 1_000 * MS;
    CaState state = CaState.OPEN;
    boolean cwndLimited = true;
    long delivered;
    int sndUna;
    int sndMax;
    private final AckSample sample = new AckSample();

    ScriptedSender(int mss) {
        this.mss = mss;
        this.cwnd = 10 * mss;
        this.inFlight = cwnd;
    }

    /** One ACK advancing SND.UNA by {@code ackedBytes}, with an RTT sample when {@code rttUs >= 0}. */
    int ack(CongestionControl cc, int ackedBytes, long rttUs) {
        sample.clear();
        sample.ackedBytes = ackedBytes;
        sample.rttUs = rttUs;
        sample.inFlightBefore = inFlight;
        delivered += ackedBytes;
        cc.pktsAcked(this, sample);
        cwnd = cc.congestionAvoid(this, ackedBytes);
        return cwnd;
    }

    /** An ACK without an RTT sample. */
    int ack(CongestionControl cc, int ackedBytes) {
        return ack(cc, ackedBytes, -1);
    }

    /** Fast retransmit and a full recovery: ssthresh from the algorithm, cwnd = ssthresh, back to OPEN. */
    int lossAndRecovery(CongestionControl cc) {
        enterRecovery(cc);
        cc.cwndEvent(this, CwndEvent.COMPLETE_CWR);
        cc.setState(this, CaState.OPEN);
        state = CaState.OPEN;
        return ssthresh;
    }

    /** Fast retransmit only: the view is left in RECOVERY with cwnd = ssthresh. */
    void enterRecovery(CongestionControl cc) {
        inFlight = cwnd;
        priorCwnd = cwnd;
        ssthresh = Math.max(cc.ssthresh(this), 2 * mss);
        cc.setState(this, CaState.RECOVERY);
        state = CaState.RECOVERY;
        cwnd = ssthresh;
    }

    /** A first retransmission timeout: ssthresh, LOSS event, LOSS state, cwnd = one segment. */
    void timeout(CongestionControl cc) {
        inFlight = cwnd;
        priorCwnd = cwnd;
        ssthresh = Math.max(cc.ssthresh(this), 2 * mss);
        cc.cwndEvent(this, CwndEvent.LOSS);
        cc.setState(this, CaState.LOSS);
        state = CaState.LOSS;
        cwnd = mss;
    }

    /** @return the algorithm value {@code name} of a fresh TCP_INFO snapshot */
    double info(CongestionControl cc, String name) {
        TcpInfo info = new TcpInfo();
        cc.info(this, info);
        return info.algorithmValue(name);
    }

    void advanceMs(double ms) {
        nowNanos += Math.round(ms * MS);
    }

    @Override
    public int cwnd() {
        return cwnd;
    }

    @Override
    public int ssthresh() {
        return ssthresh;
    }

    @Override
    public int mss() {
        return mss;
    }

    @Override
    public int bytesInFlight() {
        return inFlight;
    }

    @Override
    public int priorCwnd() {
        return priorCwnd;
    }

    @Override
    public long srttUs() {
        return srttUs;
    }

    @Override
    public long minRttUs() {
        return minRttUs;
    }

    @Override
    public long nowNanos() {
        return nowNanos;
    }

    @Override
    public CaState caState() {
        return state;
    }

    @Override
    public boolean isCwndLimited() {
        return cwndLimited;
    }

    @Override
    public long deliveredBytes() {
        return delivered;
    }

    @Override
    public int sndUna() {
        return sndUna;
    }

    @Override
    public int sndMax() {
        return sndMax;
    }
}
