package io.nsaas.guest.channel;

import io.nsaas.guest.socket.ChannelSocket;
import io.nsaas.guest.socket.Completion;
import io.nsaas.guest.socket.ErrnoExceptions;
import io.nsaas.guest.socket.SocketTransport;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.spi.Errno;
import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The guest's NQE channel over one mapped region: submits requests from any thread
 * ({@link #execute}), matches completions ({@link #onCompletion}, run by whichever thread holds the
 * {@link CompletionDrain} turn: a spinning requester or the event thread), routes events on the
 * event thread ({@link #onEvent}), owns the socket table and the tx chunk pool, and records
 * detachment.
 *
 * <p>Request ids come from the {@link PendingTable} (slot index + generation), so a completion finds
 * its waiter without a map or a lock, and the waiter is woken with {@code LockSupport.unpark}.
 * Completions and events from the host are checked before use: unknown request ids, mismatched
 * opcodes and chunk ranges outside the rx area are counted in {@link #protocolViolations()} and
 * never crash the guest; resources a late or orphaned completion carries (rx chunks, accepted
 * sockets) are given back.
 */
final class NqeChannel implements SocketTransport {
    /** The failure of every pending and later operation once the host detached the tenant. */
    static final String HOST_DETACHED = "nsaas host detached this tenant";

    private static final long SLOT_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /**
     * How long a requester drains the completion ring itself, spinning, before it yields and then
     * parks (system property {@value #SPIN_PROPERTY}, microseconds, 0 = never
     * spin): quick answers (NOP, BIND, a SEND with room, a RECV with data) come back within
     * microseconds, and the hand-off through the event thread plus a park/unpark pair costs more than
     * that. Spinning longer only pays when the machine has a free core per spinning thread.
     */
    static final String SPIN_PROPERTY = "nsaas.guest.spin-micros";
    private static final long AWAIT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(SPIN_PROPERTY, 10));
    /**
     * After the spin, how long a requester keeps draining the completion ring itself between
     * {@code Thread.yield()}s (system property {@value #YIELD_PROPERTY}, microseconds, default 100, 0 =
     * never) before it parks: a yield hands the core to the threads that produce the answer (the
     * host's NSM, the peer) without the ~50 us timer slack of a timed park. Parked requesters wake on
     * the event thread's unpark or after at most {@link #MAX_AWAIT_PARK_NANOS}, and then drain the
     * ring themselves, so an answer does not wait for a deeply backed-off event thread; after
     * {@link #SELF_DRAIN_NANOS} of that (a request the host holds, e.g. a read on an idle connection)
     * they park until the event thread unparks them, so a blocked reader costs no CPU.
     */
    static final String YIELD_PROPERTY = "nsaas.guest.yield-micros";
    private static final long AWAIT_YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(YIELD_PROPERTY, 100));
    private static final long MIN_AWAIT_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MAX_AWAIT_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SELF_DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int SPIN_DRAIN_LIMIT = 64;
    private static final long MAX_RING_FULL_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final RegionMapping region;
    private final RegionLayout layout;
    private final PendingTable pending = new PendingTable();
    private final SocketTable sockets = new SocketTable();
    private final JobProxy jobs;
    private final CompletionDrain completions;
    private final TxChunkPool txPool;
    private final IntArrayList deferredCloses = new IntArrayList();
    private final AtomicLong protocolViolations = new AtomicLong();
    private volatile String detachReason;

    NqeChannel(RegionMapping region) {
        this.region = region;
        this.layout = region.layout;
        this.jobs = new JobProxy(region.jobRing);
        this.completions = new CompletionDrain(region.completionRing, this);
        this.txPool = new TxChunkPool(region.txFreeRing, layout, this);
    }

    @Override
    public void execute(Completion into, int opcode, int flags, int socketId, long operand, int dataOffset,
                        int dataLength, ChannelSocket owner) throws IOException {
        PendingRequest slot = acquire();
        long requestId = slot.begin(opcode, Thread.currentThread(), PendingRequest.PENDING, PendingTable.INDEX_BITS);
        submit(slot, opcode, flags, socketId, requestId, operand, dataOffset, dataLength);
        await(slot, owner, into);
    }

    @Override
    public void submitSend(ChannelSocket owner, int dataOffset, int length) throws IOException {
        PendingRequest slot = acquire();
        long requestId = slot.begin(Opcode.SEND, null, PendingRequest.ASYNC_SEND, PendingTable.INDEX_BITS, owner, length);
        submit(slot, Opcode.SEND, 0, owner.id(), requestId, 0, dataOffset, length);
    }

    @Override
    public int pollCompletions() {
        return completions.tryDrain(SPIN_DRAIN_LIMIT);
    }

    @Override
    public int takeTxChunk(ChannelSocket owner, long timeoutNanos) throws IOException {
        return txPool.take(owner, timeoutNanos);
    }

    @Override
    public void untakeTxChunk(int dataOffset) {
        txPool.untake(dataOffset);
    }

    @Override
    public AtomicBuffer dataArea() {
        return region.dataArea;
    }

    @Override
    public int chunkSize() {
        return layout.chunkSize();
    }

    @Override
    public boolean isRxRange(int dataOffset, int length) {
        if (length <= 0 || length > layout.chunkSize()) {
            return false;
        }
        int first = layout.rxChunkIndex(dataOffset);
        long last = (long) dataOffset + length - 1;
        return first >= 0 && last <= Integer.MAX_VALUE && layout.rxChunkIndex((int) last) == first;
    }

    @Override
    public void returnRxChunk(int dataOffset) {
        int index = layout.rxChunkIndex(dataOffset);
        if (index < 0) {
            return;
        }
        RingBuffer rxFree = region.rxFreeRing;
        int claimed = rxFree.tryClaim(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, RegionLayout.CHUNK_INDEX_LENGTH);
        if (claimed < 0) {
            // the ring holds every index at once, so it is only full when the host corrupted it
            protocolViolations.incrementAndGet();
            return;
        }
        rxFree.buffer().putInt(claimed, index, NqeDescriptor.BYTE_ORDER);
        rxFree.commit(claimed);
    }

    @Override
    public void forget(ChannelSocket socket) {
        sockets.remove(socket);
    }

    @Override
    public IOException detachedFailure() {
        String reason = detachReason;
        return reason == null ? null : new SocketException(reason);
    }

    /** @return the failure that ends a wait for {@code owner}'s request: detached, or owner closed; null to go on */
    IOException failureFor(ChannelSocket owner) {
        IOException detached = detachedFailure();
        if (detached != null || owner == null) {
            return detached;
        }
        return owner.closedFailure();
    }

    boolean isDetached() {
        return detachReason != null;
    }

    /**
     * Marks the guest detached: every waiter wakes with SocketException({@code reason}), every socket
     * is closed with that reason. Idempotent.
     *
     * @return whether this call detached
     */
    boolean detach(String reason) {
        synchronized (this) {
            if (detachReason != null) {
                return false;
            }
            detachReason = reason;
        }
        pending.wakeAll();
        for (ChannelSocket socket : sockets.drain()) {
            socket.onDetached(reason);
        }
        txPool.wakeAll();
        return true;
    }

    /** @return the completion ring's consumer, shared by the event thread and spinning requesters */
    CompletionDrain completions() {
        return completions;
    }

    /** @return completions and events the host sent that broke the protocol (ignored) */
    long protocolViolations() {
        return protocolViolations.get();
    }

    /** Event thread or completion turn: a ring record that is not an NQE. */
    void countViolation() {
        protocolViolations.incrementAndGet();
    }

    /** @return open sockets known to the guest */
    int openSockets() {
        return sockets.size();
    }

    /** Holder of the completion turn ({@link CompletionDrain}): one completion NQE, already copied out. */
    void onCompletion(int opcode, long requestId, long result, int dataOffset, int dataLength) {
        PendingRequest slot = pending.lookup(requestId);
        if (slot == null) {
            protocolViolations.incrementAndGet();
            if (Opcode.isCompletion(opcode) && opcode != Opcode.REJECTED) {
                releaseResources(Opcode.requestOf(opcode), result, dataOffset, null);
            }
            return;
        }
        int requestOpcode = slot.opcode;
        if (slot.state.get() == PendingRequest.ASYNC_SEND) {
            onSendCompletion(slot, opcode, result);
            return;
        }
        if (opcode != (requestOpcode | Opcode.COMPLETION_BIT) && opcode != Opcode.REJECTED) {
            protocolViolations.incrementAndGet();
            result = -Errno.EIO;
        } else if (opcode == Opcode.REJECTED && result >= 0) {
            result = -Errno.EINVAL;
        }
        ChannelSocket created = null;
        if (result >= 0 && (requestOpcode == Opcode.SOCKET || requestOpcode == Opcode.ACCEPT)) {
            if (result > Integer.MAX_VALUE) {
                protocolViolations.incrementAndGet();
                result = -Errno.EIO;
            } else {
                created = new ChannelSocket(this, (int) result, requestOpcode == Opcode.ACCEPT);
                sockets.put(created);
            }
        }
        slot.result = result;
        slot.dataOffset = dataOffset;
        slot.dataLength = dataLength;
        slot.socket = created;
        Thread waiter = slot.waiter;
        if (slot.state.compareAndSet(PendingRequest.PENDING, PendingRequest.DONE)) {
            if (waiter != null && waiter != Thread.currentThread()) {
                LockSupport.unpark(waiter);
            }
        } else {
            releaseResources(requestOpcode, result, dataOffset, created);
            pending.release(slot);
        }
        if (requestOpcode == Opcode.SEND) {
            txPool.chunksMayHaveReturned();
        }
    }

    /** Holder of the completion turn: hands a pipelined SEND's result to its socket and frees the slot. */
    private void onSendCompletion(PendingRequest slot, int opcode, long result) {
        ChannelSocket sender = slot.sender;
        int length = slot.sendLength;
        if (opcode != (Opcode.SEND | Opcode.COMPLETION_BIT) && opcode != Opcode.REJECTED || result > length) {
            protocolViolations.incrementAndGet();
            result = -Errno.EIO;
        } else if (opcode == Opcode.REJECTED && result >= 0) {
            result = -Errno.EINVAL;
        }
        pending.release(slot);
        txPool.chunksMayHaveReturned();
        sender.onSendCompleted(result, length);
    }

    /** Event thread: one event NQE (already copied out of shared memory). */
    void onEvent(int opcode, int socketId, long operand, int dataOffset, int dataLength) {
        if (!Opcode.isEvent(opcode)) {
            protocolViolations.incrementAndGet();
            return;
        }
        boolean data = opcode == Opcode.EV_DATA;
        if (data && !isRxRange(dataOffset, dataLength)) {
            protocolViolations.incrementAndGet();
            returnRxChunk(dataOffset);
            return;
        }
        ChannelSocket socket = sockets.get(socketId);
        if (socket == null) {
            if (data) {
                returnRxChunk(dataOffset);
            }
            return;
        }
        socket.onEvent(opcode, operand, dataOffset, dataLength);
    }

    /** Holder of the completion turn: re-sends CLOSEs that found no room earlier. @return how many went out */
    int retryDeferredCloses() {
        int sent = 0;
        while (!deferredCloses.isEmpty()) {
            int socketId = deferredCloses.getInt(deferredCloses.size() - 1);
            if (!offerForgottenClose(socketId)) {
                break;
            }
            deferredCloses.removeAt(deferredCloses.size() - 1);
            sent++;
        }
        return sent;
    }

    /** Gives back what a completion nobody waits for carries: rx chunks, new sockets. */
    private void releaseResources(int requestOpcode, long result, int dataOffset, ChannelSocket created) {
        if (created != null) {
            sockets.remove(created);
            created.onDetached(ErrnoExceptions.SOCKET_CLOSED);
        }
        if (result <= 0 && !(result == 0 && (requestOpcode == Opcode.SOCKET || requestOpcode == Opcode.ACCEPT))) {
            return;
        }
        switch (requestOpcode) {
            case Opcode.RECV:
            case Opcode.GETSOCKOPT:
            case Opcode.INFO:
                returnRxChunk(dataOffset);
                break;
            case Opcode.SOCKET:
            case Opcode.ACCEPT:
                if (result <= Integer.MAX_VALUE) {
                    closeForgotten((int) result);
                }
                break;
            default:
                break;
        }
    }

    /** Holder of the completion turn: closes a host socket nobody will use (its waiter gave up), without waiting. */
    private void closeForgotten(int socketId) {
        if (!offerForgottenClose(socketId)) {
            deferredCloses.addInt(socketId);
        }
    }

    private boolean offerForgottenClose(int socketId) {
        if (isDetached()) {
            return true;
        }
        PendingRequest slot = pending.tryAcquire();
        if (slot == null) {
            return false;
        }
        long requestId = slot.begin(Opcode.CLOSE, null, PendingRequest.ABANDONED, PendingTable.INDEX_BITS);
        if (!jobs.offer(Opcode.CLOSE, 0, socketId, requestId, 0, 0, 0)) {
            pending.release(slot);
            return false;
        }
        return true;
    }

    private PendingRequest acquire() throws IOException {
        while (true) {
            PendingRequest slot = pending.tryAcquire();
            if (slot != null) {
                return slot;
            }
            IOException detached = detachedFailure();
            if (detached != null) {
                throw detached;
            }
            LockSupport.parkNanos(SLOT_WAIT_NANOS);
        }
    }

    private void submit(PendingRequest slot, int opcode, int flags, int socketId, long requestId, long operand,
                        int dataOffset, int dataLength) throws IOException {
        long park = 1;
        while (!jobs.offer(opcode, flags, socketId, requestId, operand, dataOffset, dataLength)) {
            IOException detached = detachedFailure();
            if (detached != null) {
                slot.state.set(PendingRequest.ABANDONED);
                throw detached;
            }
            if (park < 64) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(Math.min(park, MAX_RING_FULL_PARK_NANOS));
            }
            park <<= 1;
        }
    }

    private void await(PendingRequest slot, ChannelSocket owner, Completion into) throws IOException {
        long start = System.nanoTime();
        long park = MIN_AWAIT_PARK_NANOS;
        while (true) {
            if (slot.state.get() == PendingRequest.DONE) {
                into.set(slot.result, slot.dataOffset, slot.dataLength, slot.socket);
                pending.release(slot);
                return;
            }
            IOException failure = failureFor(owner);
            if (failure != null) {
                if (slot.state.compareAndSet(PendingRequest.PENDING, PendingRequest.ABANDONED)) {
                    throw failure;
                }
                continue;
            }
            if (completions.tryDrain(SPIN_DRAIN_LIMIT) > 0) {
                continue;
            }
            long waited = System.nanoTime() - start;
            if (waited < AWAIT_SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (waited < AWAIT_SPIN_NANOS + AWAIT_YIELD_NANOS) {
                Thread.yield();
            } else if (waited > SELF_DRAIN_NANOS) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, park);
                park = Math.min(park << 1, MAX_AWAIT_PARK_NANOS);
            }
        }
    }
}
