package io.nsaas.stack.tcp.wire;

/**
 * The IPv4 header fields the TCP engine reads and writes (RFC 791 section 3.1), network byte order.
 * (nsm-host has its own fuller descriptor; the engine cannot depend on the host, so the offsets
 * are restated here.)
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |   DSCP    |ECN|          Total Length         |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |0|D|M|      Fragment Offset    |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          | 12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        | 16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The ECN field is the low two bits of the former Type of Service byte (RFC 3168 section 5).
 */
final class Ipv4HeaderDescriptor {
    static final int VERSION_IHL_OFFSET = 0;
    static final int TOS_OFFSET = 1;
    static final int TOTAL_LENGTH_OFFSET = 2;
    static final int IDENTIFICATION_OFFSET = 4;
    static final int FLAGS_FRAGMENT_OFFSET = 6;
    static final int TTL_OFFSET = 8;
    static final int PROTOCOL_OFFSET = 9;
    static final int CHECKSUM_OFFSET = 10;
    static final int SOURCE_OFFSET = 12;
    static final int DESTINATION_OFFSET = 16;

    static final int MIN_LENGTH = 20;
    static final int MAX_PACKET_LENGTH = 0xFFFF;
    /** Version 4, IHL 5: a header without options. */
    static final int VERSION_IHL_NO_OPTIONS = 0x45;
    /** Don't Fragment (RFC 791 3.1 flags bit 1), in the 16-bit flags/fragment-offset word. */
    static final int DONT_FRAGMENT = 0x4000;
    /** More Fragments (RFC 791 3.1 flags bit 2). */
    static final int MORE_FRAGMENTS = 0x2000;
    static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    static final int ECN_MASK = 0x3;
    /** Linux's default TTL (net.ipv4.ip_default_ttl). */
    static final int DEFAULT_TTL = 64;

    private Ipv4HeaderDescriptor() {
    }
}
