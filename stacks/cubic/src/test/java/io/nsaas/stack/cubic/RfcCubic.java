package io.nsaas.stack.cubic;

/**
 * The RFC 9438 formulas written out again for the tests, in the RFC's own units (segments and
 * seconds), without any of {@link Cubic}'s code: the expected values the tests compare against.
 */
final class RfcCubic {
    static final double C = 0.4;
    static final double BETA = 0.7;
    /** RFC 9438 4.3: 3 * (1 - 0.7) / (1 + 0.7) = 0.9 / 1.7. */
    static final double ALPHA = 0.9 / 1.7;

    private RfcCubic() {
    }

    /** RFC 9438 Figure 2: K = cbrt((W_max - cwnd_epoch) / C), seconds. */
    static double k(double wMaxSegments, double cwndEpochSegments) {
        return Math.cbrt((wMaxSegments - cwndEpochSegments) / C);
    }

    /** RFC 9438 Figure 1: W_cubic(t) = C * (t - K)^3 + W_max, segments. */
    static double wCubic(double t, double k, double wMaxSegments) {
        return C * Math.pow(t - k, 3) + wMaxSegments;
    }

    /** RFC 9438 4.2: target = W_cubic(t + RTT) limited to [cwnd, 1.5 * cwnd], segments. */
    static double target(double t, double rtt, double k, double wMaxSegments, double cwndSegments) {
        double w = wCubic(t + rtt, k, wMaxSegments);
        return Math.min(Math.max(w, cwndSegments), 1.5 * cwndSegments);
    }
}
