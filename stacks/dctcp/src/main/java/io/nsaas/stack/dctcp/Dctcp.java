package io.nsaas.stack.dctcp;

import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.AckSample;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.cc.CcView;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.cc.NewReno;

/**
 * Data Center TCP, the sender side of RFC 8257 section 3.3, over Reno (named {@code "dctcp"} as Linux
 * names it). It needs ECN ({@link #needsEcn()}), so the engine negotiates it and runs the RFC 8257 3.2
 * per-packet CE echo on the receive side; this class only reacts to the echo.
 *
 * <p><b>Congestion estimate.</b> Every acceptable ACK adds its newly delivered bytes
 * ({@link AckSample#ackedBytes}) to {@code bytesAcked}, and to {@code bytesMarked} too when it carried
 * ECE (RFC 8257 3.3 steps 1-3). An observation window is one window of data: it ends on the first ACK
 * whose SND.UNA covers the {@link CcView#sndMax()} recorded when the window began and that delivered
 * at least one byte in the window (step 4). Then {@code F = bytesMarked / bytesAcked} and
 * {@code alpha = (1 - g) * alpha + g * F} (steps 5-6), the next window ends at the current
 * {@code sndMax()} and both counters restart at 0 (steps 7-8). {@code alpha} starts at 1 and
 * {@code g = 1/2^shiftG}, 1/16 by default (RFC 8257 4.2). Arithmetic is IEEE double, so the sequence is
 * the RFC formula exactly (Linux keeps alpha in 10-bit fixed point, see the plugin README).
 *
 * <p><b>Reaction.</b> On an ECN reduction (the sender's ECN episode, at most once per window)
 * {@link #ssthresh} returns {@code max(cwnd - floor(cwnd * alpha / 2), 2*SMSS)}: the RFC 8257 3.3 step 9
 * {@code cwnd * (1 - alpha / 2)} in bytes, rounded in favour of the window like Linux. Every other
 * reduction (fast retransmit, timeout) is Reno's, {@code max(FlightSize / 2, 2*SMSS)}, as RFC 8257 3.5
 * requires for loss. Slow start, congestion avoidance and undo are {@link NewReno}'s. When ECN was not
 * negotiated ({@link CcView#ecnEnabled()} false) the whole algorithm is Reno and alpha is frozen.
 *
 * <p><b>Telling an ECN reduction from a loss.</b> The engine marks the {@link #ssthresh} call that
 * starts an ECN (CWR) episode with {@link CcView#ecnReduction()}; every other call is a loss.
 *
 * <p>Ownership and threading: one instance per connection, used only on that connection's thread
 * (see {@link CongestionControl}). No callback allocates or throws.
 */
public final class Dctcp implements CongestionControl {
    /** The algorithm name, as Linux's {@code TCP_CONGESTION} spells it. */
    public static final String NAME = "dctcp";
    /** RFC 8257 4.2: the recommended estimation gain g = 1/16, as a shift (Linux {@code dctcp_shift_g}). */
    public static final int DEFAULT_SHIFT_G = 4;
    /** Largest accepted shift, g = 1/1024 (Linux bounds {@code dctcp_shift_g} to 0..10 too). */
    public static final int MAX_SHIFT_G = 10;
    /** RFC 8257 3.3: alpha starts at 1 (assume full congestion until measured). */
    public static final double DEFAULT_INITIAL_ALPHA = 1.0;

    /** Info value: the congestion estimate alpha, 0..1. */
    public static final String INFO_ALPHA = "alpha";
    /** Info value: F, the fraction of bytes acknowledged with ECE in the last completed window, 0..1. */
    public static final String INFO_CE_FRACTION = "ce_fraction";
    /** Info value: 1 when ECN was negotiated and DCTCP is active, 0 in the Reno fallback. */
    public static final String INFO_ECN = "ecn";

    private final NewReno reno = new NewReno();
    private final double g;
    private final double initialAlpha;

    /** RFC 8257 DCTCP.Alpha. */
    private double alpha;
    /** RFC 8257 DCTCP.BytesAcked of the current window (long: a window may exceed 2 GiB of SACKed bytes). */
    private long bytesAcked;
    /** RFC 8257 DCTCP.BytesMarked of the current window. */
    private long bytesMarked;
    /** RFC 8257 DCTCP.WindowEnd: the window ends when SND.UNA reaches it (sequence space, wraps). */
    private int windowEnd;
    /** F of the last completed window. */
    private double lastFraction;
    /** The latest ACK carried ECE on an ECN connection and was not a duplicate: a reduction now is ECN's. */
    /** A window is being observed (false until {@link #init} or, should an ACK precede it, the first ACK). */
    private boolean windowStarted;

    /** DCTCP with the RFC 8257 parameters: g = 1/16, initial alpha 1. */
    public Dctcp() {
        this(DEFAULT_SHIFT_G, DEFAULT_INITIAL_ALPHA);
    }

    /**
     * @param shiftG g = 1/2^shiftG, 0..{@value #MAX_SHIFT_G} (RFC 8257 recommends 4)
     * @param initialAlpha alpha before the first window completes, 0..1 (RFC 8257: 1)
     * @throws IllegalArgumentException when a parameter is out of range (the message says which)
     */
    public Dctcp(int shiftG, double initialAlpha) {
        checkParameters(shiftG, initialAlpha);
        this.g = 1.0 / (1 << shiftG);
        this.initialAlpha = initialAlpha;
        this.alpha = initialAlpha;
    }

    /**
     * Checks the parameters of {@link #Dctcp(int, double)}.
     *
     * @throws IllegalArgumentException when a parameter is out of range (the message says which and the range)
     */
    static void checkParameters(int shiftG, double initialAlpha) {
        if (shiftG < 0 || shiftG > MAX_SHIFT_G) {
            throw new IllegalArgumentException("dctcp: shift-g " + shiftG + " is out of range: use 0.."
                + MAX_SHIFT_G + " (g = 1/2^shift-g; RFC 8257 recommends " + DEFAULT_SHIFT_G + ", g = 1/16)");
        }
        if (!(initialAlpha >= 0.0 && initialAlpha <= 1.0)) {
            throw new IllegalArgumentException("dctcp: initial alpha " + initialAlpha
                + " is out of range: use a value in 0..1 (RFC 8257: 1)");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** DCTCP cannot work without ECN: the engine requests and accepts it whatever the {@code ecn} option says. */
    @Override
    public boolean needsEcn() {
        return true;
    }

    @Override
    public void init(CcView tcp) {
        reno.init(tcp);
        alpha = initialAlpha;
        lastFraction = 0.0;
        startWindow(tcp);
    }

    /** RFC 8257 3.3 steps 1-8: count the ACK's bytes and close the observation window when it ends. */
    @Override
    public void pktsAcked(CcView tcp, AckSample sample) {
        if (!tcp.ecnEnabled()) {
            return;
        }
        if (!windowStarted) {
            startWindow(tcp);
        }
        if (sample.ackedBytes > 0) {
            bytesAcked += sample.ackedBytes;
            if (sample.ece) {
                bytesMarked += sample.ackedBytes;
            }
        }
        if (bytesAcked > 0 && tcp.sndUna() - windowEnd >= 0) {
            double fraction = (double) bytesMarked / (double) bytesAcked;
            alpha = Math.min(1.0, (1.0 - g) * alpha + g * fraction);
            lastFraction = fraction;
            startWindow(tcp);
        }
    }

    /**
     * ECN reduction: RFC 8257 3.3 step 9, {@code max(cwnd - floor(cwnd * alpha / 2), 2*SMSS)}; loss or no
     * ECN: Reno, {@code max(FlightSize / 2, 2*SMSS)} (RFC 8257 3.5, RFC 5681 equation 4).
     */
    @Override
    public int ssthresh(CcView tcp) {
        if (!tcp.ecnReduction() || !tcp.ecnEnabled()) {
            return reno.ssthresh(tcp);
        }
        int cwnd = tcp.cwnd();
        long reduction = (long) (cwnd * alpha / 2.0);
        return (int) Math.max(cwnd - reduction, 2L * tcp.mss());
    }

    /** Reno's slow start and congestion avoidance (RFC 8257 3.4: DCTCP changes only the reduction). */
    @Override
    public int congestionAvoid(CcView tcp, int ackedBytes) {
        return reno.congestionAvoid(tcp, ackedBytes);
    }

    /** Reno's undo, {@code max(cwnd, priorCwnd)} (Linux {@code dctcp_cwnd_undo} uses the cwnd before the cut too). */
    @Override
    public int undoCwnd(CcView tcp) {
        return reno.undoCwnd(tcp);
    }

    @Override
    public void setState(CcView tcp, CaState state) {
        reno.setState(tcp, state);
    }

    /** Receive-side CE events belong to the engine's echo machine; only Reno's restart handling applies. */
    @Override
    public void cwndEvent(CcView tcp, CwndEvent event) {
        reno.cwndEvent(tcp, event);
    }

    /** Adds {@value #INFO_ALPHA}, {@value #INFO_CE_FRACTION} and {@value #INFO_ECN}. */
    @Override
    public void info(CcView tcp, TcpInfo into) {
        into.algorithmValue(INFO_ALPHA, alpha);
        into.algorithmValue(INFO_CE_FRACTION, lastFraction);
        into.algorithmValue(INFO_ECN, tcp.ecnEnabled() ? 1.0 : 0.0);
    }

    /** RFC 8257 3.3 steps 7-8: the next window ends at the current SND.NXT (SND.MAX); counters restart. */
    private void startWindow(CcView tcp) {
        windowEnd = tcp.sndMax();
        windowStarted = true;
        bytesAcked = 0;
        bytesMarked = 0;
    }

    @Override
    public String toString() {
        return NAME + " alpha=" + alpha + " g=" + g + " acked=" + bytesAcked + " marked=" + bytesMarked
            + " window_end=" + Integer.toUnsignedString(windowEnd) + " " + reno;
    }
}
