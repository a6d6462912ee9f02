package io.nsaas.guest.channel;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The single consumer of the completion ring, taken in turns: the event thread drains it on every
 * duty cycle, and a requester that waits for its own completion drains it too while it spins
 * ({@link NqeChannel#execute}), so a quick answer reaches its thread without a hand-off through the
 * event thread and a park/unpark. Whoever holds the turn dispatches every completion it reads, for
 * any waiter, and re-sends deferred CLOSEs (their list is only touched under the turn).
 *
 * <p>Threading: any thread; {@link #tryDrain} returns at once when another thread holds the turn.
 * Each NQE is copied out of shared memory before it is read. A ring the agrona reader cannot parse
 * detaches the guest.
 */
final class CompletionDrain {
    private final RingBuffer completions;
    private final NqeChannel channel;
    private final AtomicBoolean turn = new AtomicBoolean();
    private final NqeFlyweight nqe = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]), 0);
    private final MessageHandler handler = this::onCompletion;

    CompletionDrain(RingBuffer completions, NqeChannel channel) {
        this.completions = completions;
        this.channel = channel;
    }

    /**
     * Dispatches up to {@code limit} completions and retries deferred CLOSEs, unless another thread
     * is doing so.
     *
     * @return the work done (0 when another thread holds the turn or the guest just detached)
     */
    int tryDrain(int limit) {
        if (!turn.compareAndSet(false, true)) {
            return 0;
        }
        try {
            return completions.read(handler, limit) + channel.retryDeferredCloses();
        } catch (RuntimeException e) {
            // agrona could not parse a ring the host wrote: the attachment is unusable
            channel.detach(NqeChannel.HOST_DETACHED);
            return 0;
        } finally {
            turn.set(false);
        }
    }

    private void onCompletion(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (msgTypeId != NqeDescriptor.MSG_TYPE_ID || length != NqeDescriptor.LENGTH) {
            channel.countViolation();
            return;
        }
        nqe.copyFrom(buffer, index);
        channel.onCompletion(nqe.opcode(), nqe.requestId(), nqe.result(), nqe.dataOffset(), nqe.dataLength());
    }
}
