package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@link SocketImpl} of {@link java.net.Socket} and {@link java.net.ServerSocket} when
 * {@link NsaasSocketImplFactory} is installed: one {@link GuestSocket} on the tenant's stack.
 * SO_TIMEOUT bounds blocking reads and accepts; the connect timeout bounds connect. Threading: as
 * {@link java.net.Socket} (one reader and one writer at a time).
 */
final class NsaasSocketImpl extends SocketImpl implements StreamEndpoint {

    private final GuestSource guests;
    private volatile Guest guest;
    private volatile GuestSocket socket;
    private volatile int timeoutMillis;
    private InputStream in;
    private OutputStream out;

    NsaasSocketImpl(GuestSource guests) {
        this.guests = guests;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("nsaas: datagram sockets are not supported; nsaas tenants have TCP only");
        }
        if (socket != null) {
            throw new SocketException("nsaas: socket already created");
        }
        guest = guests.guest();
        socket = guest.open();
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress remote, int timeout) throws IOException {
        GuestSocket s = created();
        InetSocketAddress target = InetEndpoint.checkIpv4(remote, "connect");
        int ip = InetEndpoint.address(target);
        s.connect(ip == 0 ? guest.localAddress() : ip, target.getPort(),
                timeout > 0 ? TimeUnit.MILLISECONDS.toNanos(timeout) : 0);
        address = target.getAddress();
        port = target.getPort();
        localport = Endpoint.port(s.localEndpoint());
    }

    @Override
    protected void bind(InetAddress host, int localPort) throws IOException {
        GuestSocket s = created();
        s.bind(InetEndpoint.address(host), localPort);
        long local = s.localEndpoint();
        localport = Endpoint.port(local);
        address = InetEndpoint.inetAddress(Endpoint.address(local));
    }

    @Override
    protected void listen(int backlog) throws IOException {
        created().listen(backlog);
    }

    @Override
    protected void accept(SocketImpl target) throws IOException {
        if (!(target instanceof NsaasSocketImpl)) {
            throw new SocketException("nsaas: cannot accept into " + target.getClass().getName()
                    + "; install NsaasSocketImplFactory for both Socket and ServerSocket");
        }
        GuestSocket accepted = created().accept(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        try {
            ((NsaasSocketImpl) target).acceptedAs(guest, accepted);
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    private void acceptedAs(Guest owner, GuestSocket accepted) throws IOException {
        guest = owner;
        socket = accepted;
        long peer = accepted.peerEndpoint();
        address = InetEndpoint.inetAddress(Endpoint.address(peer));
        port = Endpoint.port(peer);
        localport = Endpoint.port(accepted.localEndpoint());
    }

    @Override
    protected synchronized InputStream getInputStream() throws IOException {
        created();
        if (in == null) {
            in = new GuestInputStream(this);
        }
        return in;
    }

    @Override
    protected synchronized OutputStream getOutputStream() throws IOException {
        created();
        if (out == null) {
            out = new GuestOutputStream(this);
        }
        return out;
    }

    @Override
    protected int available() throws IOException {
        return getInputStream().available();
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        return created().read(b, off, len, timeoutNanos);
    }

    @Override
    public long readTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        created().write(b, off, len, 0);
    }

    @Override
    public void close() throws IOException {
        GuestSocket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    protected void shutdownInput() throws IOException {
        created().shutdown(StackInstance.SHUT_RD);
    }

    @Override
    protected void shutdownOutput() throws IOException {
        created().shutdown(StackInstance.SHUT_WR);
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("nsaas: urgent data (TCP OOB) is not supported");
    }

    @Override
    public void setOption(int optId, Object value) throws SocketException {
        if (optId == SocketOptions.SO_TIMEOUT) {
            if (!(value instanceof Integer) || (Integer) value < 0) {
                throw new SocketException("nsaas: SO_TIMEOUT needs a non-negative Integer, got " + value);
            }
            timeoutMillis = (Integer) value;
            return;
        }
        SocketOption<?> name = standard(optId);
        Object converted = value;
        if (optId == SocketOptions.SO_LINGER && value instanceof Boolean) {
            converted = (Boolean) value ? 0 : -1;
        }
        try {
            setStandard(name, converted);
        } catch (SocketException e) {
            throw e;
        } catch (IOException | ClassCastException e) {
            throw new SocketException("nsaas: setting " + name + " to " + value + ": " + e.getMessage());
        }
    }

    private <T> void setStandard(SocketOption<T> name, Object value) throws IOException {
        JdkSocketOptions.set(created(), JdkSocketOptions.STREAM, name, name.type().cast(value));
    }

    @Override
    public Object getOption(int optId) throws SocketException {
        try {
            if (optId == SocketOptions.SO_TIMEOUT) {
                return timeoutMillis;
            }
            if (optId == SocketOptions.SO_BINDADDR) {
                return InetEndpoint.inetAddress(Endpoint.address(created().localEndpoint()));
            }
            SocketOption<?> name = standard(optId);
            Object value = JdkSocketOptions.get(created(), JdkSocketOptions.STREAM, name);
            if (name == StandardSocketOptions.SO_LINGER && (Integer) value < 0) {
                return Boolean.FALSE;
            }
            return value;
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException("nsaas: reading socket option " + optId + ": " + e.getMessage());
        }
    }

    private static SocketOption<?> standard(int optId) throws SocketException {
        SocketOption<?> name = JdkSocketOptions.forImplId(optId);
        if (name == null) {
            throw new SocketException("nsaas: socket option 0x" + Integer.toHexString(optId)
                    + " is not supported; supported are " + JdkSocketOptions.STREAM + " and SO_TIMEOUT");
        }
        return name;
    }

    @Override
    protected <T> void setOption(SocketOption<T> name, T value) throws IOException {
        JdkSocketOptions.set(created(), JdkSocketOptions.STREAM, name, value);
    }

    @Override
    protected <T> T getOption(SocketOption<T> name) throws IOException {
        return JdkSocketOptions.get(created(), JdkSocketOptions.STREAM, name);
    }

    @Override
    protected Set<SocketOption<?>> supportedOptions() {
        return JdkSocketOptions.STREAM;
    }

    private GuestSocket created() throws SocketException {
        GuestSocket s = socket;
        if (s == null) {
            throw new SocketException("nsaas: socket not created");
        }
        return s;
    }
}
