package io.nsaas.stack.tcp.cc;

/** A sender view whose fields a test sets directly; defaults: MSS 1460, RFC 6928 window, OPEN, cwnd-limited. */
final class ScriptedSender implements CcView {
    static final int MSS = 1460;

    int cwnd = 10 * MSS;
    int ssthresh = Integer.MAX_VALUE;
    int mss = MSS;
    int inFlight = 10 * MSS;
    int priorCwnd;
    long srttUs = 10_000;
    long minRttUs = 10_000;
    long nowNanos;
    CaState state = CaState.OPEN;
    boolean cwndLimited = true;
    long delivered;

    /** Applies one ACK the way the sender does in OPEN/DISORDER/LOSS: cwnd = congestionAvoid(...). */
    int ack(CongestionControl cc, int ackedBytes) {
        delivered += ackedBytes;
        cwnd = cc.congestionAvoid(this, ackedBytes);
        return cwnd;
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
}
