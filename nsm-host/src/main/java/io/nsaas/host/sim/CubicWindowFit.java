package io.nsaas.host.sim;

import io.nsaas.host.perf.JsonLine;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that a CUBIC flow's congestion window follows RFC 9438's window function between losses:
 * for every epoch that follows a loss, compares each sampled cwnd with
 * {@code W_cubic(t) = C*(t-K)^3 + W_max} (RFC 9438 4.2; C = 0.4, segments and seconds).
 *
 * <p><b>What is recomputed and what is taken from the stack.</b> A loss is a sample whose ssthresh
 * differs from the previous sample's while cwnd fell. The cwnd at the loss ({@code cwnd_loss}) is the
 * stack's {@code cwnd_prior} (cwnd when ssthresh was set, exact in bytes; the sample before the loss is up
 * to a sampling interval older and rounded to segments, too coarse to decide fast convergence when cwnd
 * peaks within a segment of the previous W_max); it must agree with that sample within
 * {@link #LOSS_CWND_TOLERANCE} ({@link Result#maxLossCwndDeviation} reports it). From it the checker
 * derives, as the RFC says and independently of the plugin's own W_max and K:
 * <pre>
 *   W_max      = cwnd_loss * (1 + beta) / 2   if cwnd_loss &lt; the previous W_max (fast convergence, 4.7)
 *              = cwnd_loss                    otherwise
 *   cwnd_epoch = max(beta * cwnd_loss, 2)     (4.6, beta = 0.7; the engine's floor of 2 segments)
 *   K          = cbrt((W_max - cwnd_epoch) / C)   (4.2; 0 when W_max &lt;= cwnd_epoch)
 * </pre>
 * The epoch's start time comes from the stack's {@code epoch_ms} (the first sample after the loss that
 * has an epoch: start = time - epoch_ms), since the end of recovery is not in the samples; later samples
 * use that start, so the flow must be cwnd-limited throughout (a bulk flow: time the stack leaves out as
 * application-limited would show as error). The stack's
 * {@code w_est} decides the region: samples where {@code W_cubic(t) < W_est} are in the Reno-friendly
 * region (4.3) and are counted but not compared. The stack's own {@code w_max} and {@code k_ms} are
 * compared with the recomputed ones as a cross-check ({@link Result#maxWmaxDeviation},
 * {@link Result#maxKDeviationMs}).
 *
 * <p><b>Units.</b> The time series holds cwnd in bytes as whole segments x MSS; the MSS is the greatest
 * common divisor of the flow's cwnd samples. The relative error of a sample is
 * {@code |cwnd - W_cubic(t)| / W_cubic(t)}. cwnd follows the RFC's target {@code W_cubic(t + RTT)}
 * and is a whole number of segments, so a perfect implementation still shows an error of about
 * {@code W_cubic'(t) * RTT / W_cubic(t)} plus up to one segment.
 *
 * <p>Skipped epochs: the one that follows the first loss, since whether fast convergence applied depends
 * on the W_max before it, which HyStart++'s exit set and the samples do not show (that loss only
 * provides the first W_max); epochs that follow a timeout (cwnd at most 2 segments after the loss),
 * since after an RTO the RFC restarts with slow start and an epoch with K = 0 (4.8), not the curve
 * above; and the epoch between the end of slow start and the first loss (no loss to recompute from).
 *
 * <p>Use: as a {@link TimeseriesSink} of a run ({@link #result} after the run), or on a
 * {@code timeseries.csv} with {@link TimeseriesCsvReader}. Threading: one thread.
 */
public final class CubicWindowFit implements TimeseriesSink {
    /** RFC 9438 4.2: C. */
    public static final double C = 0.4;
    /** RFC 9438 4.6: beta_cubic. */
    public static final double BETA = 0.7;
    /** Most relative difference between cwnd_prior and the sampled cwnd before a loss that is accepted. */
    public static final double LOSS_CWND_TOLERANCE = 0.05;

    private static final String[] NEEDED = {"w_est", "epoch_ms", "w_max", "k_ms", "cwnd_prior"};

    /** Columns of a stored row. */
    private static final int TIME = 0;
    private static final int CWND = 1;
    private static final int SSTHRESH = 2;
    private static final int ROW_ALGORITHM = 3;
    private static final int ROW_W_EST = ROW_ALGORITHM;
    private static final int ROW_EPOCH_MS = ROW_ALGORITHM + 1;
    private static final int ROW_W_MAX = ROW_ALGORITHM + 2;
    private static final int ROW_K_MS = ROW_ALGORITHM + 3;
    private static final int ROW_CWND_PRIOR = ROW_ALGORITHM + 4;

    private final int flow;
    private final int[] column = new int[NEEDED.length];
    private double[][] rows = new double[1024][];
    private int count;

    /** @param flow the id of the CUBIC flow to check */
    public CubicWindowFit(int flow) {
        this.flow = flow;
    }

    /**
     * What the comparison found.
     *
     * @param mss                 the flow's MSS, bytes (from the cwnd samples)
     * @param epochs              epochs compared (each starts after a loss)
     * @param samples             samples compared (concave plus convex)
     * @param concaveSamples      compared samples with t &lt; K
     * @param convexSamples       compared samples with t &gt;= K
     * @param renoFriendlySamples samples of those epochs left out because W_cubic(t) &lt; W_est
     * @param medianError         median relative error of the compared samples
     * @param p90Error            90th percentile of the relative error
     * @param maxError            largest relative error
     * @param maxWmaxDeviation    largest |stack's w_max - recomputed W_max| / W_max over the epochs
     * @param maxKDeviationMs     largest |stack's K - recomputed K|, milliseconds
     * @param maxLossCwndDeviation largest |cwnd_prior - sampled cwnd before the loss| / cwnd_prior
     */
    public record Result(int mss, int epochs, int samples, int concaveSamples, int convexSamples, int renoFriendlySamples,
                         double medianError, double p90Error, double maxError, double maxWmaxDeviation,
                         double maxKDeviationMs, double maxLossCwndDeviation) {
    }

    @Override
    public void begin(List<String> algorithmColumns) {
        for (int i = 0; i < NEEDED.length; i++) {
            column[i] = algorithmColumns.indexOf(NEEDED[i]);
            if (column[i] < 0) {
                throw new IllegalArgumentException("the time series has no '" + NEEDED[i] + "' column (columns: "
                    + algorithmColumns + "); expected the info values of the cubic stack");
            }
        }
    }

    @Override
    public void row(double timeS, int rowFlow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
                    long deliveredBytes, int queuePackets, double[] algorithmValues) {
        if (rowFlow != flow) {
            return;
        }
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, 2 * count);
        }
        double[] row = new double[ROW_ALGORITHM + NEEDED.length];
        row[TIME] = timeS;
        row[CWND] = cwndBytes;
        row[SSTHRESH] = ssthreshBytes;
        for (int i = 0; i < NEEDED.length; i++) {
            row[ROW_ALGORITHM + i] = algorithmValues[column[i]];
        }
        rows[count++] = row;
    }

    @Override
    public void end() {
    }

    /**
     * @return the comparison over every epoch that follows a loss
     * @throws IllegalStateException when the flow has no samples or no loss was seen
     */
    public Result result() {
        int mss = mss();
        Comparison comparison = new Comparison(mss);
        double previousWmax = -1;
        int i = 1;
        while (i < count) {
            if (!isLoss(i)) {
                i++;
                continue;
            }
            double cwndLoss = rows[i][ROW_CWND_PRIOR] / mss;
            double wMax = cwndLoss < previousWmax ? cwndLoss * (1 + BETA) / 2 : cwndLoss;
            boolean first = previousWmax < 0;
            previousWmax = wMax;
            double cwndEpoch = Math.max(BETA * cwndLoss, 2);
            double k = wMax > cwndEpoch ? Math.cbrt((wMax - cwndEpoch) / C) : 0;
            boolean timeout = rows[i][CWND] <= 2.0 * mss;
            int next = i + 1;
            while (next < count && !isLoss(next)) {
                next++;
            }
            if (!timeout && !first) {
                comparison.lossCwnd(rows[i - 1][CWND] / mss, cwndLoss);
                comparison.epoch(i, next, wMax, k);
            }
            i = next;
        }
        if (comparison.epochs == 0) {
            throw new IllegalStateException("flow " + flow + ": no epoch after a loss in " + count + " samples; "
                + "expected a CUBIC flow with recurring losses");
        }
        return comparison.result();
    }

    private boolean isLoss(int i) {
        return rows[i][SSTHRESH] != rows[i - 1][SSTHRESH] && rows[i][CWND] < rows[i - 1][CWND];
    }

    private int mss() {
        long gcd = 0;
        for (int i = 0; i < count; i++) {
            gcd = gcd(gcd, (long) rows[i][CWND]);
        }
        if (gcd <= 0 || gcd > Integer.MAX_VALUE) {
            throw new IllegalStateException("flow " + flow + ": no cwnd samples (" + count + " rows)");
        }
        return (int) gcd;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /** Accumulates the comparison of the epochs. */
    private final class Comparison {
        private final int mss;
        private double[] errors = new double[1024];
        private int samples;
        private int epochs;
        private int concave;
        private int convex;
        private int renoFriendly;
        private double maxWmaxDeviation;
        private double maxKDeviationMs;
        private double maxLossCwndDeviation;

        Comparison(int mss) {
            this.mss = mss;
        }

        /** Checks the stack's cwnd at a loss against the sample before it (segments). */
        void lossCwnd(double sampled, double prior) {
            double deviation = Math.abs(prior - sampled) / prior;
            if (!(deviation <= LOSS_CWND_TOLERANCE)) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "flow %d: cwnd_prior %.1f segments "
                    + "at a loss is not the sampled cwnd before it, %.1f segments; expected them within %.0f%%", flow,
                    prior, sampled, LOSS_CWND_TOLERANCE * 100));
            }
            maxLossCwndDeviation = Math.max(maxLossCwndDeviation, deviation);
        }

        /** Compares rows [lossRow, end) with the curve of W_max and K (segments, seconds). */
        void epoch(int lossRow, int end, double wMax, double k) {
            int start = lossRow;
            while (start < end && !(rows[start][ROW_EPOCH_MS] > 0)) {
                start++;
            }
            if (start == end) {
                return; // the next loss came before congestion avoidance began
            }
            epochs++;
            double epochStart = rows[start][TIME] - rows[start][ROW_EPOCH_MS] / 1000;
            maxWmaxDeviation = Math.max(maxWmaxDeviation, Math.abs(rows[start][ROW_W_MAX] / mss - wMax) / wMax);
            maxKDeviationMs = Math.max(maxKDeviationMs, Math.abs(rows[start][ROW_K_MS] - k * 1000));
            for (int j = start; j < end; j++) {
                double t = rows[j][TIME] - epochStart;
                double wCubic = C * Math.pow(t - k, 3) + wMax;
                if (wCubic < rows[j][ROW_W_EST] / mss) {
                    renoFriendly++;
                    continue;
                }
                if (t < k) {
                    concave++;
                } else {
                    convex++;
                }
                add(Math.abs(rows[j][CWND] / mss - wCubic) / wCubic);
            }
        }

        private void add(double error) {
            if (samples == errors.length) {
                errors = Arrays.copyOf(errors, 2 * samples);
            }
            errors[samples++] = error;
        }

        Result result() {
            double[] sorted = Arrays.copyOf(errors, samples);
            Arrays.sort(sorted);
            return new Result(mss, epochs, samples, concave, convex, renoFriendly, quantile(sorted, 0.5),
                quantile(sorted, 0.9), samples == 0 ? 0 : sorted[samples - 1], maxWmaxDeviation, maxKDeviationMs,
                maxLossCwndDeviation);
        }
    }

    /**
     * {@code CubicWindowFit TIMESERIES.csv [FLOW]}: prints the {@link Result} of the flow (default 0) of a
     * {@code nsaas sim} time series as one JSON line; exit 2 with a one-line message when it cannot.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: CubicWindowFit TIMESERIES.csv [FLOW]");
            System.exit(2);
        }
        try {
            CubicWindowFit fit = new CubicWindowFit(args.length > 1 ? Integer.parseInt(args[1]) : 0);
            TimeseriesCsvReader.replay(java.nio.file.Path.of(args[0]), fit);
            System.out.println(toJson(fit.result()));
        } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
            System.err.println("CubicWindowFit " + String.join(" ", args) + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /** @return the result as one JSON object, fields named as in {@link Result} in snake case */
    public static String toJson(Result r) {
        return new JsonLine().field("mss", r.mss()).field("epochs", r.epochs()).field("samples", r.samples())
            .field("concave_samples", r.concaveSamples()).field("convex_samples", r.convexSamples())
            .field("reno_friendly_samples", r.renoFriendlySamples()).field("median_error", r.medianError())
            .field("p90_error", r.p90Error()).field("max_error", r.maxError())
            .field("max_w_max_deviation", r.maxWmaxDeviation()).field("max_k_deviation_ms", r.maxKDeviationMs())
            .field("max_loss_cwnd_deviation", r.maxLossCwndDeviation())
            .toString();
    }

    /** @return the nearest-rank quantile q of {@code sorted}; 0 when it is empty */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
