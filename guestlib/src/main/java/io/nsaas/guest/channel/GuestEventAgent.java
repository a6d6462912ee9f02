package io.nsaas.guest.channel;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The guest's event thread work: drains the completion ring when no requester is draining it
 * ({@link CompletionDrain}, waking waiters) and then the event ring (readiness), and every {@link #HOST_CHECK_NANOS} checks whether the host went away (EOF on
 * the control connection, or the region's host state DETACHED). Run by an agrona
 * {@code AgentRunner} with a {@code BackoffIdleStrategy} that ends in ~1 ms parks, so an idle
 * tenant costs next to no CPU.
 *
 * <p>Every NQE is copied out of shared memory into a private buffer before it is read (the host can
 * rewrite the ring under us). A ring the agrona reader cannot parse, or a host that went away,
 * detaches the guest; the agent then terminates.
 */
final class GuestEventAgent implements Agent {
    static final long HOST_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int COMPLETION_LIMIT = 4096;
    private static final int EVENT_LIMIT = 1024;

    private final NqeChannel channel;
    private final RegionMapping region;
    private final ControlConnection control;
    private final String roleName;
    private final NqeFlyweight nqe = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]), 0);
    private final MessageHandler eventHandler = this::onEvent;
    private long lastHostCheck = System.nanoTime();

    GuestEventAgent(NqeChannel channel, RegionMapping region, ControlConnection control, String tenantId) {
        this.channel = channel;
        this.region = region;
        this.control = control;
        this.roleName = "nsaas-guest-" + tenantId;
    }

    @Override
    public int doWork() {
        if (channel.isDetached()) {
            throw new AgentTerminationException();
        }
        int work;
        try {
            work = channel.completions().tryDrain(COMPLETION_LIMIT);
            work += region.eventRing.read(eventHandler, EVENT_LIMIT);
        } catch (RuntimeException e) {
            // agrona could not parse a ring the host wrote: the attachment is unusable
            channel.detach(NqeChannel.HOST_DETACHED);
            throw new AgentTerminationException(e);
        }
        long now = System.nanoTime();
        if (now - lastHostCheck >= HOST_CHECK_NANOS) {
            lastHostCheck = now;
            if (control.hostClosed() || region.hostDetached()) {
                channel.detach(NqeChannel.HOST_DETACHED);
                throw new AgentTerminationException();
            }
        }
        return work;
    }

    @Override
    public String roleName() {
        return roleName;
    }

    private void onEvent(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (copy(msgTypeId, buffer, index, length)) {
            channel.onEvent(nqe.opcode(), nqe.socketId(), nqe.operand(), nqe.dataOffset(), nqe.dataLength());
        }
    }

    private boolean copy(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (msgTypeId != NqeDescriptor.MSG_TYPE_ID || length != NqeDescriptor.LENGTH) {
            channel.countViolation();
            return false;
        }
        nqe.copyFrom(buffer, index);
        return true;
    }
}
