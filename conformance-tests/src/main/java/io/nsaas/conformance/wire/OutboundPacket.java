package io.nsaas.conformance.wire;

/**
 * One packet the stack under test sent.
 *
 * @param atNanos when it was sent, nanoseconds since the script started
 * @param ipv4    the complete IPv4 packet as it went out (owned by the receiver)
 */
public record OutboundPacket(long atNanos, byte[] ipv4) {
}
