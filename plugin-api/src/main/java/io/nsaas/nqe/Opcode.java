package io.nsaas.nqe;

/**
 * The NQE opcodes of ABI 1.0 and what each {@link NqeDescriptor} field means for each of them.
 * Unless a row says otherwise, a request's socket id names an open socket, and its operand, data
 * offset and data length are 0. "Chunk range" means a data offset and length inside one chunk of
 * the data area; offsets count from the start of the data area.
 *
 * <p><b>Requests</b> (guest to host, job ring). Every request is answered by exactly one completion.
 * <table>
 *   <caption>Request fields</caption>
 *   <tr><th>opcode</th><th>socket id</th><th>operand</th><th>data offset / length</th></tr>
 *   <tr><td>NOP 0x01</td><td>-1</td><td>0</td><td>0 / 0</td></tr>
 *   <tr><td>SOCKET 0x02</td><td>-1</td><td>0 (IPv4 TCP only)</td><td>0 / 0</td></tr>
 *   <tr><td>BIND 0x03</td><td>socket</td><td>local endpoint, {@link io.nsaas.spi.Endpoint} packed,
 *       in [0, 2^48)</td><td>0 / 0</td></tr>
 *   <tr><td>LISTEN 0x04</td><td>socket</td><td>backlog in [0, 2^31)</td><td>0 / 0</td></tr>
 *   <tr><td>ACCEPT 0x05</td><td>listening socket</td><td>0</td><td>0 / 0</td></tr>
 *   <tr><td>CONNECT 0x06</td><td>socket</td><td>remote endpoint, packed, in [0, 2^48)</td><td>0 / 0</td></tr>
 *   <tr><td>SEND 0x07</td><td>socket</td><td>0</td><td>chunk range in the guest-tx area holding the
 *       bytes (length may be 0); the host owns the chunk until the completion</td></tr>
 *   <tr><td>RECV 0x08</td><td>socket</td><td>max bytes in [1, chunk size]</td><td>0 / 0</td></tr>
 *   <tr><td>SHUTDOWN 0x09</td><td>socket</td><td>how: 0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR</td><td>0 / 0</td></tr>
 *   <tr><td>CLOSE 0x0A</td><td>socket</td><td>0</td><td>0 / 0</td></tr>
 *   <tr><td>SETSOCKOPT 0x0B</td><td>socket</td><td>option code ({@link io.nsaas.spi.SocketOption#code()})
 *       zero-extended: [0, 2^32)</td><td>NUMERIC option: the 64-bit value, low 32 bits in data
 *       offset, high 32 bits in data length ({@link NqeFlyweight#optionValue()}); BYTES option: chunk
 *       range in the guest-tx area holding the bytes</td></tr>
 *   <tr><td>GETSOCKOPT 0x0C</td><td>socket</td><td>option code, as SETSOCKOPT</td><td>0 / 0</td></tr>
 *   <tr><td>GETSOCKNAME 0x0D</td><td>socket</td><td>0</td><td>0 / 0</td></tr>
 *   <tr><td>GETPEERNAME 0x0E</td><td>socket</td><td>0</td><td>0 / 0</td></tr>
 *   <tr><td>INFO 0x0F</td><td>socket</td><td>0</td><td>0 / 0</td></tr>
 * </table>
 *
 * <p><b>Flags.</b> {@link NqeDescriptor#FLAG_NONBLOCK} on any request: the host answers at once
 * ({@code -EAGAIN}, {@code -EINPROGRESS}) instead of holding the request until it can make progress.
 * {@link NqeDescriptor#FLAG_MORE} only on SEND.
 *
 * <p><b>Completions</b> (host to guest, completion ring): opcode = request opcode |
 * {@link #COMPLETION_BIT}; flags 0; queue set, socket id and request id copied from the request;
 * operand = result, {@code >= 0} or {@code -errno} ({@link io.nsaas.spi.Errno}). Completions may
 * arrive out of request order (a held request completes later); match them by request id. Results:
 * SOCKET and ACCEPT the new socket id (ask GETPEERNAME for the peer); SEND the bytes accepted, fewer
 * than asked when the send buffer fills; CONNECT 0 or
 * {@code -EINPROGRESS} (then EV_CONNECTED or EV_CLOSED); GETSOCKOPT of a NUMERIC option its value;
 * GETSOCKNAME and GETPEERNAME the packed endpoint; the rest 0. When RECV, GETSOCKOPT of a BYTES
 * option or INFO succeed with a result {@code > 0}, data offset / length name a chunk range in the
 * host-rx area that now belongs to the guest, which returns the chunk on the host-rx free-chunk ring
 * after reading it (RECV result 0 means end of stream and names no chunk). INFO fills the chunk
 * with a tcp_info record; that record's layout is not part of ABI 1.0 yet. {@link #REJECTED} answers
 * a job-ring record whose opcode is not a request: operand {@code -EINVAL}, request id echoed.
 *
 * <p><b>Tx chunk return.</b> For a SEND, and a SETSOCKOPT of a BYTES option, whose data offset lies
 * in the guest-tx area ({@link RegionLayout#txChunkIndex(int)} {@code >= 0}), the host puts that chunk
 * index back on the guest-tx free-chunk ring before posting the completion, whatever the result
 * (also when validation rejected the request for another field). Otherwise no chunk comes back. A
 * guest that names a chunk it does not hold only corrupts its own free list; when that ring is full
 * the host drops the index.
 *
 * <p><b>Events</b> (host to guest, event ring): request id 0, flags 0, queue set 0; socket id names
 * the socket. EV_CLOSED's operand is the errno that ended the connection, 0 for an orderly close;
 * EV_DATA's data offset / length name a chunk range in the host-rx area holding received bytes (the
 * guest owns and returns the chunk as for RECV); every other event has operand 0 and no data.
 *
 * <p>Pure functions of an int; no allocation ({@link #name(int)} returns interned constants).
 */
public final class Opcode {
    /** Set in the opcode of every completion. */
    public static final int COMPLETION_BIT = 0x80;

    public static final int NOP = 0x01;
    public static final int SOCKET = 0x02;
    public static final int BIND = 0x03;
    public static final int LISTEN = 0x04;
    public static final int ACCEPT = 0x05;
    public static final int CONNECT = 0x06;
    public static final int SEND = 0x07;
    public static final int RECV = 0x08;
    public static final int SHUTDOWN = 0x09;
    public static final int CLOSE = 0x0A;
    public static final int SETSOCKOPT = 0x0B;
    public static final int GETSOCKOPT = 0x0C;
    public static final int GETSOCKNAME = 0x0D;
    public static final int GETPEERNAME = 0x0E;
    public static final int INFO = 0x0F;

    /** The completion of a job-ring record whose opcode is not a request (operand {@code -EINVAL}). */
    public static final int REJECTED = COMPLETION_BIT;

    public static final int EV_CONNECTED = 0x21;
    public static final int EV_READABLE = 0x22;
    public static final int EV_WRITABLE = 0x23;
    public static final int EV_ACCEPTABLE = 0x24;
    /** Operand: errno that ended the connection, 0 for an orderly close. */
    public static final int EV_CLOSED = 0x25;
    /** Data offset / length: received bytes, already copied into a host-rx chunk now owned by the guest. */
    public static final int EV_DATA = 0x26;

    static final int FIRST_REQUEST = NOP;
    static final int LAST_REQUEST = INFO;
    static final int FIRST_EVENT = EV_CONNECTED;
    static final int LAST_EVENT = EV_DATA;

    private static final String[] NAMES = names();

    private Opcode() {
    }

    /** @return whether {@code opcode} is a request the job ring may carry */
    public static boolean isRequest(int opcode) {
        return opcode >= FIRST_REQUEST && opcode <= LAST_REQUEST;
    }

    /** @return whether {@code opcode} is a completion, including {@link #REJECTED} */
    public static boolean isCompletion(int opcode) {
        return opcode == REJECTED || (opcode & COMPLETION_BIT) != 0 && isRequest(opcode ^ COMPLETION_BIT);
    }

    /** @return whether {@code opcode} is an event */
    public static boolean isEvent(int opcode) {
        return opcode >= FIRST_EVENT && opcode <= LAST_EVENT;
    }

    /** @return whether {@code opcode} is any opcode of ABI 1.0 */
    public static boolean isValid(int opcode) {
        return isRequest(opcode) || isCompletion(opcode) || isEvent(opcode);
    }

    /**
     * @return the completion opcode answering {@code request}
     * @throws IllegalArgumentException when {@code request} is not a request opcode
     */
    public static int completionOf(int request) {
        if (!isRequest(request)) {
            throw new IllegalArgumentException("opcode " + hex(request) + " is not a request (0x01..0x0F)");
        }
        return request | COMPLETION_BIT;
    }

    /**
     * @return the request opcode a completion answers
     * @throws IllegalArgumentException when {@code completion} is not the completion of a request
     *                                  ({@link #REJECTED} answers none)
     */
    public static int requestOf(int completion) {
        if (completion == REJECTED || !isCompletion(completion)) {
            throw new IllegalArgumentException("opcode " + hex(completion) + " is not the completion of a request");
        }
        return completion ^ COMPLETION_BIT;
    }

    /**
     * @return the symbolic name: {@code "SEND"}, {@code "SEND_COMPLETION"}, {@code "EV_DATA"},
     *         {@code "REJECTED"}, or {@code "0x3F"} style hex for an unknown value in 0..255, or
     *         {@code "INVALID"} outside 0..255; never allocates
     */
    public static String name(int opcode) {
        return opcode >= 0 && opcode < NAMES.length ? NAMES[opcode] : "INVALID";
    }

    private static String[] names() {
        String[] requests = {
            "NOP", "SOCKET", "BIND", "LISTEN", "ACCEPT", "CONNECT", "SEND", "RECV", "SHUTDOWN", "CLOSE",
            "SETSOCKOPT", "GETSOCKOPT", "GETSOCKNAME", "GETPEERNAME", "INFO"};
        String[] events = {"EV_CONNECTED", "EV_READABLE", "EV_WRITABLE", "EV_ACCEPTABLE", "EV_CLOSED", "EV_DATA"};
        String[] names = new String[256];
        for (int i = 0; i < names.length; i++) {
            names[i] = hex(i);
        }
        for (int i = 0; i < requests.length; i++) {
            names[FIRST_REQUEST + i] = requests[i];
            names[(FIRST_REQUEST + i) | COMPLETION_BIT] = requests[i] + "_COMPLETION";
        }
        for (int i = 0; i < events.length; i++) {
            names[FIRST_EVENT + i] = events[i];
        }
        names[REJECTED] = "REJECTED";
        return names;
    }

    private static String hex(int value) {
        return String.format("0x%02X", value);
    }
}
