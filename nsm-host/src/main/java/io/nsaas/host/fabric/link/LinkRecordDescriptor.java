package io.nsaas.host.fabric.link;

/**
 * One packet held by an {@link EmulatedLink}, as stored in the link's byte ring: a 32-byte header
 * then the packet, padded so the next record starts on a 32-byte boundary. Native byte order (the
 * ring never leaves the process).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            record length (header + packet + padding)          |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        packet length                          |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          flags (PADDING, REORDERED, DUPLICATED, DONE)         |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                copies still to deliver (0..2)                 | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       bit flipped in the first copy, -1 when not corrupt      | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      bit flipped in the second copy, -1 when not corrupt      | 20
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   time (ns): serialization done while queued, arrival once    | 24
 *  +                   on the wire                                 +
 *  |                                                               | 28
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                packet bytes, then padding ...                 | 32
 * </pre>
 *
 * <p>A PADDING record fills the end of the ring when the next record does not fit there; it holds
 * no packet. Stateless.
 */
final class LinkRecordDescriptor {
    static final int RECORD_LENGTH_OFFSET = 0;
    static final int PACKET_LENGTH_OFFSET = 4;
    static final int FLAGS_OFFSET = 8;
    static final int COPIES_OFFSET = 12;
    static final int FIRST_CORRUPT_BIT_OFFSET = 16;
    static final int SECOND_CORRUPT_BIT_OFFSET = 20;
    static final int TIME_OFFSET = 24;
    static final int HEADER_LENGTH = 32;
    /** Records start at multiples of this. */
    static final int ALIGNMENT = 32;

    /** Fills the end of the ring; holds no packet. */
    static final int FLAG_PADDING = 1;
    /** Skips the propagation delay. */
    static final int FLAG_REORDERED = 2;
    /** Arrives twice. */
    static final int FLAG_DUPLICATED = 4;
    /** Every copy was delivered; the space may be reused. */
    static final int FLAG_DONE = 8;

    private LinkRecordDescriptor() {
    }

    /** @return the ring bytes a packet of {@code packetLength} bytes takes, header and padding included */
    static int recordLength(int packetLength) {
        return HEADER_LENGTH + ((packetLength + ALIGNMENT - 1) & -ALIGNMENT);
    }
}
