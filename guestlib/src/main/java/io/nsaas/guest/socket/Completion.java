package io.nsaas.guest.socket;

/**
 * The outcome of one NQE request as {@link SocketTransport#execute} hands it back: the result
 * ({@code >= 0} or {@code -errno}), the host-rx chunk range of RECV / GETSOCKOPT / INFO results,
 * and the socket a successful SOCKET or ACCEPT created.
 *
 * <p>Ownership: a reusable holder owned by one thread at a time (a socket keeps one for its reader
 * and one for its writer, each used under that side's lock); no allocation on reuse.
 */
public final class Completion {
    private long result;
    private int dataOffset;
    private int dataLength;
    private ChannelSocket socket;

    /** Stores a completion's values. @return this */
    public Completion set(long result, int dataOffset, int dataLength, ChannelSocket socket) {
        this.result = result;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
        this.socket = socket;
        return this;
    }

    /** @return the result: {@code >= 0} or {@code -errno} */
    public long result() {
        return result;
    }

    /** @return the data offset of a host-rx chunk range, 0 when the completion names none */
    public int dataOffset() {
        return dataOffset;
    }

    /** @return the length of that range */
    public int dataLength() {
        return dataLength;
    }

    /** @return the socket a successful SOCKET or ACCEPT created (already registered for events), else null */
    public ChannelSocket socket() {
        return socket;
    }
}
