package io.nsaas.stack.tcp;

import io.nsaas.spi.Errno;
import io.nsaas.stack.tcp.buffer.ReceiveBuffer;
import io.nsaas.stack.tcp.cc.CwndEvent;
import io.nsaas.stack.tcp.wire.Seq;
import io.nsaas.stack.tcp.wire.TcpFlags;
import io.nsaas.stack.tcp.wire.TcpSegment;

/**
 * The receiving half (RFC 9293 3.10.7.4 seventh "segment text" and eighth "FIN"): trims a segment to the
 * window, stores it (in order or out of order) in the receive buffer, processes the FIN once every byte
 * before it arrived, and decides when to acknowledge: at once for out-of-order data, hole fills, FINs and
 * dropped data (RFC 5681 4.2), otherwise after more than one full-sized segment or on the delayed-ACK timer
 * (RFC 9293 3.8.6.3, Linux 40 ms). State of the segment being processed lives in fields (one segment at a
 * time on the NSM thread), so nothing allocates.
 */
final class DataReception {
    private final TcpStack stack;
    private int dataSeq;
    private int dataOffset;
    private int dataLength;
    private boolean fin;
    private boolean ackNow;

    DataReception(TcpStack stack) {
        this.stack = stack;
    }

    /** Trims the segment's text to [RCV.NXT, RCV.NXT + RCV.WND) (3.10.7.4 first, "trimmed"). */
    void beginSegment(Connection c, TcpSegment seg, int rcvWnd) {
        int seq = seg.seq();
        int length = seg.payloadLength();
        int offset = seg.payloadOffset();
        boolean hasFin = seg.has(TcpFlags.FIN);
        ackNow = false;
        int front = c.rcvNxt - seq;
        if (front > 0) {
            if (front >= length) {
                hasFin = hasFin && front == length;
                offset += length;
                length = 0;
            } else {
                offset += front;
                length -= front;
            }
            if (seg.payloadLength() > 0) {
                markDuplicate(c, seg.seq(), Math.min(front, seg.payloadLength()));
            }
            seq = c.rcvNxt;
            ackNow = true; // duplicate bytes: the peer missed our ACK
        }
        int right = c.rcvNxt + rcvWnd;
        if (Seq.gt(seq + length, right)) {
            length = Math.max(0, right - seq);
            hasFin = false;
            ackNow = true; // data beyond the window was dropped: tell the peer our window
        }
        dataSeq = seq;
        dataOffset = offset;
        dataLength = length;
        fin = hasFin;
    }

    /** Remembers {@code [seq, seq + length)} as received twice, for a D-SACK block (RFC 2883 4.1). */
    static void markDuplicate(Connection c, int seq, int length) {
        if (c.sackOk && length > 0) {
            c.dsackPending = true;
            c.dsackLeft = seq;
            c.dsackRight = seq + length;
        }
    }

    int dataLength() {
        return dataLength;
    }

    /** Seventh and eighth steps for the current segment. */
    void deliver(Connection c, TcpSegment seg) {
        if (dataLength > 0) {
            if (c.state.receivesData()) {
                if (c.isOrphan()) {
                    // Linux: data for a socket the user closed resets the connection
                    stack.termination.abort(c, Errno.ECONNRESET, true);
                    return;
                }
                receive(c, seg);
            } else {
                ackNow = true; // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: text after the FIN is ignored
            }
        }
        if (fin) {
            int finSeq = dataSeq + dataLength;
            if (Seq.gt(finSeq, c.rcvNxt)) {
                c.pendingFin = true; // out of order: processed when RCV.NXT reaches it
                c.pendingFinSeq = finSeq;
                ackNow = true;
            } else if (finSeq == c.rcvNxt && !c.finReceived) {
                acceptFin(c);
            } else if (c.finReceived) {
                ackNow = true;
                if (c.state == State.TIME_WAIT) {
                    stack.timers.set(c, Connection.TIMER_WAIT, stack.host.nanoTime() + stack.config.timeWaitNanos);
                }
            }
        }
    }

    private void receive(Connection c, TcpSegment seg) {
        if (stack.ecn.onData(c, seg)) {
            ackNow = true; // RFC 3168 6.1.3 / RFC 8257 3.2: the echo changed
        }
        ReceiveBuffer buffer = c.receiveBuffer();
        int offset = dataSeq - c.rcvNxt;
        int advanced = buffer.write(offset, seg.buffer(), dataOffset, dataLength);
        if (dataLength > c.rcvMss) {
            c.rcvMss = Math.min(dataLength, c.advMss);
        }
        if (offset > 0 || advanced < 0) {
            ackNow = true; // RFC 5681 4.2: out-of-order data gets an immediate (duplicate) ACK
            c.quickAcks = Math.max(c.quickAcks, 8);
        }
        if (advanced > 0) {
            if (advanced > dataLength || buffer.hasOutOfOrder()) {
                ackNow = true; // the segment filled (part of) a hole
            }
            c.rcvNxt += advanced;
            c.bytesReceived += advanced;
            c.bytesSinceAck += advanced;
            if (c.pendingFin && c.rcvNxt == c.pendingFinSeq) {
                acceptFin(c);
            }
            if (c.socketId >= 0) {
                stack.events.onReadable(c.socketId);
            }
        }
    }

    /** Eighth step: the FIN is next in sequence. */
    private void acceptFin(Connection c) {
        c.rcvNxt++;
        c.finReceived = true;
        c.pendingFin = false;
        ackNow = true;
        switch (c.state) {
            case SYN_RECEIVED: case ESTABLISHED:
                c.setState(State.CLOSE_WAIT); // SYN-RECEIVED, ESTABLISHED: enter CLOSE-WAIT
                break;
            case FIN_WAIT_1:
                if (c.finAcked) {
                    stack.termination.enterTimeWait(c); // our FIN acked too: TIME-WAIT
                } else {
                    c.setState(State.CLOSING); // simultaneous close
                }
                break;
            case FIN_WAIT_2:
                stack.termination.enterTimeWait(c); // FIN-WAIT-2: enter TIME-WAIT
                break;
            default:
                break; // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: remain
        }
        if (c.socketId >= 0) {
            stack.events.onReadable(c.socketId);
        }
    }

    /** After output: acknowledge now, or arm the delayed ACK. */
    void finishSegment(Connection c) {
        if (c.state == State.CLOSED) {
            return;
        }
        if (ackNow) {
            if (c.quickAcks > 0) {
                c.quickAcks--;
            }
            sendImmediateAck(c);
            return;
        }
        if (c.bytesSinceAck == 0 || c.lastAckSent == c.rcvNxt) {
            return;
        }
        long delay = stack.config.delayedAckNanos;
        if (c.bytesSinceAck > c.rcvMss || c.quickAcks > 0 || delay == 0) {
            if (c.quickAcks > 0) {
                c.quickAcks--;
            }
            sendImmediateAck(c);
        } else if (c.deadlines[Connection.TIMER_DELAYED_ACK] == Connection.NONE) {
            stack.timers.set(c, Connection.TIMER_DELAYED_ACK, stack.host.nanoTime() + delay);
            c.cc.cwndEvent(c, CwndEvent.DELAYED_ACK);
        }
    }

    /**
     * Acknowledges RCV.NXT now, not on the delayed-ACK timer (or because it fired), and tells the congestion
     * control ({@link CwndEvent#NON_DELAYED_ACK}).
     */
    void sendImmediateAck(Connection c) {
        stack.transmitter.sendAck(c);
        c.cc.cwndEvent(c, CwndEvent.NON_DELAYED_ACK);
    }
}
