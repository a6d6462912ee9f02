package io.nsaas.guest.jdk;

import java.net.SocketImpl;
import java.net.SocketImplFactory;

/**
 * Makes {@link java.net.Socket} and {@link java.net.ServerSocket} run on the tenant's nsaas stack:
 * install it with {@code Socket.setSocketImplFactory} and {@code ServerSocket.setSocketFactory} (the
 * agent does both). Sockets created while no guest is attached fail with a SocketException saying so.
 *
 * <p>Threading: thread-safe; the JDK calls it from any thread creating a socket.
 */
public final class NsaasSocketImplFactory implements SocketImplFactory {

    private final GuestSource guests;

    /** A factory for the JVM's guest installed in {@link GuestBinding}. */
    public NsaasSocketImplFactory() {
        this(GuestBinding::current);
    }

    NsaasSocketImplFactory(GuestSource guests) {
        this.guests = guests;
    }

    @Override
    public SocketImpl createSocketImpl() {
        return new NsaasSocketImpl(guests);
    }
}
