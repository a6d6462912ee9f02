package io.nsaas.stack.tcp;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The queues of a listening socket (RFC 9293 3.10.7.2, Linux {@code inet_connection_sock}): the SYN queue
 * holds children still in SYN-RECEIVED, the accept queue established children until {@code accept()}.
 */
final class Listener {
    final ArrayList<Connection> synQueue = new ArrayList<>();
    final ArrayDeque<Connection> acceptQueue = new ArrayDeque<>();
    int backlog;

    Listener(int backlog) {
        this.backlog = backlog;
    }

    /** @return whether another SYN may create a child (Linux drops SYNs when the SYN queue is full) */
    boolean synQueueFull() {
        return synQueue.size() >= Math.max(backlog, 64);
    }

    /** @return whether the accept queue is full (Linux: more than backlog waiting) */
    boolean acceptQueueFull() {
        return acceptQueue.size() > backlog;
    }
}
