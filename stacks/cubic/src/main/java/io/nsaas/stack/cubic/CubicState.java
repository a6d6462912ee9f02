package io.nsaas.stack.cubic;

/**
 * The RFC 9438 state variables of one connection (section 4.1's names), kept together so that
 * {@link Cubic} can save them when a reduction starts and restore them when the reduction proves
 * spurious (RFC 9438 4.9). Windows are bytes held in doubles; times are the sender's nanoseconds.
 *
 * <p>Ownership: owned by one {@link Cubic}; single-threaded; mutable fields by design (per-ACK path,
 * no allocation).
 */
final class CubicState {
    /** W_max in bytes: cwnd just before the last reduction (after fast convergence); 0 = undefined. */
    double wMax;
    /** K in seconds: the time the window function takes to reach W_max from cwnd_epoch. */
    double k;
    /** cwnd_epoch in bytes: cwnd when the current congestion-avoidance stage began. */
    double cwndEpoch;
    /** W_est in bytes: the Reno-friendly estimate (RFC 9438 4.3). */
    double wEst;
    /** cwnd_prior in bytes: cwnd when ssthresh was last set (reduction or HyStart++ exit); 0 = none yet. */
    double cwndPrior;
    /** true while a congestion-avoidance epoch runs (t_epoch is valid). */
    boolean epochRunning;
    /** t_epoch in nanoseconds, shifted forward by the time the flow was not cwnd-limited. */
    long epochStartNanos;
    /** When the epoch clock was last brought up to date (last congestion-avoidance ACK or TX_START). */
    long clockNanos;
    /** Growth bytes owed by the window function but not yet added to cwnd (fraction of a byte). */
    double pendingGrowth;
    /** ssthresh set by a HyStart++ exit (the sender's stays arbitrarily high until a reduction), else MAX_VALUE. */
    int exitSsthresh;

    CubicState() {
        reset();
    }

    /** The state of a connection that has seen no congestion event. */
    void reset() {
        wMax = 0;
        k = 0;
        cwndEpoch = 0;
        wEst = 0;
        cwndPrior = 0;
        epochRunning = false;
        epochStartNanos = 0;
        clockNanos = 0;
        pendingGrowth = 0;
        exitSsthresh = Integer.MAX_VALUE;
    }

    /** Makes this state a copy of {@code other}. */
    void copyFrom(CubicState other) {
        wMax = other.wMax;
        k = other.k;
        cwndEpoch = other.cwndEpoch;
        wEst = other.wEst;
        cwndPrior = other.cwndPrior;
        epochRunning = other.epochRunning;
        epochStartNanos = other.epochStartNanos;
        clockNanos = other.clockNanos;
        pendingGrowth = other.pendingGrowth;
        exitSsthresh = other.exitSsthresh;
    }
}
