package io.nsaas.guest.channel;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

/**
 * The requests in flight, found by request id without a map: a request id is
 * {@code generation << INDEX_BITS | slot index}, so a completion names its slot directly and a stale
 * or forged id (wrong generation) matches nothing. Free slots wait in a lock-free queue.
 *
 * <p>Threading: any thread acquires and releases; the event thread looks up. No allocation after
 * construction.
 */
final class PendingTable {
    static final int INDEX_BITS = 12;
    static final int SIZE = 1 << INDEX_BITS;
    private static final long INDEX_MASK = SIZE - 1;

    private final PendingRequest[] slots = new PendingRequest[SIZE];
    private final ManyToManyConcurrentArrayQueue<PendingRequest> free = new ManyToManyConcurrentArrayQueue<>(SIZE);

    PendingTable() {
        for (int i = 0; i < SIZE; i++) {
            slots[i] = new PendingRequest(i);
            free.offer(slots[i]);
        }
    }

    /** @return a free slot, or null when all {@link #SIZE} are in flight */
    PendingRequest tryAcquire() {
        return free.poll();
    }

    /** Frees a slot its owner is done with. */
    void release(PendingRequest slot) {
        slot.waiter = null;
        slot.socket = null;
        slot.sender = null;
        slot.state.set(PendingRequest.FREE);
        free.offer(slot);
    }

    /** @return the slot in flight with this request id, or null when none is (stale, forged or 0) */
    PendingRequest lookup(long requestId) {
        PendingRequest slot = slots[(int) (requestId & INDEX_MASK)];
        int state = slot.state.get();
        return slot.requestId == requestId && (state == PendingRequest.PENDING || state == PendingRequest.ABANDONED
            || state == PendingRequest.ASYNC_SEND)
            ? slot : null;
    }

    /** Unparks every thread waiting on a request (detach). */
    void wakeAll() {
        for (PendingRequest slot : slots) {
            Thread waiter = slot.waiter;
            if (waiter != null && slot.state.get() == PendingRequest.PENDING) {
                java.util.concurrent.locks.LockSupport.unpark(waiter);
            }
        }
    }
}
