package io.nsaas.stack.tcp;

import io.nsaas.spi.Errno;

/**
 * How connections end (RFC 9293 3.10.4 CLOSE of a listener, 3.10.5 ABORT, TIME-WAIT and CLOSED): the demux
 * entry, timers and port go away, the user hears {@code onClosed} once, and an orphan releases its buffers.
 */
final class Termination {
    private final TcpStack stack;

    Termination(TcpStack stack) {
        this.stack = stack;
    }

    /** Ends a connection with an error: optional RST (RFC 9293 3.10.5 ABORT), then CLOSED. */
    void abort(Connection c, int errno, boolean sendReset) {
        if (sendReset && c.state != State.CLOSED && c.state != State.LISTEN && c.state != State.SYN_SENT
            && c.state != State.TIME_WAIT) {
            stack.transmitter.sendReset(c);
        }
        if (errno != 0) {
            c.pendingError = errno;
            c.resetPending = errno == Errno.ECONNRESET;
        }
        finish(c, errno);
    }

    /** Enters CLOSED: leaves the demux table, stops timers, tells the user, frees an orphan. */
    void finish(Connection c, int errno) {
        if (c.state == State.LISTEN) {
            return;
        }
        c.setState(State.CLOSED);
        stack.table.remove(c);
        stack.timers.cancelAll(c);
        if (c.parent != null) {
            Listener queues = c.parent.listener;
            queues.synQueue.remove(c);
            queues.acceptQueue.remove(c);
            c.parent = null;
            return;
        }
        if (c.socketId >= 0) {
            if (!c.closedReported) {
                c.closedReported = true;
                stack.events.onClosed(c.socketId, errno);
            }
        } else {
            stack.table.unbind(c);
            c.sendBuffer = null;
            c.receiveBuffer = null;
        }
    }

    /** RFC 9293 3.10.7.4: TIME-WAIT for 2*MSL; only the 2*MSL timer runs. */
    void enterTimeWait(Connection c) {
        c.setState(State.TIME_WAIT);
        stack.timers.clear(c, Connection.TIMER_RETRANSMIT);
        stack.timers.clear(c, Connection.TIMER_DELAYED_ACK);
        stack.timers.clear(c, Connection.TIMER_KEEPALIVE);
        if (stack.config.timeWaitNanos == 0) {
            finish(c, 0);
            return;
        }
        stack.timers.set(c, Connection.TIMER_WAIT, stack.host.nanoTime() + stack.config.timeWaitNanos);
        c.sendBuffer = null;
        if (c.socketId < 0) {
            c.receiveBuffer = null;
        }
    }

    void closeListener(Connection l) {
        stack.table.removeListener(l);
        stack.table.unbind(l);
        l.setState(State.CLOSED);
        Listener queues = l.listener;
        while (!queues.synQueue.isEmpty()) {
            finish(queues.synQueue.get(queues.synQueue.size() - 1), 0);
        }
        while (!queues.acceptQueue.isEmpty()) {
            abort(queues.acceptQueue.peekFirst(), 0, true);
        }
    }
}
