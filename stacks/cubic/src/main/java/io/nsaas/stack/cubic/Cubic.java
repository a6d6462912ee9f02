package io.nsaas.stack.cubic;

import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.AckSample;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CcView;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.cc.SlowStart;

/**
 * CUBIC congestion control (RFC 9438) with HyStart++ (RFC 9406) for the initial slow start.
 *
 * <p>Window function (RFC 9438 4.2), in segments and seconds:
 * <pre>
 *   W_cubic(t) = C*(t - K)^3 + W_max         C = 0.4
 *   K          = cbrt((W_max - cwnd_epoch)/C)  (0, with W_max = cwnd_epoch, when cwnd_epoch >= W_max,
 *                                              after a timeout and after a HyStart++ exit)
 *   target     = W_cubic(t + RTT) clamped to [cwnd, 1.5*cwnd]; per ACK cwnd += (target - cwnd)/cwnd
 *                for each acknowledged segment (RFC 9438 4.4, 4.5)
 *   W_est     += alpha * segments_acked / cwnd, alpha = 3(1 - beta)/(1 + beta), 1 once W_est >= cwnd_prior;
 *                cwnd = max(cwnd, W_est) while W_cubic(t) < W_est (Reno-friendly region, RFC 9438 4.3)
 *   reduction: ssthresh = max(cwnd*7/10, 2*SMSS); W_max = cwnd, or cwnd*(1 + beta)/2 when cwnd fell
 *                below the previous W_max (fast convergence, RFC 9438 4.6, 4.7)
 * </pre>
 *
 * <p>Arithmetic: the window function, K and W_est are doubles (segments for the formula, bytes when
 * stored); cwnd results are whole bytes, rounded down, with the fractional growth carried to the next
 * ACK; ssthresh is exact integer arithmetic ({@code cwnd * 7 / 10}). Every result saturates at
 * {@link Integer#MAX_VALUE}. Time comes only from {@link CcView#nowNanos()}, RTT from
 * {@link CcView#srttUs()} (or {@link CcView#minRttUs()} before SRTT exists).
 *
 * <p>Application-limited periods do not count in {@code t} (RFC 9438 4.2, 5.8): an ACK that arrives
 * while the sender is not cwnd-limited grows neither cwnd nor W_est and moves t_epoch forward by the
 * time since the previous ACK; {@link CwndEvent#TX_START} (sending after nothing was in flight) moves
 * t_epoch forward by the idle time since the last ACK.
 *
 * <p>Ownership and threading: one instance per connection (the factory is {@code Cubic::new}), called
 * on the connection's thread only; no callback allocates or throws.
 */
public final class Cubic implements CongestionControl {
    /** The algorithm name, as Linux's {@code TCP_CONGESTION} spells it. */
    public static final String NAME = "cubic";
    /** RFC 9438 4.1: C, in segments per second cubed. */
    public static final double C = 0.4;
    /** RFC 9438 4.1: beta_cubic, the multiplicative decrease factor (used as exactly 7/10 for ssthresh). */
    public static final double BETA = 0.7;
    /** RFC 9438 4.3: alpha_cubic = 3 * (1 - beta) / (1 + beta), the Reno-friendly additive increase. */
    public static final double ALPHA_CUBIC = 3.0 * (1.0 - BETA) / (1.0 + BETA);
    /** RFC 9438 4.2: the target is at most 1.5 * cwnd. */
    private static final double MAX_TARGET_GROWTH = 1.5;

    private final boolean hystartEnabled;
    private final boolean fastConvergence;
    private final CubicState state = new CubicState();
    private final CubicState saved = new CubicState();
    /** The HyStart++ exit ssthresh not yet handed to the sender ({@link #slowStartThreshold}), 0 when none. */
    private int exitToReport;
    private final HyStartPlusPlus hystart = new HyStartPlusPlus();
    private final HyStartPlusPlus savedHystart = new HyStartPlusPlus();
    private boolean hasSaved;
    private long ackRttUs = -1;

    /** CUBIC as RFC 9438 recommends it: HyStart++ and fast convergence on. */
    public Cubic() {
        this(true, true);
    }

    /**
     * @param hystartEnabled use HyStart++ in the initial slow start (else RFC 5681/3465 slow start)
     * @param fastConvergence apply RFC 9438 4.7 fast convergence
     */
    public Cubic(boolean hystartEnabled, boolean fastConvergence) {
        this.hystartEnabled = hystartEnabled;
        this.fastConvergence = fastConvergence;
        if (!hystartEnabled) {
            hystart.finish();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void init(CcView tcp) {
        state.reset();
        hystart.reset();
        if (!hystartEnabled) {
            hystart.finish();
        }
        hasSaved = false;
        ackRttUs = -1;
    }

    /**
     * RFC 9438 4.6 and 4.7 (loss and ECN echo alike): saves the state for {@link #undoCwnd}, sets
     * W_max (with fast convergence) and cwnd_prior, ends the epoch and HyStart++.
     *
     * @return {@code max(cwnd * 7 / 10, 2 * SMSS)}
     */
    @Override
    public int ssthresh(CcView tcp) {
        saved.copyFrom(state);
        savedHystart.copyFrom(hystart);
        hasSaved = true;
        int cwnd = tcp.cwnd();
        if (fastConvergence && cwnd < state.wMax) {
            state.wMax = cwnd * (1.0 + BETA) / 2.0;
        } else {
            state.wMax = cwnd;
        }
        state.cwndPrior = cwnd;
        state.epochRunning = false;
        state.exitSsthresh = Integer.MAX_VALUE;
        hystart.finish();
        long reduced = (long) cwnd * 7 / 10;
        return (int) Math.max(reduced, 2L * tcp.mss());
    }

    /** Keeps this ACK's RTT sample for HyStart++ (the sender calls this before {@link #congestionAvoid}). */
    @Override
    public void pktsAcked(CcView tcp, AckSample sample) {
        ackRttUs = sample.hasRtt() ? sample.rttUs : -1;
    }

    /**
     * Slow start below ssthresh (HyStart++ in the initial one, RFC 3465 byte counting with L = 2*SMSS,
     * or 1*SMSS after a timeout, in later ones), CUBIC above; bytes left when slow start reaches
     * ssthresh go to congestion avoidance in the same ACK.
     */
    @Override
    public int congestionAvoid(CcView tcp, int ackedBytes) {
        long rttUs = ackRttUs;
        ackRttUs = -1;
        int cwnd = tcp.cwnd();
        if (ackedBytes <= 0) {
            return cwnd;
        }
        if (inInitialSlowStart(tcp)) {
            return hystartSlowStart(tcp, cwnd, ackedBytes, rttUs);
        }
        boolean limited = tcp.isCwndLimited();
        int ssthresh = Math.min(tcp.ssthresh(), state.exitSsthresh);
        int acked = ackedBytes;
        if (cwnd < ssthresh) {
            if (!limited) {
                return cwnd;
            }
            int segments = tcp.caState() == CaState.LOSS
                ? SlowStart.ABC_LIMIT_AFTER_RTO_SEGMENTS : SlowStart.ABC_LIMIT_SEGMENTS;
            long limit = segments * (long) tcp.mss();
            int grown = SlowStart.slowStartLimited(cwnd, ssthresh, acked, limit);
            acked = SlowStart.leftoverLimited(cwnd, ssthresh, acked, limit);
            cwnd = grown;
            if (acked == 0) {
                return cwnd;
            }
        }
        return avoid(tcp, cwnd, acked, limited);
    }

    /**
     * RFC 9438 4.9 (spurious congestion event): restores W_max, K, the epoch, W_est, cwnd_prior and the
     * HyStart++ state saved by the last {@link #ssthresh}.
     *
     * @return {@code max(cwnd, priorCwnd)} (Linux {@code tcp_reno_undo_cwnd})
     */
    @Override
    public int undoCwnd(CcView tcp) {
        if (hasSaved) {
            state.copyFrom(saved);
            hystart.copyFrom(savedHystart);
            state.clockNanos = tcp.nowNanos();
            hasSaved = false;
        }
        return Math.max(tcp.cwnd(), tcp.priorCwnd());
    }

    @Override
    public void setState(CcView tcp, CaState next) {
        if (next == CaState.RECOVERY || next == CaState.LOSS || next == CaState.CWR) {
            state.epochRunning = false;
            state.pendingGrowth = 0;
        }
    }

    /**
     * LOSS (RFC 9438 4.8): W_max becomes undefined, so the first congestion avoidance after the timeout
     * starts with K = 0 and W_max = W_est = cwnd_epoch. TX_START: the idle time since the last ACK is
     * excluded from t. CWND_RESTART: the sender cuts cwnd after idling, so the next congestion
     * avoidance starts a new epoch (W_max is kept).
     */
    @Override
    public void cwndEvent(CcView tcp, CwndEvent event) {
        switch (event) {
            case LOSS -> {
                state.wMax = 0;
                state.epochRunning = false;
            }
            case TX_START -> excludeIdle(tcp.nowNanos());
            case CWND_RESTART -> state.epochRunning = false;
            default -> {
                // COMPLETE_CWR needs nothing: the next congestion-avoidance ACK starts the epoch;
                // the receiver-side events do not concern a sender algorithm.
            }
        }
    }

    /**
     * Named values: {@code w_max}, {@code w_est}, {@code w_cubic} (W_cubic(t) now) and {@code cwnd_prior}
     * in bytes; {@code k_ms} and {@code epoch_ms} (t) in milliseconds; {@code hystart} = 0 slow start,
     * 1 CSS, 2 done or off. Values of a quantity not yet defined are 0.
     */
    @Override
    public void info(CcView tcp, TcpInfo into) {
        double t = state.epochRunning ? Math.max(0, tcp.nowNanos() - state.epochStartNanos) / 1e9 : 0;
        into.algorithmValue("w_max", state.wMax);
        into.algorithmValue("k_ms", state.k * 1e3);
        into.algorithmValue("w_est", state.wEst);
        into.algorithmValue("epoch_ms", t * 1e3);
        into.algorithmValue("w_cubic", state.epochRunning ? windowBytes(t, tcp.mss()) : 0);
        into.algorithmValue("cwnd_prior", state.cwndPrior);
        into.algorithmValue("hystart", hystart.phase().ordinal());
    }

    /** RFC 9406 4.2: once, right after the ACK on which HyStart++ left slow start, ssthresh = cwnd. */
    @Override
    public int slowStartThreshold(CcView tcp) {
        int exit = exitToReport;
        exitToReport = 0;
        return exit;
    }

    private boolean inInitialSlowStart(CcView tcp) {
        return hystart.phase() != HyStartPlusPlus.Phase.DONE && tcp.ssthresh() == Integer.MAX_VALUE
            && tcp.caState() != CaState.LOSS;
    }

    /** RFC 9406 4.2: growth by the phase the ACK arrived in, then the detector; CSS completion sets ssthresh = cwnd. */
    private int hystartSlowStart(CcView tcp, int cwnd, int ackedBytes, long rttUs) {
        HyStartPlusPlus.Phase arrival = hystart.phase();
        hystart.onAck(tcp.sndUna(), tcp.sndMax(), rttUs);
        int grown = cwnd;
        if (tcp.isCwndLimited()) {
            long increase = HyStartPlusPlus.growth(arrival, ackedBytes, tcp.mss());
            grown = (int) Math.min(Integer.MAX_VALUE, cwnd + increase);
        }
        if (hystart.phase() == HyStartPlusPlus.Phase.DONE) {
            // RFC 9438 4.10: no W_max yet; cwnd_prior = cwnd and the first epoch starts with K = 0
            state.exitSsthresh = grown;
            exitToReport = grown;
            state.cwndPrior = grown;
            state.wMax = 0;
            state.epochRunning = false;
        }
        return grown;
    }

    /** One congestion-avoidance ACK: starts the epoch if needed, then the Reno-friendly or cubic growth. */
    private int avoid(CcView tcp, int cwnd, int acked, boolean limited) {
        long now = tcp.nowNanos();
        if (!limited) {
            if (state.epochRunning) {
                shiftEpoch(now - state.clockNanos, now);
            }
            return cwnd;
        }
        if (!state.epochRunning) {
            startEpoch(cwnd, now, tcp.mss());
        }
        state.clockNanos = now;
        int mss = tcp.mss();
        double t = (now - state.epochStartNanos) / 1e9;
        double alpha = state.wEst >= state.cwndPrior ? 1.0 : ALPHA_CUBIC;
        state.wEst += alpha * acked * (double) mss / cwnd;
        if (windowBytes(t, mss) < state.wEst) {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(cwnd, Math.floor(state.wEst)));
        }
        double target = windowBytes(t + rttSeconds(tcp), mss);
        target = Math.max(cwnd, Math.min(target, MAX_TARGET_GROWTH * cwnd));
        state.pendingGrowth += acked * (target - cwnd) / cwnd;
        double whole = Math.floor(state.pendingGrowth);
        state.pendingGrowth -= whole;
        return (int) Math.min(Integer.MAX_VALUE, cwnd + whole);
    }

    /** RFC 9438 4.2, 4.3, 4.8, 4.10: t_epoch = now, cwnd_epoch = W_est = cwnd, K from W_max. */
    private void startEpoch(int cwnd, long now, int mss) {
        state.epochRunning = true;
        state.epochStartNanos = now;
        state.clockNanos = now;
        state.cwndEpoch = cwnd;
        state.wEst = cwnd;
        state.pendingGrowth = 0;
        if (state.cwndPrior == 0) {
            state.cwndPrior = cwnd;
        }
        if (state.wMax <= cwnd) {
            state.wMax = cwnd;
            state.k = 0;
        } else {
            state.k = Math.cbrt((state.wMax - cwnd) / mss / C);
        }
    }

    /** W_cubic(t) in bytes: {@code (C*(t-K)^3 + W_max/mss) * mss}, at least 0. */
    private double windowBytes(double t, int mss) {
        double d = t - state.k;
        return Math.max(0, (C * d * d * d + state.wMax / mss) * mss);
    }

    private void excludeIdle(long now) {
        if (state.epochRunning) {
            shiftEpoch(now - state.clockNanos, now);
        }
    }

    /** Moves t_epoch forward by {@code nanos} (never past now) so the time is not counted in t. */
    private void shiftEpoch(long nanos, long now) {
        if (nanos > 0) {
            state.epochStartNanos = Math.min(state.epochStartNanos + nanos, now);
        }
        state.clockNanos = now;
    }

    private static double rttSeconds(CcView tcp) {
        long us = tcp.srttUs() > 0 ? tcp.srttUs() : tcp.minRttUs();
        return Math.max(0, us) / 1e6;
    }

    @Override
    public String toString() {
        return NAME + " w_max=" + state.wMax + " k=" + state.k + " w_est=" + state.wEst + " epoch="
            + state.epochRunning + " " + hystart;
    }
}
