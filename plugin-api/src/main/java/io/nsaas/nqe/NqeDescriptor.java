package io.nsaas.nqe;

import java.nio.ByteOrder;

/**
 * The layout of one NQE (NetKernel Queue Element): a fixed 32-byte little-endian record. Requests
 * travel guest to host on the job ring; completions and events travel host to guest on the
 * completion and event rings. Each NQE is one ring record of message type {@link #MSG_TYPE_ID} and
 * length {@link #LENGTH}.
 *
 * <pre>
 *  0       1       2               4                               8
 *  +-------+-------+---------------+-------------------------------+
 *  |opcode | flags |  queue set    |          socket id (i32)      |
 *  +-------+-------+---------------+-------------------------------+
 *  8                                                              16
 *  |                     request id (i64)                          |
 *  16                                                             24
 *  |             operand (i64) / result in completions             |
 *  24                              28                             32
 *  |        data offset (i32)      |       data length (i32)       |
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * <ul>
 *   <li><b>opcode</b> (u8): see {@link Opcode}; 0 is never valid.</li>
 *   <li><b>flags</b> (u8): {@link #FLAG_NONBLOCK}, {@link #FLAG_MORE}; every other bit must be 0.</li>
 *   <li><b>queue set</b> (u16): the queue set whose completion ring gets the answer; ABI 1.0 regions
 *       have exactly one ({@link RegionLayout#QUEUE_SET_COUNT}), so it is 0.</li>
 *   <li><b>socket id</b> (i32): the tenant's socket, or {@link #NO_SOCKET} where none applies.</li>
 *   <li><b>request id</b> (i64): chosen by the guest, opaque to the host, echoed in the completion.</li>
 *   <li><b>operand</b> (i64): the request's argument; in a completion the result, {@code >= 0} or
 *       {@code -errno}; in an event the event's value. Per-opcode meaning: {@link Opcode}.</li>
 *   <li><b>data offset</b>, <b>data length</b> (i32 each): a byte range of the region's data area,
 *       offset counted from the start of the data area ({@link RegionLayout#dataAreaOffset()}).</li>
 * </ul>
 *
 * <p>Fields an opcode does not use must be 0 (the request id excepted), so later minor versions can
 * give them meaning.
 */
public final class NqeDescriptor {
    /** Byte order of every multi-byte field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    public static final int OPCODE_OFFSET = 0;
    public static final int FLAGS_OFFSET = 1;
    public static final int QUEUE_SET_OFFSET = 2;
    public static final int SOCKET_ID_OFFSET = 4;
    public static final int REQUEST_ID_OFFSET = 8;
    public static final int OPERAND_OFFSET = 16;
    public static final int DATA_OFFSET_OFFSET = 24;
    public static final int DATA_LENGTH_OFFSET = 28;

    /** Length of one NQE in bytes. */
    public static final int LENGTH = 32;

    /** Agrona ring buffer message type id of an NQE record (agrona requires type ids > 0). */
    public static final int MSG_TYPE_ID = 1;

    /** Request hint: never hold the request; answer {@code -EAGAIN}/{@code -EINPROGRESS} at once. */
    public static final int FLAG_NONBLOCK = 0x01;

    /** SEND hint, as Linux {@code MSG_MORE}: more data follows, the stack may delay a short segment. */
    public static final int FLAG_MORE = 0x02;

    /** Every flag bit ABI 1.0 defines. */
    public static final int KNOWN_FLAGS = FLAG_NONBLOCK | FLAG_MORE;

    /** The socket id of NQEs that name no socket (NOP, SOCKET). */
    public static final int NO_SOCKET = -1;

    /** Largest queue set number the u16 field holds. */
    public static final int MAX_QUEUE_SET = 0xFFFF;

    private NqeDescriptor() {
    }
}
