package io.nsaas.stack.kernel;

import java.util.Arrays;

/**
 * One instance's socket ids: small ints {@code 0..capacity-1} that the tenant sees, each mapped to a
 * kernel fd and the little state the stack keeps beside the kernel's. Tenants never see fds.
 *
 * <p>Every slot carries a generation that changes when the id is released, so an epoll datum
 * ({@link #token(int)}) that outlived its socket never reaches the socket that reuses the id.
 *
 * <p>Threading: not thread-safe; owned by one instance. Preallocated; nothing allocates after
 * construction.
 */
final class SocketTable {
    /** Opened (maybe bound), neither connecting, connected nor listening. */
    static final byte FRESH = 0;
    /** Non-blocking connect in progress; completion is reported by {@link EpollReadiness}. */
    static final byte CONNECTING = 1;
    /** Connected (by connect or accept). */
    static final byte CONNECTED = 2;
    /** Listening. */
    static final byte LISTENING = 3;
    /** The connection is gone and {@code onClosed} was raised; the id stays valid until close. */
    static final byte FINISHED = 4;

    private static final int FREE = -1;

    private final int[] fds;
    private final int[] generations;
    private final byte[] modes;
    private final boolean[] watched;
    private final boolean[] writeArmed;
    private final int[] pendingErrors;
    private final int[] freeIds;
    private int freeCount;

    SocketTable(int capacity) {
        fds = new int[capacity];
        generations = new int[capacity];
        modes = new byte[capacity];
        watched = new boolean[capacity];
        writeArmed = new boolean[capacity];
        pendingErrors = new int[capacity];
        freeIds = new int[capacity];
        Arrays.fill(fds, FREE);
        for (int i = 0; i < capacity; i++) {
            freeIds[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /** @return how many ids the table can hold */
    int capacity() {
        return fds.length;
    }

    /** @return whether every id is taken */
    boolean isFull() {
        return freeCount == 0;
    }

    /**
     * Takes a free id for {@code fd} (the most recently released first; initially the lowest), in mode {@link #FRESH} or {@link #CONNECTED}.
     *
     * @return the id, or -1 when the table is full
     */
    int allocate(int fd, byte mode) {
        if (freeCount == 0) {
            return -1;
        }
        int id = freeIds[--freeCount];
        fds[id] = fd;
        modes[id] = mode;
        watched[id] = false;
        writeArmed[id] = false;
        pendingErrors[id] = 0;
        return id;
    }

    /** Frees the id; its fd must already be closed. */
    void release(int id) {
        fds[id] = FREE;
        generations[id]++;
        freeIds[freeCount++] = id;
    }

    /** @return the kernel fd behind {@code id}, or -1 when {@code id} is not an open socket of this table */
    int fd(int id) {
        return id >= 0 && id < fds.length ? fds[id] : FREE;
    }

    /** @return the epoll datum for {@code id}: generation in the high 32 bits, id in the low 32 */
    long token(int id) {
        return (long) generations[id] << 32 | id;
    }

    /** @return the id a {@link #token} names, or -1 when that socket has since been released */
    int idOf(long token) {
        int id = (int) token;
        if (id < 0 || id >= fds.length || fds[id] == FREE || generations[id] != (int) (token >>> 32)) {
            return -1;
        }
        return id;
    }

    byte mode(int id) {
        return modes[id];
    }

    void mode(int id, byte mode) {
        modes[id] = mode;
    }

    boolean watched(int id) {
        return watched[id];
    }

    void watched(int id, boolean value) {
        watched[id] = value;
    }

    boolean writeArmed(int id) {
        return writeArmed[id];
    }

    void writeArmed(int id, boolean value) {
        writeArmed[id] = value;
    }

    /** Remembers an error the stack consumed from {@code SO_ERROR} so the tenant still sees it once. */
    void pendingError(int id, int errno) {
        pendingErrors[id] = errno;
    }

    /** @return the remembered error (0 when none) and forgets it, as reading {@code SO_ERROR} does */
    int takePendingError(int id) {
        int errno = pendingErrors[id];
        pendingErrors[id] = 0;
        return errno;
    }

    /** @return whether an error is remembered */
    boolean hasPendingError(int id) {
        return pendingErrors[id] != 0;
    }
}
