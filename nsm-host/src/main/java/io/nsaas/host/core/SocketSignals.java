package io.nsaas.host.core;

import io.nsaas.nqe.Opcode;
import org.agrona.collections.IntArrayQueue;

/**
 * What the stack reported per socket slot and the engine has not acted on yet. Stack events only
 * set bits here (the host must not call back into the stack from an event method); the engine's
 * duty cycle then serves held requests ({@link #takeServe}) and posts events ({@link #emitBits}).
 * While the event ring is full, repeated events of one kind on one socket merge into one bit, so
 * the host keeps at most one pending event of each kind per socket and loses none of them.
 *
 * <p>Threading: the tenant's NSM thread only; allocation-free after warm-up.
 */
final class SocketSignals {
    /** Event bits, in the order the engine posts them. */
    static final int CONNECTED = 1;
    static final int ACCEPTABLE = 1 << 1;
    static final int WRITABLE = 1 << 2;
    static final int READABLE = 1 << 3;
    static final int CLOSED = 1 << 4;
    static final int[] ORDER = {CONNECTED, ACCEPTABLE, WRITABLE, READABLE, CLOSED};

    private final int[] serve;
    private final int[] emit;
    private final int[] closedErrno;
    private final boolean[] closed;
    private final boolean[] dirtyFlag;
    private final boolean[] waitsChunk;
    private final IntArrayQueue dirty;
    private final IntArrayQueue chunkWaiters;

    SocketSignals(int slots) {
        serve = new int[slots];
        emit = new int[slots];
        closedErrno = new int[slots];
        closed = new boolean[slots];
        dirtyFlag = new boolean[slots];
        waitsChunk = new boolean[slots];
        dirty = new IntArrayQueue(Math.max(IntArrayQueue.MIN_CAPACITY, slots), -1);
        chunkWaiters = new IntArrayQueue(Math.max(IntArrayQueue.MIN_CAPACITY, slots), -1);
    }

    /** Records {@code bits} both to serve held requests and to post as events. */
    void signal(int slot, int bits) {
        serve[slot] |= bits;
        emit[slot] |= bits;
        markDirty(slot);
    }

    /** Records that the stack ended the connection with {@code errno} (0: orderly). */
    void closed(int slot, int errno) {
        closed[slot] = true;
        closedErrno[slot] = errno;
        signal(slot, CLOSED);
    }

    /** Asks the engine to retry held requests of {@code bits} without posting an event. */
    void retry(int slot, int bits) {
        serve[slot] |= bits;
        markDirty(slot);
    }

    /** @return the bits to serve held requests for, clearing them */
    int takeServe(int slot) {
        int bits = serve[slot];
        serve[slot] = 0;
        return bits;
    }

    /** @return the bits still to post as events */
    int emitBits(int slot) {
        return emit[slot];
    }

    void emitted(int slot, int bit) {
        emit[slot] &= ~bit;
    }

    boolean pending(int slot) {
        return serve[slot] != 0 || emit[slot] != 0;
    }

    boolean isClosed(int slot) {
        return closed[slot];
    }

    int closedErrno(int slot) {
        return closedErrno[slot];
    }

    /** A new active open started on {@code slot}: forget an earlier close. */
    void reopened(int slot) {
        closed[slot] = false;
        closedErrno[slot] = 0;
    }

    void markDirty(int slot) {
        if (!dirtyFlag[slot]) {
            dirtyFlag[slot] = true;
            dirty.offerInt(slot);
        }
    }

    int dirtyCount() {
        return dirty.size();
    }

    /** @return the next dirty slot (no longer marked dirty) */
    int pollDirty() {
        int slot = dirty.pollInt();
        dirtyFlag[slot] = false;
        return slot;
    }

    /** {@code slot} holds a RECV that waits for a free host-rx chunk. */
    void waitForChunk(int slot) {
        if (!waitsChunk[slot]) {
            waitsChunk[slot] = true;
            chunkWaiters.offerInt(slot);
        }
    }

    boolean hasChunkWaiters() {
        return !chunkWaiters.isEmpty();
    }

    /** Marks every slot waiting for a chunk to retry its RECVs. */
    void wakeChunkWaiters() {
        for (int n = chunkWaiters.size(); n > 0; n--) {
            int slot = chunkWaiters.pollInt();
            waitsChunk[slot] = false;
            retry(slot, READABLE);
        }
    }

    /** Forgets everything about a released slot (it may sit in the queues; its bits are 0 then). */
    void clear(int slot) {
        serve[slot] = 0;
        emit[slot] = 0;
        closed[slot] = false;
        closedErrno[slot] = 0;
    }

    /** @return the event opcode of one bit */
    static int eventOpcode(int bit) {
        switch (bit) {
            case CONNECTED:
                return Opcode.EV_CONNECTED;
            case ACCEPTABLE:
                return Opcode.EV_ACCEPTABLE;
            case WRITABLE:
                return Opcode.EV_WRITABLE;
            case READABLE:
                return Opcode.EV_READABLE;
            case CLOSED:
                return Opcode.EV_CLOSED;
            default:
                throw new IllegalArgumentException("no event for bit " + bit);
        }
    }
}
