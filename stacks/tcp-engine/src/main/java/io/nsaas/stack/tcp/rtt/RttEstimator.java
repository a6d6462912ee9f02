package io.nsaas.stack.tcp.rtt;

/**
 * The retransmission timer's estimator (RFC 6298), in microseconds.
 *
 * <ul>
 *   <li>Before any sample RTO is the initial RTO (RFC 6298 2.1, 1 s).</li>
 *   <li>First sample R (2.2): {@code SRTT = R, RTTVAR = R/2}.</li>
 *   <li>Later samples R' (2.3), with alpha = 1/8 and beta = 1/4, RTTVAR first, from the old SRTT:
 *       {@code RTTVAR = (3*RTTVAR + |SRTT - R'|) / 4}, {@code SRTT = (7*SRTT + R') / 8}
 *       (integer division, truncating).</li>
 *   <li>Each time: {@code RTO = SRTT + max(G, 4*RTTVAR)} with G the clock granularity, then clamped to
 *       [minRto, maxRto] (2.4 with a configurable minimum, 200 ms like Linux rather than 1 s; 2.5 with
 *       a maximum of at least 60 s, 120 s by default).</li>
 *   <li>{@link #backoff()} doubles the RTO (5.5), capped at maxRto; a new sample recomputes RTO from
 *       SRTT and RTTVAR and so clears the backoff (the note after 5.7: RTO "collapses" back).</li>
 *   <li>5.7: {@link #handshakeComplete(boolean)} raises the RTO to 3 s when a SYN timed out and no
 *       sample was taken.</li>
 * </ul>
 *
 * <p>Karn's algorithm (RFC 6298 3) is the caller's: pass only samples from segments that were not
 * retransmitted (or timestamp echoes, RFC 7323 4). Negative samples are ignored, a zero sample counts
 * as 1 µs. Single-threaded; no allocation.
 */
public final class RttEstimator {
    /** Linux's minimum RTO ({@code TCP_RTO_MIN}), the default here instead of RFC 6298's 1 s. */
    public static final long DEFAULT_MIN_RTO_US = 200_000L;
    /** Default maximum RTO ({@code TCP_RTO_MAX}); RFC 6298 2.5 asks for at least 60 s. */
    public static final long DEFAULT_MAX_RTO_US = 120_000_000L;
    /** RFC 6298 2.1 initial RTO. */
    public static final long DEFAULT_INITIAL_RTO_US = 1_000_000L;
    /** Default clock granularity G: the engine's timers tick in milliseconds. */
    public static final long DEFAULT_GRANULARITY_US = 1_000L;
    /** RFC 6298 5.7: the RTO once data transfer starts after a SYN timed out. */
    public static final long SYN_TIMEOUT_FALLBACK_US = 3_000_000L;
    /** Backoffs beyond this count no longer change the (already capped) RTO. */
    public static final int MAX_BACKOFF_COUNT = 30;

    private final long minRtoUs;
    private final long maxRtoUs;
    private final long granularityUs;
    private long baseRtoUs;
    private long srttUs;
    private long rttVarUs;
    private long minRttUs;
    private int backoffCount;
    private boolean hasSample;

    /** An estimator with clock granularity {@link #DEFAULT_GRANULARITY_US}. */
    public RttEstimator(long minRtoUs, long maxRtoUs, long initialRtoUs) {
        this(minRtoUs, maxRtoUs, initialRtoUs, DEFAULT_GRANULARITY_US);
    }

    /**
     * @param minRtoUs lower RTO bound, positive (RFC 6298 2.4 recommends 1 s; Linux uses 200 ms)
     * @param maxRtoUs upper RTO bound, at least minRtoUs (RFC 6298 2.5: at least 60 s when used)
     * @param initialRtoUs RTO before the first sample, within the bounds (RFC 6298 2.1: 1 s)
     * @param granularityUs clock granularity G, positive
     * @throws IllegalArgumentException naming the bad parameter when a bound is inconsistent
     */
    public RttEstimator(long minRtoUs, long maxRtoUs, long initialRtoUs, long granularityUs) {
        if (minRtoUs <= 0) {
            throw new IllegalArgumentException("RTT estimator: minimum RTO " + minRtoUs + " us must be positive");
        }
        if (maxRtoUs < minRtoUs) {
            throw new IllegalArgumentException("RTT estimator: maximum RTO " + maxRtoUs
                + " us is below the minimum RTO " + minRtoUs + " us; raise the maximum");
        }
        if (initialRtoUs < minRtoUs || initialRtoUs > maxRtoUs) {
            throw new IllegalArgumentException("RTT estimator: initial RTO " + initialRtoUs
                + " us is outside [" + minRtoUs + ", " + maxRtoUs + "] us; RFC 6298 2.1 uses 1 s");
        }
        if (granularityUs <= 0) {
            throw new IllegalArgumentException("RTT estimator: clock granularity " + granularityUs + " us must be positive");
        }
        this.minRtoUs = minRtoUs;
        this.maxRtoUs = maxRtoUs;
        this.granularityUs = granularityUs;
        this.baseRtoUs = initialRtoUs;
    }

    /** An estimator with the defaults: min 200 ms, max 120 s, initial 1 s, G 1 ms. */
    public static RttEstimator withDefaults() {
        return new RttEstimator(DEFAULT_MIN_RTO_US, DEFAULT_MAX_RTO_US, DEFAULT_INITIAL_RTO_US);
    }

    /**
     * Takes one valid RTT measurement (RFC 6298 2.2 / 2.3) and recomputes RTO, clearing any backoff.
     *
     * @param rttUs the measured RTT in microseconds; negative values are ignored
     */
    public void sample(long rttUs) {
        if (rttUs < 0) {
            return;
        }
        long r = Math.max(1L, rttUs);
        if (!hasSample) {
            srttUs = r;
            rttVarUs = r / 2;
            minRttUs = r;
            hasSample = true;
        } else {
            long error = Math.abs(srttUs - r);
            rttVarUs = (3 * rttVarUs + error) / 4;
            srttUs = (7 * srttUs + r) / 8;
            minRttUs = Math.min(minRttUs, r);
        }
        baseRtoUs = clamp(srttUs + Math.max(granularityUs, 4 * rttVarUs));
        backoffCount = 0;
    }

    /** RFC 6298 5.5: doubles the RTO for the next retransmission; the result stays capped at the maximum. */
    public void backoff() {
        if (backoffCount < MAX_BACKOFF_COUNT) {
            backoffCount++;
        }
    }

    /** Clears the backoff without a new sample (for example when a new connection reuses the estimator's values). */
    public void resetBackoff() {
        backoffCount = 0;
    }

    /**
     * RFC 6298 5.7: when data transfer begins after the handshake, an RTO below 3 s is raised to 3 s
     * if the SYN (or SYN-ACK) timed out and no RTT sample was taken. Clears the backoff.
     *
     * @param synTimedOut whether the retransmission timer expired awaiting the ACK of our SYN
     */
    public void handshakeComplete(boolean synTimedOut) {
        if (synTimedOut && !hasSample && baseRtoUs < SYN_TIMEOUT_FALLBACK_US) {
            baseRtoUs = Math.min(maxRtoUs, SYN_TIMEOUT_FALLBACK_US);
        }
        backoffCount = 0;
    }

    /** @return the current RTO in microseconds including backoff: {@code min(baseRto * 2^backoff, maxRto)} */
    public long rtoUs() {
        if (baseRtoUs > (maxRtoUs >> backoffCount)) {
            return maxRtoUs;
        }
        return Math.min(maxRtoUs, baseRtoUs << backoffCount);
    }

    /** @return the RTO from the estimate alone, without backoff */
    public long baseRtoUs() {
        return baseRtoUs;
    }

    /** @return SRTT in microseconds, 0 before the first sample */
    public long srttUs() {
        return srttUs;
    }

    /** @return RTTVAR in microseconds, 0 before the first sample */
    public long rttVarUs() {
        return rttVarUs;
    }

    /** @return the smallest sample seen over the connection's life, microseconds; 0 before the first sample */
    public long minRttUs() {
        return minRttUs;
    }

    /** @return how many times {@link #backoff()} doubled the RTO since the last sample or reset */
    public int backoffCount() {
        return backoffCount;
    }

    /** @return true once a sample was taken */
    public boolean hasSample() {
        return hasSample;
    }

    /** @return the configured minimum RTO, microseconds */
    public long minRtoUs() {
        return minRtoUs;
    }

    /** @return the configured maximum RTO, microseconds */
    public long maxRtoUs() {
        return maxRtoUs;
    }

    private long clamp(long rto) {
        return Math.max(minRtoUs, Math.min(maxRtoUs, rto));
    }

    @Override
    public String toString() {
        return "srtt_us=" + srttUs + " rttvar_us=" + rttVarUs + " min_rtt_us=" + minRttUs
            + " rto_us=" + rtoUs() + " backoff=" + backoffCount;
    }
}
