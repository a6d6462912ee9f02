/**
 * Round-trip time estimation and the retransmission timeout (RFC 6298). Used by the sender on its
 * connection's thread; no allocation per sample.
 */
package io.nsaas.stack.tcp.rtt;
