package io.nsaas.host.core;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.Opcode;
import java.util.Arrays;
import org.agrona.ExpandableArrayBuffer;

/**
 * Blocking requests waiting for their socket (ACCEPT, CONNECT, SEND, RECV): private 32-byte copies of
 * the NQEs in one pool, threaded into a FIFO list per socket slot, with per-slot counts by opcode so
 * the engine can keep the order of same-kind requests.
 *
 * <p>Threading: the tenant's NSM thread only. The pool grows by doubling up to
 * {@code slots * maxPerSlot} records; after warm-up nothing allocates.
 */
final class HeldRequests {
    static final int END = -1;
    private static final int KINDS = 4;

    private final int maxPerSlot;
    private final int maxRecords;
    private final ExpandableArrayBuffer records;
    private final NqeFlyweight view = new NqeFlyweight();
    private int[] next;
    private int freeHead = END;
    private int allocated;
    private final int[] head;
    private final int[] tail;
    private final int[] count;
    private final int[] kindCount;
    private int total;

    HeldRequests(int slots, int maxPerSlot) {
        this.maxPerSlot = maxPerSlot;
        this.maxRecords = (int) Math.min(Integer.MAX_VALUE / NqeDescriptor.LENGTH, (long) slots * maxPerSlot);
        int initial = Math.min(maxRecords, 256);
        this.records = new ExpandableArrayBuffer(initial * NqeDescriptor.LENGTH);
        this.next = new int[initial];
        this.head = new int[slots];
        this.tail = new int[slots];
        this.count = new int[slots];
        this.kindCount = new int[slots * KINDS];
        Arrays.fill(head, END);
        Arrays.fill(tail, END);
    }

    /** @return whether {@code slot} holds as many requests as allowed */
    boolean full(int slot) {
        return count[slot] >= maxPerSlot || (freeHead == END && allocated == maxRecords);
    }

    int count(int slot) {
        return count[slot];
    }

    /** @return how many requests are held over all slots */
    int total() {
        return total;
    }

    /** @return how many requests with this opcode (ACCEPT, CONNECT, SEND or RECV) {@code slot} holds */
    int count(int slot, int opcode) {
        return kindCount[slot * KINDS + kind(opcode)];
    }

    /** Appends a copy of {@code request} to {@code slot}'s list; check {@link #full} first. */
    void hold(int slot, NqeFlyweight request) {
        int record = take();
        records.checkLimit((record + 1) * NqeDescriptor.LENGTH);
        view.wrap(records, record * NqeDescriptor.LENGTH).copyFrom(request.buffer(), request.offset());
        next[record] = END;
        if (tail[slot] == END) {
            head[slot] = record;
        } else {
            next[tail[slot]] = record;
        }
        tail[slot] = record;
        count[slot]++;
        kindCount[slot * KINDS + kind(request.opcode())]++;
        total++;
    }

    /** @return the first held record of {@code slot}, or {@link #END} */
    int first(int slot) {
        return head[slot];
    }

    /** @return the record after {@code record} in its slot's list, or {@link #END} */
    int next(int record) {
        return next[record];
    }

    /** @return the shared flyweight over {@code record}; valid until the next call of this method */
    NqeFlyweight request(int record) {
        return view.wrap(records, record * NqeDescriptor.LENGTH);
    }

    /** Unlinks {@code record}, whose predecessor in {@code slot}'s list is {@code previous} ({@link #END} for the head). */
    void remove(int slot, int record, int previous) {
        int following = next[record];
        if (previous == END) {
            head[slot] = following;
        } else {
            next[previous] = following;
        }
        if (tail[slot] == record) {
            tail[slot] = previous;
        }
        count[slot]--;
        kindCount[slot * KINDS + kind(records.getByte(record * NqeDescriptor.LENGTH) & 0xFF)]--;
        total--;
        next[record] = freeHead;
        freeHead = record;
    }

    private int take() {
        if (freeHead != END) {
            int record = freeHead;
            freeHead = next[record];
            return record;
        }
        if (allocated == next.length) {
            next = Arrays.copyOf(next, (int) Math.min(maxRecords, 2L * next.length));
        }
        return allocated++;
    }

    private static int kind(int opcode) {
        switch (opcode) {
            case Opcode.ACCEPT:
                return 0;
            case Opcode.CONNECT:
                return 1;
            case Opcode.SEND:
                return 2;
            case Opcode.RECV:
                return 3;
            default:
                throw new IllegalArgumentException("opcode " + Opcode.name(opcode) + " is never held");
        }
    }
}
