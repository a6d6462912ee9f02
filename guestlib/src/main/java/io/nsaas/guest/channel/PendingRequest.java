package io.nsaas.guest.channel;

import io.nsaas.guest.socket.ChannelSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One slot of the {@link PendingTable}: a request in flight and, once the event thread fills it,
 * its completion. Reused; its request id changes with every use.
 *
 * <p>States: FREE (in the table's free queue) -> PENDING (submitted, a thread waits) -> DONE (the
 * event thread stored the completion and unparked the waiter, who reads it and frees the slot), or
 * PENDING -> ABANDONED (the waiter gave up: socket closed or guest detached; the event thread cleans
 * up the late completion and frees the slot). Fire-and-forget requests start ABANDONED; pipelined
 * SENDs start ASYNC_SEND and whoever drains their completion hands it to the socket and frees the slot. The state
 * transitions are CASes; the plain completion fields are published by the DONE write.
 */
final class PendingRequest {
    static final int FREE = 0;
    static final int PENDING = 1;
    static final int DONE = 2;
    static final int ABANDONED = 3;
    /** A SEND nobody waits for: its completion goes to {@link #sender} ({@code ChannelSocket#onSendCompleted}). */
    static final int ASYNC_SEND = 4;

    final int index;
    final AtomicInteger state = new AtomicInteger(FREE);
    volatile long requestId;
    volatile Thread waiter;
    int generation;
    int opcode;
    long result;
    int dataOffset;
    int dataLength;
    ChannelSocket socket;
    /** The socket of an {@link #ASYNC_SEND}, and the bytes it carries. */
    ChannelSocket sender;
    int sendLength;

    PendingRequest(int index) {
        this.index = index;
    }

    /** Prepares the slot for a new request; the caller owns the slot. @return the new request id */
    long begin(int opcode, Thread waiter, int initialState, int indexBits) {
        return begin(opcode, waiter, initialState, indexBits, null, 0);
    }

    /** As {@link #begin(int, Thread, int, int)}, for an {@link #ASYNC_SEND} of {@code sendLength} bytes by {@code sender}. */
    long begin(int opcode, Thread waiter, int initialState, int indexBits, ChannelSocket sender, int sendLength) {
        generation++;
        this.opcode = opcode;
        this.waiter = waiter;
        this.result = 0;
        this.dataOffset = 0;
        this.dataLength = 0;
        this.socket = null;
        this.sender = sender;
        this.sendLength = sendLength;
        long id = ((long) generation << indexBits) | index;
        requestId = id;
        state.set(initialState);
        return id;
    }
}
