package io.nsaas.guest.jdk;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.DatagramSocketImplFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The {@link DatagramSocketImplFactory} the agent installs so that {@link java.net.DatagramSocket} and
 * {@link java.net.MulticastSocket} fail at construction with a clear {@link SocketException}: nsaas
 * tenants have TCP only, and a UDP socket silently using the host kernel would escape the tenant's
 * network. The created impl refuses every operation with the same message.
 */
final class UdpRefusal implements DatagramSocketImplFactory {

    static final String MESSAGE = "nsaas: DatagramSocket (UDP) is not supported; nsaas tenants have TCP only"
            + " (a documented limit of nsaas-guestlib)";

    @Override
    public DatagramSocketImpl createDatagramSocketImpl() {
        return new RefusingImpl();
    }

    private static final class RefusingImpl extends DatagramSocketImpl {

        private static SocketException refused() {
            return new SocketException(MESSAGE);
        }

        @Override
        protected void create() throws SocketException {
            throw refused();
        }

        @Override
        protected void bind(int lport, InetAddress laddr) throws SocketException {
            throw refused();
        }

        @Override
        protected void send(DatagramPacket p) throws IOException {
            throw refused();
        }

        @Override
        protected int peek(InetAddress i) throws IOException {
            throw refused();
        }

        @Override
        protected int peekData(DatagramPacket p) throws IOException {
            throw refused();
        }

        @Override
        protected void receive(DatagramPacket p) throws IOException {
            throw refused();
        }

        @Override
        @Deprecated
        protected void setTTL(byte ttl) throws IOException {
            throw refused();
        }

        @Override
        @Deprecated
        protected byte getTTL() throws IOException {
            throw refused();
        }

        @Override
        protected void setTimeToLive(int ttl) throws IOException {
            throw refused();
        }

        @Override
        protected int getTimeToLive() throws IOException {
            throw refused();
        }

        @Override
        protected void join(InetAddress inetaddr) throws IOException {
            throw refused();
        }

        @Override
        protected void leave(InetAddress inetaddr) throws IOException {
            throw refused();
        }

        @Override
        protected void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
            throw refused();
        }

        @Override
        protected void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
            throw refused();
        }

        @Override
        protected void close() {
            // Nothing was created (create() refused), so there is nothing to release.
        }

        @Override
        public void setOption(int optID, Object value) throws SocketException {
            throw refused();
        }

        @Override
        public Object getOption(int optID) throws SocketException {
            throw refused();
        }
    }
}
