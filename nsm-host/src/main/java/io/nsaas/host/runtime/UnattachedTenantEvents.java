package io.nsaas.host.runtime;

import io.nsaas.spi.StackEvents;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The event sink of a tenant that no guest is attached to yet: the host counts the stack's socket
 * events by kind (for status) and has nobody to deliver them to. The NQE channel's CoreEngine
 * replaces it for attached tenants.
 *
 * <p>Threading: written by the tenant's NSM thread, read from any thread.
 */
public final class UnattachedTenantEvents implements StackEvents {
    /** Event kinds, the index into {@link #count(Kind)}. */
    public enum Kind {
        CONNECTED,
        READABLE,
        WRITABLE,
        ACCEPTABLE,
        CLOSED
    }

    private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

    @Override
    public void onConnected(int socket) {
        counts.incrementAndGet(Kind.CONNECTED.ordinal());
    }

    @Override
    public void onReadable(int socket) {
        counts.incrementAndGet(Kind.READABLE.ordinal());
    }

    @Override
    public void onWritable(int socket) {
        counts.incrementAndGet(Kind.WRITABLE.ordinal());
    }

    @Override
    public void onAcceptable(int socket) {
        counts.incrementAndGet(Kind.ACCEPTABLE.ordinal());
    }

    @Override
    public void onClosed(int socket, int errno) {
        counts.incrementAndGet(Kind.CLOSED.ordinal());
    }

    /** @return how many events of this kind the stack raised */
    public long count(Kind kind) {
        return counts.get(kind.ordinal());
    }
}
