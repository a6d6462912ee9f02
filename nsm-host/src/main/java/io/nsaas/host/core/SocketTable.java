package io.nsaas.host.core;

import org.agrona.collections.Int2IntHashMap;

/**
 * The tenant's sockets: host-assigned tenant socket ids mapped both ways to the stack's socket ids.
 *
 * <pre>
 *  tenant socket id (i32, never negative)
 *  31 30                         indexBits indexBits-1             0
 *  +--+------------------------------------+------------------------+
 *  |0 |        generation (never 0)        |       slot index       |
 *  +--+------------------------------------+------------------------+
 * </pre>
 *
 * A slot's generation changes every time the slot is released, and each table starts its slots at a
 * generation drawn from a process-wide attachment counter, so the id of a closed socket, an id the
 * host never issued (generation 0 included) and an id from an earlier attachment do not name an
 * open socket ({@link #slotOf} returns -1 and the engine answers {@code -EBADF}).
 *
 * <p>Threading: the tenant's NSM thread only. No allocation after construction except when the
 * stack-id map grows past its initial capacity.
 */
final class SocketTable {
    static final int NONE = -1;
    private static final int GENERATION_STRIDE = 0x9E37_79B1;

    private final int capacity;
    private final int indexBits;
    private final int generationMask;
    private final int[] stackSockets;
    private final int[] generations;
    private final int[] freeSlots;
    private int freeCount;
    private final Int2IntHashMap slotByStackSocket;

    /**
     * @param capacity   slots, at most 2^20
     * @param attachment a number that differs between attachments of the same tenant
     */
    SocketTable(int capacity, long attachment) {
        this.capacity = capacity;
        this.indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(capacity - 1));
        this.generationMask = (1 << (31 - indexBits)) - 1;
        this.stackSockets = new int[capacity];
        this.generations = new int[capacity];
        this.freeSlots = new int[capacity];
        this.slotByStackSocket = new Int2IntHashMap(Math.max(16, capacity * 2), 0.65f, NONE);
        int epoch = (int) (attachment * GENERATION_STRIDE);
        for (int slot = 0; slot < capacity; slot++) {
            stackSockets[slot] = NONE;
            generations[slot] = nonZero(epoch + slot * 7);
            freeSlots[capacity - 1 - slot] = slot;
        }
        freeCount = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** @return how many slots are in use */
    int open() {
        return capacity - freeCount;
    }

    boolean full() {
        return freeCount == 0;
    }

    /**
     * Takes a slot for a socket the stack just created.
     *
     * @return the slot, or {@link #NONE} when the table is full or the stack id is already mapped (a stack bug)
     */
    int allocate(int stackSocket) {
        if (freeCount == 0 || stackSocket < 0 || slotByStackSocket.get(stackSocket) != NONE) {
            return NONE;
        }
        int slot = freeSlots[--freeCount];
        stackSockets[slot] = stackSocket;
        slotByStackSocket.put(stackSocket, slot);
        return slot;
    }

    /** Frees {@code slot} and moves its generation on, so its tenant id stops naming a socket. */
    void release(int slot) {
        int stackSocket = stackSockets[slot];
        if (stackSocket == NONE) {
            return;
        }
        slotByStackSocket.remove(stackSocket);
        stackSockets[slot] = NONE;
        generations[slot] = nonZero(generations[slot] + 1);
        freeSlots[freeCount++] = slot;
    }

    /** @return the tenant socket id of an open slot */
    int tenantId(int slot) {
        return generations[slot] << indexBits | slot;
    }

    /** @return the slot an open tenant socket id names, or {@link #NONE} */
    int slotOf(int tenantSocketId) {
        if (tenantSocketId < 0) {
            return NONE;
        }
        int slot = tenantSocketId & ((1 << indexBits) - 1);
        if (slot >= capacity || stackSockets[slot] == NONE || tenantSocketId >>> indexBits != generations[slot]) {
            return NONE;
        }
        return slot;
    }

    /** @return the slot of a stack socket id, or {@link #NONE} when the tenant has no socket for it */
    int slotOfStack(int stackSocket) {
        return slotByStackSocket.get(stackSocket);
    }

    /** @return the stack socket id of an open slot */
    int stackSocket(int slot) {
        return stackSockets[slot];
    }

    boolean inUse(int slot) {
        return stackSockets[slot] != NONE;
    }

    private int nonZero(int generation) {
        int masked = generation & generationMask;
        return masked == 0 ? 1 : masked;
    }
}
