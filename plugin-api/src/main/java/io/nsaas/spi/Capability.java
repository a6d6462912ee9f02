package io.nsaas.spi;

/**
 * A feature a stack declares in its {@link StackDescriptor}. The host and the conformance suite
 * use these to decide which tests and which wiring apply.
 */
public enum Capability {
    /** The stack builds IPv4/TCP packets itself and exchanges them through {@link StackHost#transmit}. */
    PACKET_LEVEL,
    /** The stack runs sockets on some other socket layer (the host kernel) and ignores the fabric. */
    SOCKET_LEVEL,
    /** Explicit congestion notification (RFC 3168). */
    ECN,
    /** Selective acknowledgements (RFC 2018). */
    SACK,
    /** Paced transmission. */
    PACING,
    /** Timestamps and window scaling (RFC 7323). */
    TIMESTAMPS
}
