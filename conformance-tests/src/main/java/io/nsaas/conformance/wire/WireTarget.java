package io.nsaas.conformance.wire;

import io.nsaas.spi.TcpInfo;

/**
 * Where a wire script runs: the interpreter ({@link ScriptExecutor}) drives one target per script run.
 * Two implementations: {@link PluginWireTarget} (a packet-level plugin in virtual time) and the Linux
 * reference target (kernel TCP behind a TUN device, package {@code io.nsaas.conformance.linux}).
 *
 * <p><b>Addresses.</b> As in packetdrill, the stack under test is {@link #LOCAL_ADDRESS} and the
 * script plays the remote host {@link #REMOTE_ADDRESS}. Addresses are big-endian ints.
 *
 * <p><b>Time.</b> Nanoseconds since the script started ({@code 0} when the target was created).
 * A virtual-time target moves only when told; a real-time target sleeps.
 *
 * <p><b>Results.</b> Syscalls return their value ({@code >= 0}) or {@code -errno} (Linux numbers,
 * {@link io.nsaas.spi.Errno}); they never throw for a socket-level error. An exception means the
 * target itself broke (TUN gone, plugin threw) and fails the script run with its message.
 *
 * <p><b>Threading.</b> One thread (the interpreter's) calls every method.
 */
public interface WireTarget extends AutoCloseable {
    /** The address of the stack under test, 192.168.0.1 (packetdrill's default local address). */
    int LOCAL_ADDRESS = 0xC0A8_0001;
    /** The address the script plays, 192.0.2.1 (packetdrill's default remote address). */
    int REMOTE_ADDRESS = 0xC000_0201;
    /** What {@link #syscall} and {@link #pendingResult} return while a blocking call is still blocked. */
    long BLOCKED = Long.MIN_VALUE;

    /** @return a short description for reports, e.g. {@code "plugin newreno 1.0.0"} or {@code "linux 6.8"} */
    String describe();

    /** @return the current time, nanoseconds since the script started */
    long nowNanos();

    /**
     * Makes now the script's time 0 again. The interpreter calls it once, after the script's init commands
     * (its leading shell lines) and before anything else, so their run time does not count. The default
     * does nothing: right for a virtual-time target, whose clock does not move while a shell line runs.
     */
    default void startClock() {
    }

    /**
     * Lets time pass up to {@code nanos} (timers that fall due fire; outbound packets they send are
     * queued for {@link #nextOutbound}). A time in the past is a no-op.
     */
    void advanceTo(long nanos);

    /**
     * Delivers one packet from the remote host to the stack, at the current time.
     *
     * @param ipv4 a complete IPv4 packet (header, TCP header, payload) with valid checksums, from
     *             {@link #REMOTE_ADDRESS} to {@link #LOCAL_ADDRESS}; the array stays the caller's
     */
    void inject(byte[] ipv4);

    /**
     * Returns the oldest packet the stack sent that has not been returned yet, waiting (advancing time)
     * up to {@code deadlineNanos} for one. When a packet is returned the clock stands at its send time
     * (for a real-time target: at least its send time); otherwise at {@code deadlineNanos}.
     *
     * @return the packet, or null when none was sent by the deadline
     */
    OutboundPacket nextOutbound(long deadlineNanos);

    /**
     * Executes one system call at the current time. A call on a blocking socket that cannot complete
     * yet returns {@link #BLOCKED}; the interpreter then keeps running the script and asks
     * {@link #pendingResult} after every event. At most one call is blocked at a time.
     *
     * @return the result ({@code >= 0}), {@code -errno}, or {@link #BLOCKED}
     */
    long syscall(Syscall call);

    /**
     * @return the result of the call that returned {@link #BLOCKED}, once it has completed at or before
     *         the current time; {@link #BLOCKED} while it still blocks
     */
    long pendingResult();

    /**
     * Fills {@code into} with the connection snapshot of socket {@code fd} (Linux: getsockopt TCP_INFO).
     *
     * @return true, or false when {@code fd} is not a socket of this target
     */
    boolean info(int fd, TcpInfo into);

    /**
     * Runs a backtick shell line of the script (sysctl settings, tc, ...).
     *
     * @return how it went: ran (with exit status), mapped to an equivalent setting, or skipped with why
     */
    ShellOutcome shell(String command);

    /** Releases the target (sockets, TUN device, plugin instance). */
    @Override
    void close();
}
