package io.nsaas.guest.socket;

import java.io.IOException;
import org.agrona.concurrent.AtomicBuffer;

/**
 * What a {@link ChannelSocket} needs from the NQE channel it runs over: submitting a request and
 * waiting for its completion, tx chunks to fill, the data area, and returning rx chunks. The channel
 * ({@code io.nsaas.guest.channel}) implements it; the socket package does not see the rings.
 *
 * <p>Threading: every method may be called from any application thread at once.
 */
public interface SocketTransport {

    /**
     * Submits one request on the job ring and waits for its completion (a non-blocking request is
     * answered at once; a blocking one may be held by the host until it can make progress).
     *
     * @param into   receives the completion
     * @param owner  the socket the request belongs to: when it is closed while waiting, the wait ends
     *               with "Socket closed" (the late completion is then cleaned up by the channel:
     *               rx chunks returned, accepted sockets closed); null for requests of no socket
     * @throws IOException "Socket closed" as above, or the detach failure once the guest is detached
     */
    void execute(Completion into, int opcode, int flags, int socketId, long operand, int dataOffset,
                 int dataLength, ChannelSocket owner) throws IOException;

    /**
     * Submits a blocking SEND of a filled tx chunk without waiting: the chunk belongs to the host from
     * now on, and the completion reaches {@code owner.onSendCompleted} on whichever guest thread
     * drains the completion ring.
     *
     * @throws IOException the detach failure once the guest is detached (nothing was submitted)
     */
    void submitSend(ChannelSocket owner, int dataOffset, int length) throws IOException;

    /** Dispatches waiting completions unless another thread is doing so. @return how many */
    int pollCompletions();

    /**
     * Takes a free guest-tx chunk for this thread to fill and SEND.
     *
     * @param timeoutNanos {@code < 0} do not wait, {@code 0} wait as long as it takes, {@code > 0} at most that long
     * @return the chunk's data offset, or -1 when none became free in time
     * @throws IOException when {@code owner} is closed or the guest detached while waiting
     */
    int takeTxChunk(ChannelSocket owner, long timeoutNanos) throws IOException;

    /** Gives back a tx chunk that was taken but never sent. */
    void untakeTxChunk(int dataOffset);

    /** @return the data area; NQE data offsets index it */
    AtomicBuffer dataArea();

    /** @return the chunk size: the largest RECV and the largest SEND payload */
    int chunkSize();

    /** @return whether {@code [dataOffset, dataOffset + length)} lies inside one host-rx chunk, length > 0 */
    boolean isRxRange(int dataOffset, int length);

    /** Returns the host-rx chunk holding {@code dataOffset} to the host (ignored when outside the rx area). */
    void returnRxChunk(int dataOffset);

    /** Forgets a closed socket: its id no longer receives events. */
    void forget(ChannelSocket socket);

    /** @return the exception for operations once detached, or null while attached */
    IOException detachedFailure();
}
