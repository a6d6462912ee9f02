package io.nsaas.guest.api;

import java.io.IOException;

/**
 * One tenant's attachment to an NSM host: the factory of the tenant's sockets.
 *
 * <p>Threading: thread-safe; any number of application threads may open and use sockets at once.
 * Ownership: the guest owns its sockets; {@link #close()} detaches from the host, after which every
 * socket is closed (its operations throw {@link java.net.SocketException} "Socket closed") and the
 * host closes the stack's side of each.
 */
public interface Guest extends AutoCloseable {

    /** @return the tenant id this guest attached as */
    String tenantId();

    /**
     * @return the tenant's IPv4 address on the host's fabric as configured for the tenant (the
     *     address its sockets bind to by default), as an int in network order ({@code 10.0.0.1} is
     *     {@code 0x0A000001})
     */
    int localAddress();

    /** @return the prefix length of the tenant's configured address ({@code 24} for {@code 10.0.0.1/24}) */
    int prefixLength();

    /** @return the id of the stack plugin the host runs this tenant on, e.g. {@code "newreno"} */
    String stackId();

    /**
     * Opens a new IPv4 TCP socket on the tenant's stack (an NQE SOCKET request).
     *
     * @throws IOException when the host refuses (for example {@code EMFILE}: too many sockets) or
     *     the guest is detached
     */
    GuestSocket open() throws IOException;

    /** @return false once detached (closed by the application, or the host went away) */
    boolean isAttached();

    /** Detaches from the host; idempotent; never throws. */
    @Override
    void close();
}
