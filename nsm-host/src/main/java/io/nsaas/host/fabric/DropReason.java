package io.nsaas.host.fabric;

/** Why a fabric dropped a packet; each reason has its own counter ({@link Switch#drops(DropReason)}). */
public enum DropReason {
    /** offset/length outside the transmitted buffer (a caller bug, counted rather than thrown). */
    BAD_BUFFER_RANGE,
    /** Fewer bytes than the IPv4 header needs (20, or IHL * 4), or than the total length claims. */
    TRUNCATED,
    /** Version field is not 4. */
    BAD_VERSION,
    /** IHL below 5 words. */
    BAD_HEADER_LENGTH,
    /** Total length smaller than the header length. */
    BAD_TOTAL_LENGTH,
    /** Header checksum does not verify (RFC 1812 section 5.2.2). */
    BAD_CHECKSUM,
    /** A tenant port sent a packet whose source is not the tenant's address. */
    SPOOFED_SOURCE,
    /** No port owns the destination and there is no uplink. */
    NO_ROUTE,
    /** The packet is larger than the destination port's queue can hold in one record. */
    TOO_BIG,
    /** The destination port's inbound queue is full. */
    QUEUE_FULL,
    /** The sending port is closed (its tenant failed or left). */
    PORT_CLOSED
}
