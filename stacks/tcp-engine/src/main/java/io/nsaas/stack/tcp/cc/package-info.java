/**
 * Congestion control: the {@link io.nsaas.stack.tcp.cc.CongestionControl} SPI (modeled on Linux
 * {@code tcp_congestion_ops}, with its calling protocol), the read-only sender view and per-ACK sample
 * it receives, shared window-growth functions ({@link io.nsaas.stack.tcp.cc.SlowStart}), the RFC 6928
 * initial window, NewReno, and registration checks with a Reno fallback
 * ({@link io.nsaas.stack.tcp.cc.CongestionControls}).
 */
package io.nsaas.stack.tcp.cc;
