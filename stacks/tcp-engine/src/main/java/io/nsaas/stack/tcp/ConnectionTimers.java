package io.nsaas.stack.tcp;

import io.nsaas.spi.Errno;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Per-connection timers on the host's timer service, earliest-deadline style: a connection keeps one
 * deadline per kind (retransmit/persist, delayed ACK, keepalive, TIME_WAIT/FIN_WAIT_2) and at most one host
 * timer, armed at the earliest. Pushing a deadline later (the RTO restarts on every ACK) costs nothing: the
 * early host timer fires, finds nothing due, and re-arms. Host timer ids map back to connections through a
 * primitive map.
 */
final class ConnectionTimers {
    private final TcpStack stack;
    private final Long2ObjectHashMap<Connection> byTimerId = new Long2ObjectHashMap<>();

    ConnectionTimers(TcpStack stack) {
        this.stack = stack;
    }

    void set(Connection c, int kind, long deadlineNanos) {
        c.deadlines[kind] = deadlineNanos;
        if (c.timerId < 0 || deadlineNanos < c.timerDeadline) {
            arm(c, deadlineNanos);
        }
    }

    void clear(Connection c, int kind) {
        c.deadlines[kind] = Connection.NONE;
    }

    /** Drops every deadline and the host timer (the connection is going away). */
    void cancelAll(Connection c) {
        for (int i = 0; i < Connection.TIMER_KINDS; i++) {
            c.deadlines[i] = Connection.NONE;
        }
        if (c.timerId >= 0) {
            stack.host.cancelTimer(c.timerId);
            byTimerId.remove(c.timerId);
            c.timerId = -1;
            c.timerDeadline = Connection.NONE;
        }
    }

    int armed() {
        return byTimerId.size();
    }

    private void arm(Connection c, long deadline) {
        if (c.timerId >= 0) {
            stack.host.cancelTimer(c.timerId);
            byTimerId.remove(c.timerId);
        }
        c.timerId = stack.host.scheduleTimer(deadline);
        c.timerDeadline = deadline;
        byTimerId.put(c.timerId, c);
    }

    /** The host fired {@code timerId}: run every due kind, then re-arm at the next deadline. */
    void onTimer(long timerId, long now) {
        Connection c = byTimerId.remove(timerId);
        if (c == null) {
            return;
        }
        c.timerId = -1;
        c.timerDeadline = Connection.NONE;
        for (int kind = 0; kind < Connection.TIMER_KINDS && c.state != State.CLOSED; kind++) {
            if (c.deadlines[kind] <= now) {
                c.deadlines[kind] = Connection.NONE;
                expire(c, kind, now);
            }
        }
        long next = c.earliestDeadline();
        if (next != Connection.NONE && c.timerId < 0 && c.state != State.CLOSED) {
            arm(c, next);
        }
    }

    private void expire(Connection c, int kind, long now) {
        switch (kind) {
            case Connection.TIMER_RETRANSMIT:
                if (c.state == State.SYN_SENT || c.state == State.SYN_RECEIVED) {
                    synTimeout(c, now);
                } else {
                    stack.recovery.onRetransmitTimeout(c);
                }
                break;
            case Connection.TIMER_DELAYED_ACK:
                if (c.state.synchronizedState() && c.state != State.TIME_WAIT) {
                    stack.reception.sendImmediateAck(c);
                }
                break;
            case Connection.TIMER_KEEPALIVE:
                keepalive(c, now);
                break;
            default:
                // TIME_WAIT's 2*MSL (RFC 9293 3.10.8) or an orphaned FIN_WAIT_2's fin-timeout ends
                stack.termination.finish(c, 0);
                break;
        }
    }

    /** SYN/SYN-ACK retransmission with backoff (RFC 6298 5.7 keeps 3 s after a SYN timeout; Linux 1 s doubling). */
    private void synTimeout(Connection c, long now) {
        c.retransmits++;
        boolean passive = c.parent != null;
        int limit = c.state == State.SYN_SENT ? stack.config.synRetries : stack.config.synAckRetries;
        if (c.retransmits > limit) {
            stack.termination.abort(c, Errno.ETIMEDOUT, false);
            return;
        }
        stack.stats.timeouts++;
        c.rtt.backoff();
        stack.transmitter.sendSyn(c);
        set(c, Connection.TIMER_RETRANSMIT, now + c.rtt.rtoUs() * 1000);
        if (passive && stack.logger.isDebugEnabled()) {
            stack.logger.debug("SYN-ACK retransmission {} to port {}", c.retransmits, c.remotePort);
        }
    }

    /** SO_KEEPALIVE (RFC 9293 3.8.4, RFC 1122 4.2.3.6) with Linux's time/interval/probes. */
    private void keepalive(Connection c, long now) {
        if (!c.keepalive || !(c.state == State.ESTABLISHED || c.state == State.CLOSE_WAIT
            || c.state == State.FIN_WAIT_2)) {
            return;
        }
        TcpConfig config = stack.config;
        long idle = now - c.lastReceiveNanos;
        if (c.sndMax != c.sndUna || idle < config.keepaliveTimeNanos && c.keepaliveProbes == 0) {
            set(c, Connection.TIMER_KEEPALIVE, Math.max(c.lastReceiveNanos + config.keepaliveTimeNanos,
                now + config.keepaliveIntervalNanos / 8));
            return;
        }
        if (c.keepaliveProbes >= config.keepaliveProbes
            || c.userTimeoutNanos > 0 && idle >= c.userTimeoutNanos + config.keepaliveTimeNanos) {
            stack.termination.abort(c, Errno.ETIMEDOUT, true);
            return;
        }
        c.keepaliveProbes++;
        stack.transmitter.sendProbe(c);
        set(c, Connection.TIMER_KEEPALIVE, now + config.keepaliveIntervalNanos);
    }
}
