package io.nsaas.stack.tcp.wire;

/**
 * The TCP header (RFC 9293 section 3.1) and its options (RFC 9293 section 3.2), network byte order.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Sequence Number                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Acknowledgment Number                      |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Data |       |C|E|U|A|P|R|S|F|                               |
 *  | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             | 12
 *  |       |       |R|E|G|K|H|T|N|N|                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |         Urgent Pointer        | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (Data Offset > 5)                  | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Options (RFC 9293 3.2) are either a single kind byte (End of Option List, No-Operation) or
 * kind, length (counting kind and length) and data:
 *
 * <pre>
 *  kind 0  EOL             1 byte                     RFC 9293 3.2
 *  kind 1  NOP             1 byte                     RFC 9293 3.2
 *  kind 2  MSS             len 4: 16-bit MSS          RFC 9293 3.2, 3.7.1
 *  kind 3  Window Scale    len 3: shift count         RFC 7323 2.2
 *  kind 4  SACK-Permitted  len 2                      RFC 2018 2
 *  kind 5  SACK            len 2+8n: n (left,right)   RFC 2018 3
 *  kind 8  Timestamps      len 10: TSval, TSecr       RFC 7323 3.2
 * </pre>
 *
 * <p>The checksum covers a pseudo-header (source and destination address, zero, protocol 6, TCP
 * length; RFC 9293 3.1), the header and the data. Stateless.
 */
public final class TcpHeaderDescriptor {
    public static final int SOURCE_PORT_OFFSET = 0;
    public static final int DESTINATION_PORT_OFFSET = 2;
    public static final int SEQ_OFFSET = 4;
    public static final int ACK_OFFSET = 8;
    /** Data offset in the high nibble (32-bit words), reserved bits in the low nibble. */
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_POINTER_OFFSET = 18;
    public static final int OPTIONS_OFFSET = 20;

    /** Header length without options. */
    public static final int MIN_LENGTH = 20;
    /** Header length with the most options a 4-bit data offset allows. */
    public static final int MAX_LENGTH = 60;
    /** Option bytes at most: {@code MAX_LENGTH - MIN_LENGTH}. */
    public static final int MAX_OPTIONS_LENGTH = MAX_LENGTH - MIN_LENGTH;
    /** The IP protocol number of TCP (RFC 9293 3.1, pseudo-header PTCL). */
    public static final int PROTOCOL = 6;

    public static final int KIND_EOL = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_SACK = 5;
    public static final int KIND_TIMESTAMPS = 8;

    public static final int LENGTH_MSS = 4;
    public static final int LENGTH_WINDOW_SCALE = 3;
    public static final int LENGTH_SACK_PERMITTED = 2;
    /** SACK option length without blocks; each block adds {@link #SACK_BLOCK_LENGTH}. */
    public static final int LENGTH_SACK_BASE = 2;
    public static final int SACK_BLOCK_LENGTH = 8;
    public static final int LENGTH_TIMESTAMPS = 10;

    /** The largest window shift a receiver may use (RFC 7323 2.3). */
    public static final int MAX_WINDOW_SCALE = 14;

    private TcpHeaderDescriptor() {
    }
}
