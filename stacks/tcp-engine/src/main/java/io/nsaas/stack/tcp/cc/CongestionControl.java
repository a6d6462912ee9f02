package io.nsaas.stack.tcp.cc;

import io.nsaas.spi.TcpInfo;

/**
 * A congestion-control algorithm, modeled on Linux {@code struct tcp_congestion_ops}: three required
 * callbacks, everything else optional with a default that does nothing.
 *
 * <p><b>The algorithm never writes sender state.</b> It reads the sender through a {@link CcView} and
 * returns values (a new ssthresh, a new cwnd); the sender decides where they go, as described below.
 * An algorithm may keep its own per-connection state in fields.
 *
 * <p><b>Ownership and threading.</b> The sender obtains one fresh instance per connection from the
 * plugin's factory (checked once by {@link CongestionControls#register}) and calls it only from the
 * connection's thread; instances are never shared. Callbacks are on the per-ACK path: they must not
 * allocate, block or throw. Results the sender cannot use are clamped by the sender
 * ({@link CongestionControls#clampCwnd}, {@link CongestionControls#clampSsthresh}).
 *
 * <p><b>Calling protocol.</b> Sizes are bytes. "FlightSize" is RFC 5681's {@code SND.NXT - SND.UNA}.
 * <ol>
 *   <li><b>Start.</b> When the connection reaches ESTABLISHED the sender sets cwnd to the initial
 *       window ({@link InitialWindow#bytes(int)}, RFC 6928) and ssthresh to {@link Integer#MAX_VALUE}
 *       (RFC 5681 3.1 "arbitrarily high"), then calls {@link #init} once. {@link #needsEcn()} is asked
 *       earlier, when the SYN or SYN-ACK is built, to decide ECN negotiation (RFC 3168 6.1.1).</li>
 *   <li><b>Every acceptable ACK</b> ({@code SND.UNA <= SEG.ACK <= SND.NXT}, duplicates included), in
 *       this order: the sender updates SND.UNA, the SACK scoreboard, {@code deliveredBytes} and the RTT
 *       estimator (with the sample's valid RTT only); it then calls {@link #pktsAcked} with the filled
 *       {@link AckSample}; then it runs loss detection, which may start an episode (step 3); then it
 *       grows or keeps cwnd:
 *       <ul>
 *         <li>if {@link #hasFullControl()}: {@code cwnd = control(view, sample)} in every state (BBR);</li>
 *         <li>otherwise, if the ACK advanced SND.UNA and the state is OPEN, DISORDER or LOSS:
 *             {@code cwnd = congestionAvoid(view, sample.ackedBytes)} (Linux calls {@code cong_avoid}
 *             in LOSS too: that is the slow start after a timeout, RFC 5681 3.1);</li>
 *         <li>in CWR and RECOVERY the sender moves cwnd itself (RFC 6582 3.2 / RFC 6675 5 /
 *             RFC 6937 PRR) and does not call {@code congestionAvoid}.</li>
 *       </ul></li>
 *   <li><b>Episodes.</b> Before each call of {@link #ssthresh} the sender saves
 *       {@code priorCwnd = cwnd} ({@link CcView#priorCwnd()}) and {@code priorSsthresh = ssthresh}.
 *       <ul>
 *         <li><b>Fast retransmit</b> (third duplicate ACK, RFC 5681 3.2 step 2, or RFC 6675 loss
 *             detection), from OPEN or DISORDER: {@code ssthresh = ssthresh(view)} with
 *             {@link CcView#bytesInFlight()} = FlightSize at detection; {@code setState(RECOVERY)};
 *             {@code recover = SND.NXT}; {@code cwnd = ssthresh + 3*SMSS} (RFC 6582 3.2 step 3) or
 *             the RFC 6675 / PRR equivalent. On a partial ACK the sender deflates cwnd by the bytes
 *             acknowledged and adds back SMSS when at least SMSS was acknowledged (RFC 6582 3.2 step 5).
 *             On the full ACK ({@code SEG.ACK >= recover}) it sets {@code cwnd = ssthresh}
 *             (RFC 6582 3.2 step 6, "deflate"), raises {@link CwndEvent#COMPLETE_CWR} and calls
 *             {@code setState(OPEN)}.</li>
 *         <li><b>Retransmission timeout</b>: only the first timeout of a segment not yet retransmitted
 *             by a timeout recomputes ssthresh (RFC 5681 3.1 eq. 4: backed-off repeats keep it):
 *             {@code ssthresh = ssthresh(view)}, then {@code cwndEvent(LOSS)}. Every timeout then does
 *             {@code setState(LOSS)} (when not already in LOSS) and {@code cwnd = SMSS} (the loss
 *             window LW, RFC 5681 3.1); slow start follows through {@code congestionAvoid}. LOSS ends
 *             ({@code setState(OPEN)}) when SND.UNA passes the SND.NXT recorded at the timeout.</li>
 *         <li><b>ECN echo</b> (ECE on an ACK in OPEN or DISORDER, at most once per window, RFC 3168
 *             6.1.2): {@code ssthresh = ssthresh(view)}, {@code setState(CWR)}, cwnd reduced to
 *             ssthresh (at once or by PRR), CWR sent on the next data segment; when SND.UNA passes
 *             the SND.NXT recorded at entry: {@code cwndEvent(COMPLETE_CWR)}, {@code setState(OPEN)}.</li>
 *       </ul></li>
 *   <li><b>Undo.</b> When DSACK (RFC 3708) or timestamps (RFC 3522) prove every retransmission of
 *       the episode spurious: {@code cwnd = undoCwnd(view)} (the view still shows the saved
 *       {@code priorCwnd}), {@code ssthresh = max(ssthresh, priorSsthresh)}, {@code setState(OPEN)}.</li>
 *   <li><b>Events</b>: see {@link CwndEvent} for exactly when each is raised.</li>
 *   <li><b>State changes</b>: {@link #setState} is called before every change of {@link CaState},
 *       so the view still shows the old state; it is not called when the state does not change.</li>
 *   <li><b>Info</b>: when a tenant reads {@code TCP_INFO} the sender fills the generic fields and
 *       {@code algorithm = name()}, then calls {@link #info} to add named algorithm values.</li>
 * </ol>
 */
public interface CongestionControl {
    /**
     * @return the algorithm's name as Linux spells it in {@code TCP_CONGESTION} (for example
     *     {@code "reno"}, {@code "cubic"}, {@code "dctcp"}, {@code "bbr"}): 1..15 characters of
     *     {@code [a-z0-9_-]}, constant for the instance's life
     */
    String name();

    /**
     * Required: the new slow-start threshold when a loss episode or ECN reduction starts (see the
     * protocol above). Called once per episode, with {@code priorCwnd} already saved.
     *
     * @return the new ssthresh in bytes, at least {@code 2 * mss} for window-based algorithms
     */
    int ssthresh(CcView tcp);

    /**
     * Required (unless {@link #hasFullControl()}): the cwnd after an ACK that advanced SND.UNA in OPEN,
     * DISORDER or LOSS. Slow start below ssthresh and congestion avoidance above, typically through
     * {@link SlowStart}.
     *
     * @param ackedBytes bytes newly delivered by this ACK ({@link AckSample#ackedBytes}), positive
     * @return the new cwnd in bytes; return {@code tcp.cwnd()} to keep it
     */
    int congestionAvoid(CcView tcp, int ackedBytes);

    /**
     * Required: the cwnd to restore when the last reduction proves spurious (see Undo above).
     *
     * @return cwnd in bytes
     */
    int undoCwnd(CcView tcp);

    /**
     * Optional: a slow-start threshold the algorithm chose while growing cwnd, read by the sender right
     * after each {@link #congestionAvoid} call (HyStart and HyStart++ set {@code ssthresh = cwnd} when
     * they leave slow start, RFC 9406 4.2; Linux writes {@code snd_ssthresh} from the algorithm there).
     *
     * @return the new ssthresh in bytes (the sender keeps at least {@code 2 * mss}), or 0 to keep the
     *     current one; the default is 0
     */
    default int slowStartThreshold(CcView tcp) {
        return 0;
    }

    /** Optional: called once when the connection reaches ESTABLISHED, after cwnd and ssthresh are initialised. */
    default void init(CcView tcp) {
    }

    /** Optional: called just before the sender changes its {@link CaState} to {@code state}. */
    default void setState(CcView tcp, CaState state) {
    }

    /** Optional: called when {@code event} happens; see {@link CwndEvent} for when each one is raised. */
    default void cwndEvent(CcView tcp, CwndEvent event) {
    }

    /** Optional: called on every acceptable ACK (duplicates included) before cwnd is updated. */
    default void pktsAcked(CcView tcp, AckSample sample) {
    }

    /** Optional: true when the algorithm needs ECN negotiated and ECT set on data (Linux TCP_CONG_NEEDS_ECN). */
    default boolean needsEcn() {
        return false;
    }

    /** Optional: adds the algorithm's named values to a TCP_INFO snapshot with {@link TcpInfo#algorithmValue}. */
    default void info(CcView tcp, TcpInfo into) {
    }

    /**
     * Optional: true when the algorithm takes full control of cwnd (Linux {@code cong_control}, used by
     * BBR): the sender then calls {@link #control} on every acceptable ACK in every state instead of
     * {@link #congestionAvoid} and its own RECOVERY/CWR cwnd arithmetic. Constant for the instance's life.
     */
    default boolean hasFullControl() {
        return false;
    }

    /**
     * Optional, used only when {@link #hasFullControl()}: the cwnd after this ACK.
     *
     * @return the new cwnd in bytes
     */
    default int control(CcView tcp, AckSample sample) {
        return tcp.cwnd();
    }

    /**
     * Optional: the pacing rate the sender should use, read after each ACK's cwnd update.
     *
     * @return bytes per second, or 0 to let the sender pace (or not) by its own rule
     */
    default long pacingRate(CcView tcp) {
        return 0L;
    }
}
