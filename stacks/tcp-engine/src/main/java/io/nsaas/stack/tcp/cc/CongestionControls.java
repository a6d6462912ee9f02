package io.nsaas.stack.tcp.cc;

import io.nsaas.spi.TcpInfo;
import java.util.function.Supplier;

/**
 * Registration-time checks of a {@link CongestionControl} factory with a Reno fallback, like Linux's
 * {@code tcp_register_congestion_control} (which rejects an algorithm missing its required callbacks,
 * with {@code reno} always available), plus the clamps the sender applies to every returned value.
 *
 * <p>{@link #validate} runs a fresh instance through a short scripted connection (start, slow start,
 * fast recovery, undo, timeout, every event, info) on a synthetic {@link CcView} and checks each
 * returned value against the calling protocol. Registration runs on the host's or plugin's setup
 * thread, never per packet; it allocates freely. Stateless and thread-safe.
 */
public final class CongestionControls {
    /** Longest accepted name (Linux {@code TCP_CA_NAME_MAX} is 16 bytes including the NUL). */
    public static final int MAX_NAME_LENGTH = 15;

    private static final int PROBE_MSS = 1460;

    private CongestionControls() {
    }

    /**
     * The outcome of {@link #register}: the factory connections should use and, when the offered one
     * was rejected, why.
     *
     * @param name the name connections will report ({@code "reno"} after a fallback)
     * @param factory a factory returning a fresh instance per call
     * @param rejection empty when the offered factory was accepted, else a one-line reason
     */
    public record Registration(String name, Supplier<CongestionControl> factory, String rejection) {
        /** @return true when the offered factory was rejected and {@link NewReno} is used instead */
        public boolean fellBack() {
            return !rejection.isEmpty();
        }
    }

    /** @return a factory of {@link NewReno}, the fallback algorithm */
    public static Supplier<CongestionControl> reno() {
        return NewReno::new;
    }

    /**
     * Checks {@code factory} and returns it, or falls back to {@link NewReno} with the reason.
     *
     * @param factory the plugin's factory; it must return a new instance on every call
     * @return the accepted registration or the Reno fallback; never null
     */
    public static Registration register(Supplier<? extends CongestionControl> factory) {
        String problem = validate(factory);
        if (problem.isEmpty()) {
            CongestionControl sample = factory.get();
            return new Registration(sample.name(), factory::get, "");
        }
        return new Registration(NewReno.NAME, reno(),
            problem + "; using \"" + NewReno.NAME + "\" instead until the algorithm is fixed");
    }

    /**
     * Runs the registration probe.
     *
     * @return the empty string when the factory and its instances follow the contract, else a
     *     one-line description of the first violation (what, where, how to fix)
     */
    public static String validate(Supplier<? extends CongestionControl> factory) {
        if (factory == null) {
            return "congestion control factory is null: pass a Supplier that returns a new instance per call";
        }
        CongestionControl first;
        CongestionControl second;
        try {
            first = factory.get();
            second = factory.get();
        } catch (RuntimeException | LinkageError e) {
            return "congestion control factory " + factory.getClass().getName() + " threw " + e
                + ": it must construct an instance without failing";
        }
        if (first == null || second == null) {
            return "congestion control factory " + factory.getClass().getName()
                + " returned null: return a new instance per call";
        }
        if (first == second) {
            return "congestion control factory " + factory.getClass().getName()
                + " returned the same instance twice: each connection needs its own instance";
        }
        String where = first.getClass().getName();
        try {
            String nameProblem = checkName(first.name(), where);
            if (!nameProblem.isEmpty()) {
                return nameProblem;
            }
            return probe(first, "congestion control \"" + first.name() + "\" (" + where + ")");
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return "congestion control " + where + " threw " + e + " during the registration probe: "
                + "callbacks must not throw";
        }
    }

    /**
     * Bounds a cwnd returned by an algorithm: at least one {@code mss} (RFC 5681 3.1 loss window).
     *
     * @return {@code max(cwnd, mss)}
     */
    public static int clampCwnd(int cwnd, int mss) {
        return Math.max(cwnd, mss);
    }

    /**
     * Bounds an ssthresh returned by an algorithm: at least {@code 2 * mss} (RFC 5681 equation 4 floor).
     *
     * @return {@code max(ssthresh, 2 * mss)}
     */
    public static int clampSsthresh(int ssthresh, int mss) {
        return Math.max(ssthresh, 2 * mss);
    }

    private static String checkName(String name, String where) {
        if (name == null || name.isEmpty()) {
            return "congestion control " + where + " has an empty name: return a constant like \"cubic\" from name()";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "congestion control " + where + " name \"" + name + "\" is longer than "
                + MAX_NAME_LENGTH + " characters: shorten it";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return "congestion control " + where + " name \"" + name + "\" has character '" + c
                    + "': use only a-z, 0-9, '_' and '-'";
            }
        }
        return "";
    }

    /** Scripted connection: start, four ACK rounds, fast recovery and undo, timeout, events, info. */
    private static String probe(CongestionControl cc, String who) {
        ProbeView view = new ProbeView();
        AckSample sample = new AckSample();
        boolean full = cc.hasFullControl();
        cc.needsEcn();
        cc.init(view);
        String problem = ackRounds(cc, view, sample, full, who);
        if (problem.isEmpty()) {
            problem = recoveryAndUndo(cc, view, who);
        }
        if (problem.isEmpty()) {
            problem = timeout(cc, view, sample, full, who);
        }
        if (!problem.isEmpty()) {
            return problem;
        }
        for (CwndEvent event : CwndEvent.values()) {
            cc.cwndEvent(view, event);
        }
        cc.info(view, new TcpInfo());
        long pacing = cc.pacingRate(view);
        if (pacing < 0) {
            return who + ": pacingRate returned " + pacing + " bytes/s: return 0 (no opinion) or a positive rate";
        }
        return "";
    }

    private static String ackRounds(CongestionControl cc, ProbeView view, AckSample sample, boolean full, String who) {
        for (int round = 0; round < 4; round++) {
            int acked = 2 * PROBE_MSS;
            sample.clear();
            sample.ackedBytes = acked;
            sample.rttUs = view.srttUs;
            sample.inFlightBefore = view.inFlight;
            view.delivered += acked;
            cc.pktsAcked(view, sample);
            int before = view.cwnd;
            int after = full ? cc.control(view, sample) : cc.congestionAvoid(view, acked);
            String problem = full
                ? atLeast(after, PROBE_MSS, who, "control", "")
                : checkGrowth(after, before, acked, who);
            if (!problem.isEmpty()) {
                return problem;
            }
            view.cwnd = after;
            view.inFlight = after;
        }
        return "";
    }

    private static String checkGrowth(int after, int before, int acked, String who) {
        String problem = atLeast(after, PROBE_MSS, who, "congestionAvoid", "");
        if (problem.isEmpty() && (long) after > (long) before + acked) {
            problem = who + ": congestionAvoid grew cwnd from " + before + " to " + after + " on " + acked
                + " acked bytes, faster than slow start (at most +" + acked + "): bound the growth";
        }
        return problem;
    }

    private static String recoveryAndUndo(CongestionControl cc, ProbeView view, String who) {
        for (int flight : new int[] {view.cwnd, PROBE_MSS}) {
            view.inFlight = flight;
            view.priorCwnd = view.cwnd;
            int ssthresh = cc.ssthresh(view);
            String problem = atLeast(ssthresh, 2 * PROBE_MSS, who, "ssthresh", " for FlightSize " + flight);
            if (!problem.isEmpty()) {
                return problem;
            }
            cc.setState(view, CaState.RECOVERY);
            view.state = CaState.RECOVERY;
            view.ssthresh = ssthresh;
            view.cwnd = clampCwnd(Math.min(ssthresh, view.priorCwnd), PROBE_MSS);
            int undo = cc.undoCwnd(view);
            problem = atLeast(undo, PROBE_MSS, who, "undoCwnd", "");
            if (problem.isEmpty() && undo > Math.max(view.cwnd, view.priorCwnd)) {
                problem = who + ": undoCwnd returned " + undo + ", above both cwnd " + view.cwnd
                    + " and priorCwnd " + view.priorCwnd + ": undo restores, it does not grow";
            }
            if (!problem.isEmpty()) {
                return problem;
            }
            cc.cwndEvent(view, CwndEvent.COMPLETE_CWR);
            cc.setState(view, CaState.OPEN);
            view.state = CaState.OPEN;
            view.cwnd = undo;
        }
        return "";
    }

    private static String timeout(CongestionControl cc, ProbeView view, AckSample sample, boolean full, String who) {
        view.inFlight = view.cwnd;
        view.priorCwnd = view.cwnd;
        int ssthresh = cc.ssthresh(view);
        String problem = atLeast(ssthresh, 2 * PROBE_MSS, who, "ssthresh", " after a timeout");
        if (!problem.isEmpty()) {
            return problem;
        }
        cc.cwndEvent(view, CwndEvent.LOSS);
        cc.setState(view, CaState.LOSS);
        view.state = CaState.LOSS;
        view.ssthresh = ssthresh;
        view.cwnd = PROBE_MSS;
        view.inFlight = PROBE_MSS;
        sample.clear();
        sample.ackedBytes = PROBE_MSS;
        sample.inFlightBefore = PROBE_MSS;
        cc.pktsAcked(view, sample);
        int after = full ? cc.control(view, sample) : cc.congestionAvoid(view, PROBE_MSS);
        return full ? atLeast(after, PROBE_MSS, who, "control", "") : checkGrowth(after, PROBE_MSS, PROBE_MSS, who);
    }

    private static String atLeast(int value, int floor, String who, String callback, String context) {
        if (value >= floor) {
            return "";
        }
        return who + ": " + callback + " returned " + value + context + " with MSS " + PROBE_MSS
            + ": it must be at least " + floor + " bytes";
    }

    /** A sender as the probe scripts it: MSS 1460, initial window, 10 ms RTT, cwnd-limited. */
    private static final class ProbeView implements CcView {
        int cwnd = InitialWindow.bytes(PROBE_MSS);
        int ssthresh = Integer.MAX_VALUE;
        int inFlight = cwnd;
        int priorCwnd;
        long srttUs = 10_000;
        long delivered;
        CaState state = CaState.OPEN;

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
            return PROBE_MSS;
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
            return srttUs;
        }

        @Override
        public long nowNanos() {
            return 1_000_000_000L + delivered * 1_000L;
        }

        @Override
        public CaState caState() {
            return state;
        }

        @Override
        public boolean isCwndLimited() {
            return true;
        }

        @Override
        public long deliveredBytes() {
            return delivered;
        }
    }
}
