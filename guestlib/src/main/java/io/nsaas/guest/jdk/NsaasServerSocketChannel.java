package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening TCP {@link ServerSocketChannel} on the tenant's nsaas stack. Binding also listens (with
 * the given backlog; {@code <= 0} means the stack's default). Accepted channels are
 * {@link NsaasSocketChannel}s, blocking, as for the JDK's channels. Threading: one accepting thread at a
 * time; others wait.
 */
final class NsaasServerSocketChannel extends ServerSocketChannel implements GuestSelectableChannel {

    private final Guest guest;
    private final GuestSocket socket;
    private final ReadinessFanout fanout = new ReadinessFanout();
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final Object stateLock = new Object();
    private volatile boolean bound;
    private ServerSocketChannelAdaptor adaptor;

    NsaasServerSocketChannel(SelectorProvider provider, Guest guest, GuestSocket socket) {
        super(provider);
        this.guest = guest;
        this.socket = socket;
        socket.readinessListener(fanout);
    }

    @Override
    public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (bound) {
                throw new AlreadyBoundException();
            }
            InetSocketAddress address = local == null ? new InetSocketAddress(0)
                    : InetEndpoint.checkIpv4(local, "bind");
            socket.bind(InetEndpoint.address(address), address.getPort());
            socket.listen(backlog);
            bound = true;
        }
        return this;
    }

    @Override
    public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        ensureOpen();
        JdkSocketOptions.set(socket, JdkSocketOptions.LISTENER, name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        ensureOpen();
        return JdkSocketOptions.get(socket, JdkSocketOptions.LISTENER, name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return JdkSocketOptions.LISTENER;
    }

    @Override
    public ServerSocket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                try {
                    adaptor = new ServerSocketChannelAdaptor(this);
                } catch (IOException e) {
                    throw new IllegalStateException("nsaas: cannot create the ServerSocket adaptor: " + e, e);
                }
            }
            return adaptor;
        }
    }

    @Override
    public SocketChannel accept() throws IOException {
        return accept(isBlocking() ? 0 : -1);
    }

    /** Accepts with a guest timeout ({@code < 0} non-blocking, 0 unbounded, {@code > 0} SO_TIMEOUT). */
    NsaasSocketChannel accept(long timeoutNanos) throws IOException {
        acceptLock.lock();
        try {
            ensureOpen();
            if (!bound) {
                throw new NotYetBoundException();
            }
            GuestSocket accepted = null;
            begin();
            try {
                accepted = socket.accept(timeoutNanos);
            } finally {
                end(accepted != null || timeoutNanos < 0);
            }
            if (accepted == null) {
                return null;
            }
            try {
                return NsaasSocketChannel.accepted(provider(), guest, accepted);
            } catch (IOException | RuntimeException e) {
                accepted.close();
                throw e;
            }
        } finally {
            acceptLock.unlock();
        }
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        ensureOpen();
        return bound ? InetEndpoint.socketAddress(socket.localEndpoint()) : null;
    }

    boolean isBound() {
        return bound;
    }

    @Override
    public int channelReadyOps() {
        return bound ? socket.readyOps() & Readiness.ACCEPT : 0;
    }

    @Override
    public ReadinessFanout fanout() {
        return fanout;
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        socket.readinessListener(null);
        socket.close();
        fanout.run();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        // Each guest call carries its own mode (timeoutNanos), read from isBlocking() at the call.
    }

    @Override
    public String toString() {
        if (!isOpen()) {
            return "NsaasServerSocketChannel[closed]";
        }
        String where;
        try {
            where = bound ? String.valueOf(InetEndpoint.socketAddress(socket.localEndpoint())) : "unbound";
        } catch (IOException e) {
            where = "unknown address";
        }
        return "NsaasServerSocketChannel[" + where + " id=" + socket.id() + "]";
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
