package io.nsaas.stack.cubic;

/**
 * HyStart++ (RFC 9406): leaves the initial slow start when the round-trip time rises, through a
 * Conservative Slow Start (CSS) phase that either confirms the exit after {@link #CSS_ROUNDS} rounds or
 * finds it spurious and resumes slow start.
 *
 * <p>The detector only decides the phase and the per-ACK growth; {@link Cubic} owns cwnd and ssthresh.
 * Rounds are measured in sequence space (RFC 9406 4.2): a round starts with {@code windowEnd = SND.NXT}
 * (the view's {@code sndMax()}) and ends on the first ACK with {@code SND.UNA >= windowEnd}; that ACK
 * starts the next round before its RTT sample is counted. RTTs are integer microseconds.
 *
 * <p>Ownership and threading: one instance per connection, owned by its {@link Cubic}, used on the
 * connection's thread only. No allocation.
 */
final class HyStartPlusPlus {
    /** RFC 9406 4.3: RTT samples a round needs before its minimum is trusted. */
    static final int N_RTT_SAMPLE = 8;
    /** RFC 9406 4.3: lower bound of the RTT increase that ends slow start, in microseconds (4 ms). */
    static final long MIN_RTT_THRESH_US = 4_000;
    /** RFC 9406 4.3: upper bound of that increase, in microseconds (16 ms). */
    static final long MAX_RTT_THRESH_US = 16_000;
    /** RFC 9406 4.3: the increase is lastRoundMinRTT / MIN_RTT_DIVISOR, within the bounds above. */
    static final int MIN_RTT_DIVISOR = 8;
    /** RFC 9406 4.3: CSS grows cwnd at a quarter of slow start's rate. */
    static final int CSS_GROWTH_DIVISOR = 4;
    /** RFC 9406 4.3: rounds of CSS before congestion avoidance. */
    static final int CSS_ROUNDS = 5;
    /** RFC 9406 4.3: the per-ACK growth limit in segments for a sender that does not pace. */
    static final int L_SEGMENTS = 8;

    /** Where HyStart++ has the initial slow start; the ordinal is the {@code hystart} info value. */
    enum Phase {
        /** Standard slow start with delay-increase detection. */
        SLOW_START,
        /** Conservative Slow Start: growth divided by {@link #CSS_GROWTH_DIVISOR}. */
        CSS,
        /** HyStart++ is over: CSS completed, or a loss or ECN echo ended slow start (RFC 9406 4.2). */
        DONE
    }

    private static final long INFINITY = Long.MAX_VALUE;

    private Phase phase = Phase.SLOW_START;
    private boolean roundStarted;
    private int windowEnd;
    private long lastRoundMinRttUs = INFINITY;
    private long currentRoundMinRttUs = INFINITY;
    private long cssBaselineMinRttUs = INFINITY;
    private int rttSampleCount;
    private int cssRounds;

    /** Back to the start of a connection: slow start, no rounds, no samples. */
    void reset() {
        phase = Phase.SLOW_START;
        roundStarted = false;
        windowEnd = 0;
        lastRoundMinRttUs = INFINITY;
        currentRoundMinRttUs = INFINITY;
        cssBaselineMinRttUs = INFINITY;
        rttSampleCount = 0;
        cssRounds = 0;
    }

    /** Makes this detector a copy of {@code other} (saving and restoring for undo). */
    void copyFrom(HyStartPlusPlus other) {
        phase = other.phase;
        roundStarted = other.roundStarted;
        windowEnd = other.windowEnd;
        lastRoundMinRttUs = other.lastRoundMinRttUs;
        currentRoundMinRttUs = other.currentRoundMinRttUs;
        cssBaselineMinRttUs = other.cssBaselineMinRttUs;
        rttSampleCount = other.rttSampleCount;
        cssRounds = other.cssRounds;
    }

    /** Ends HyStart++ for good (a loss or ECN echo during slow start or CSS, RFC 9406 4.2). */
    void finish() {
        phase = Phase.DONE;
        cssBaselineMinRttUs = INFINITY;
    }

    /** @return the current phase */
    Phase phase() {
        return phase;
    }

    /** @return rounds spent in CSS so far, counting the round in which CSS began */
    int cssRounds() {
        return cssRounds;
    }

    /** @return the minimum RTT of the current round in microseconds, or -1 before a sample */
    long currentRoundMinRttUs() {
        return currentRoundMinRttUs == INFINITY ? -1 : currentRoundMinRttUs;
    }

    /**
     * The slow-start increase for one ACK in {@code phase} (RFC 9406 4.2): {@code min(N, L*SMSS)} in
     * slow start, divided by {@link #CSS_GROWTH_DIVISOR} (integer bytes, rounded down) in CSS.
     *
     * @param ackedBytes N, the bytes newly acknowledged
     * @return the increase in bytes, 0 when {@code phase} is DONE
     */
    static int growth(Phase phase, int ackedBytes, int mss) {
        long limited = Math.min(Math.max(0, ackedBytes), (long) L_SEGMENTS * mss);
        return switch (phase) {
            case SLOW_START -> (int) limited;
            case CSS -> (int) (limited / CSS_GROWTH_DIVISOR);
            case DONE -> 0;
        };
    }

    /**
     * @return RttThresh of RFC 9406 4.2 for {@code lastRoundMinRttUs}:
     *     {@code max(MIN_RTT_THRESH, min(lastRoundMinRTT / MIN_RTT_DIVISOR, MAX_RTT_THRESH))}
     */
    static long rttThreshUs(long lastRoundMinRttUs) {
        return Math.max(MIN_RTT_THRESH_US, Math.min(lastRoundMinRttUs / MIN_RTT_DIVISOR, MAX_RTT_THRESH_US));
    }

    /**
     * One ACK of the initial slow start or CSS: ends the round when SND.UNA reached windowEnd (and
     * counts CSS rounds, moving to DONE after the last), then takes the RTT sample and runs the
     * delay-increase check (slow start to CSS) or the spurious-exit check (CSS back to slow start).
     *
     * @param sndUna SND.UNA after this ACK
     * @param sndMax the highest sequence number sent plus one
     * @param rttUs this ACK's RTT sample in microseconds, or negative for none
     */
    void onAck(int sndUna, int sndMax, long rttUs) {
        if (phase == Phase.DONE) {
            return;
        }
        if (!roundStarted || sndUna - windowEnd >= 0) {
            if (roundStarted && phase == Phase.CSS) {
                if (cssRounds >= CSS_ROUNDS) {
                    phase = Phase.DONE; // RFC 9406 4.2: CSS_ROUNDS rounds complete, enter congestion avoidance
                    return;
                }
                cssRounds++;
            }
            startRound(sndMax);
        }
        if (rttUs < 0) {
            return;
        }
        currentRoundMinRttUs = Math.min(currentRoundMinRttUs, rttUs);
        rttSampleCount++;
        if (rttSampleCount < N_RTT_SAMPLE) {
            return;
        }
        if (phase == Phase.SLOW_START) {
            if (lastRoundMinRttUs != INFINITY
                && currentRoundMinRttUs >= lastRoundMinRttUs + rttThreshUs(lastRoundMinRttUs)) {
                cssBaselineMinRttUs = currentRoundMinRttUs;
                phase = Phase.CSS;
                cssRounds = 1;
            }
        } else if (currentRoundMinRttUs < cssBaselineMinRttUs) {
            cssBaselineMinRttUs = INFINITY; // RFC 9406 4.2: the exit was spurious, resume slow start
            phase = Phase.SLOW_START;
            cssRounds = 0;
        }
    }

    private void startRound(int sndMax) {
        roundStarted = true;
        windowEnd = sndMax;
        lastRoundMinRttUs = currentRoundMinRttUs;
        currentRoundMinRttUs = INFINITY;
        rttSampleCount = 0;
    }

    @Override
    public String toString() {
        return "hystart++ " + phase + " css_rounds=" + cssRounds + " last_min_rtt_us="
            + (lastRoundMinRttUs == INFINITY ? -1 : lastRoundMinRttUs) + " current_min_rtt_us="
            + currentRoundMinRttUs() + " samples=" + rttSampleCount;
    }
}
