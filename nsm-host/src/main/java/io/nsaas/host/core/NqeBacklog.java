package io.nsaas.host.core;

import io.nsaas.nqe.NqeDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bounded FIFO of 32-byte NQEs the host could not post yet because the tenant's ring was full.
 * Preallocated; never allocates after construction.
 *
 * <p>Threading: the tenant's NSM thread only.
 */
final class NqeBacklog {
    private final UnsafeBuffer records;
    private final int capacity;
    private long head;
    private long tail;

    NqeBacklog(int capacity) {
        this.capacity = capacity;
        this.records = new UnsafeBuffer(new byte[capacity * NqeDescriptor.LENGTH]);
    }

    boolean isEmpty() {
        return head == tail;
    }

    int size() {
        return (int) (tail - head);
    }

    /** @return false when the backlog is full (nothing was added) */
    boolean offer(DirectBuffer src, int offset) {
        if (tail - head == capacity) {
            return false;
        }
        records.putBytes(position(tail), src, offset, NqeDescriptor.LENGTH);
        tail++;
        return true;
    }

    /** @return the buffer holding the oldest NQE, at {@link #peekOffset()}; only when not empty */
    UnsafeBuffer buffer() {
        return records;
    }

    /** @return the offset of the oldest NQE in {@link #buffer()} */
    int peekOffset() {
        return position(head);
    }

    /** Drops the oldest NQE. */
    void remove() {
        head++;
    }

    private int position(long sequence) {
        return (int) (sequence % capacity) * NqeDescriptor.LENGTH;
    }
}
