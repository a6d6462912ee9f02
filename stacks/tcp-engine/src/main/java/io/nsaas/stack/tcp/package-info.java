/**
 * The TCP engine: RFC 9293 with the RFCs Linux implements around it, bundled into each packet-level stack
 * plugin. {@link io.nsaas.stack.tcp.TcpStack} is the {@link io.nsaas.spi.StackInstance}; plugins construct it
 * with a {@link io.nsaas.stack.tcp.TcpConfig} and a congestion-control factory.
 *
 * <pre>
 *  StackInstance calls          onPacket                         onTimer
 *        |                          |                               |
 *   TcpStack (socket table,   TcpSegment.parse -> ConnectionTable  ConnectionTimers (one host timer per
 *   bind/listen/accept/...)   (4-tuple demux, listeners, ports)    connection at its earliest deadline)
 *        |                          |                               |
 *        |                   SegmentArrival (3.10.7 per state)      | RTO / persist / delayed ACK /
 *        |                     |            |                       | keepalive / TIME_WAIT
 *        |             LossRecovery     DataReception               |
 *        |             (ACKs, SACK,     (window trim, reassembly,   |
 *        |             NewReno, RTO,    FIN, ACK policy)            |
 *        |             CongestionControl calls)                     |
 *        +-------------------> Transmitter (window/cwnd/Nagle/SWS; SegmentWriter -> StackHost.transmit)
 *                              Termination (abort, CLOSED, TIME_WAIT)
 *                              Ecn (RFC 3168 negotiation, ECT(0)/ECE/CWR bits, CE echo; used by the above)
 * </pre>
 *
 * <p>State lives in {@link io.nsaas.stack.tcp.Connection} (the TCB); the processing classes are one per
 * stack and hold no per-connection state, so an idle connection costs one TCB (about 600 bytes measured over
 * 10,000 connections, buffers are allocated on first use). Everything runs on the owning NSM thread; per
 * segment paths do not allocate.
 *
 * <p>Sub-packages: {@code wire} (segment parsing and writing), {@code cc} and {@code rtt} (congestion control
 * and RTO estimation), {@code buffer} and {@code sack} (send/receive buffers and the SACK scoreboard).
 */
package io.nsaas.stack.tcp;
