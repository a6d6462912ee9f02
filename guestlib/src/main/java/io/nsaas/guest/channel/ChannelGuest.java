package io.nsaas.guest.channel;

import io.nsaas.guest.api.Guest;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.socket.Completion;
import io.nsaas.guest.socket.ErrnoExceptions;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.spi.Errno;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * A {@link Guest} attached to an NSM host over the NQE channel (CHANNEL-API sections 1 and 4):
 * the control connection, the mapped region, and one daemon event thread named
 * {@code nsaas-guest-<tenant>}.
 *
 * <p>Threading: thread-safe; sockets may be opened and used from any number of threads. Errors:
 * {@link #attach} throws an {@link IOException} whose message says why (no host at the path, the
 * host's refusal reason, a bad region); once the host detaches the tenant (control connection EOF,
 * region DETACHED, corrupt rings), every pending and later operation throws
 * {@link SocketException} "nsaas host detached this tenant". After {@link #close()} they throw
 * "Socket closed".
 */
public final class ChannelGuest implements Guest {
    /** Idle back-off of the event thread: spin, yield, then park from 1 us up to 1 ms. */
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String tenantId;
    private final AttachReply reply;
    private final ControlConnection control;
    private final NqeChannel channel;
    private final AgentRunner runner;
    private final Thread eventThread;

    private ChannelGuest(String tenantId, ControlConnection control, RegionMapping region) {
        this.tenantId = tenantId;
        this.reply = control.reply();
        this.control = control;
        this.channel = new NqeChannel(region);
        GuestEventAgent agent = new GuestEventAgent(channel, region, control, tenantId);
        this.runner = new AgentRunner(new BackoffIdleStrategy(64, 16, MIN_PARK_NANOS, MAX_PARK_NANOS),
            ChannelGuest::onAgentError, null, agent);
        this.eventThread = AgentRunner.startOnThread(runner, task -> {
            Thread thread = new Thread(task, agent.roleName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Attaches as {@code tenantId} to the host listening at {@code controlSocket}.
     *
     * @param controlSocket the host's control socket (host setting {@code nsaas.host.control-socket})
     * @param tenantId      1..64 printable ASCII characters, no spaces, as configured on the host
     * @param token         the tenant's token, printable ASCII without spaces
     * @throws IllegalArgumentException for a malformed tenant id or token
     * @throws IOException              when no host listens there, the host refuses (its reason is in
     *                                  the message), or the region it names is unusable
     */
    public static ChannelGuest attach(Path controlSocket, String tenantId, String token) throws IOException {
        return attach(controlSocket, tenantId, token, ControlConnection.REPLY_TIMEOUT_NANOS);
    }

    static ChannelGuest attach(Path controlSocket, String tenantId, String token, long replyTimeoutNanos)
        throws IOException {
        Objects.requireNonNull(controlSocket, "controlSocket");
        checkWord("tenant id", tenantId, RegionHeaderDescriptor.TENANT_ID_LENGTH);
        checkWord("token", token, ControlConnection.MAX_LINE / 2);
        ControlConnection control = ControlConnection.open(controlSocket, tenantId, token, replyTimeoutNanos);
        try {
            RegionMapping region = RegionMapping.map(control.reply().regionPath(), tenantId);
            return new ChannelGuest(tenantId, control, region);
        } catch (IOException | RuntimeException e) {
            control.close();
            throw e;
        }
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public int localAddress() {
        return reply.address();
    }

    @Override
    public int prefixLength() {
        return reply.prefixLength();
    }

    @Override
    public String stackId() {
        return reply.stackId();
    }

    /** @return the region file the host mapped for this attachment */
    public Path regionPath() {
        return reply.regionPath();
    }

    @Override
    public GuestSocket open() throws IOException {
        Completion completion = new Completion();
        channel.execute(completion, Opcode.SOCKET, 0, NqeDescriptor.NO_SOCKET, 0, 0, 0, null);
        long result = completion.result();
        if (result < 0) {
            throw ErrnoExceptions.of("socket", errnoOf(result));
        }
        if (completion.socket() == null) {
            throw new SocketException("socket: nsaas host answered socket " + result
                + " but the guest registered none; the host broke the NQE protocol");
        }
        return completion.socket();
    }

    /**
     * Sends one NOP NQE and waits for its completion: a full round trip through the host's NSM that
     * touches no socket (the NQE channel's latency floor; {@code benchmarks/nqe-rtt.sh} times it).
     *
     * <p>Threading: any thread, like every request. Errors: {@link SocketException} "nsaas host
     * detached this tenant" or "Socket closed" as for socket operations, or the errno exception of a
     * host that answered NOP with an error.
     */
    public void nop() throws IOException {
        Completion completion = new Completion();
        channel.execute(completion, Opcode.NOP, 0, NqeDescriptor.NO_SOCKET, 0, 0, 0, null);
        long result = completion.result();
        if (result != 0) {
            throw ErrnoExceptions.of("nop", errnoOf(result));
        }
    }

    @Override
    public boolean isAttached() {
        return !channel.isDetached();
    }

    /** Detaches: sends DETACH, fails every waiter with "Socket closed", stops the event thread. */
    @Override
    public void close() {
        channel.detach(ErrnoExceptions.SOCKET_CLOSED);
        control.detach();
        if (Thread.currentThread() != eventThread) {
            runner.close();
        }
    }

    @Override
    public String toString() {
        return "ChannelGuest{tenant=" + tenantId + ", stack=" + reply.stackId() + ", region=" + reply.regionPath()
            + ", attached=" + isAttached() + '}';
    }

    /** @return the event thread (tests measure its CPU time) */
    Thread eventThread() {
        return eventThread;
    }

    NqeChannel channel() {
        return channel;
    }

    /** @return the errno of a failed request's result; EIO for one outside -4095..-1 */
    private static int errnoOf(long result) {
        return result < -4095 || result >= 0 ? Errno.EIO : (int) -result;
    }

    private static void onAgentError(Throwable error) {
        if (!(error instanceof AgentTerminationException)) {
            System.err.println("nsaas guest event thread failed: " + error);
        }
    }

    private static void checkWord(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must have 1.." + maxLength + " characters, got "
                + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException(what + " has character 0x" + Integer.toHexString(c) + " at index " + i
                    + "; use printable ASCII without spaces");
            }
        }
    }
}
