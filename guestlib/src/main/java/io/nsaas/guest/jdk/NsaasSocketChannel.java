package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP {@link SocketChannel} on the tenant's nsaas stack, over one {@link GuestSocket}.
 *
 * <p>Blocking mode maps to guest calls without timeout, non-blocking mode to non-blocking guest
 * calls; the {@link #socket()} adaptor adds SO_TIMEOUT. Interrupting a thread blocked in an operation
 * closes the channel ({@link java.nio.channels.ClosedByInterruptException}), as for the JDK's channels.
 * A failed connect closes the channel. Threading as {@link SocketChannel}: one reader and one writer at
 * a time; other concurrent readers or writers wait.
 */
final class NsaasSocketChannel extends SocketChannel implements GuestSelectableChannel {

    private static final int UNCONNECTED = 0;
    private static final int PENDING = 1;
    private static final int CONNECTED = 2;

    private final Guest guest;
    private final GuestSocket socket;
    private final ReadinessFanout fanout = new ReadinessFanout();
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object stateLock = new Object();
    private volatile int state;
    private volatile boolean bound;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private volatile InetSocketAddress remote;
    private SocketChannelAdaptor adaptor;

    /** A new unconnected channel over a freshly opened socket. */
    NsaasSocketChannel(SelectorProvider provider, Guest guest, GuestSocket socket) {
        this(provider, guest, socket, UNCONNECTED);
    }

    private NsaasSocketChannel(SelectorProvider provider, Guest guest, GuestSocket socket, int state) {
        super(provider);
        this.guest = guest;
        this.socket = socket;
        this.state = state;
        this.bound = state == CONNECTED;
        socket.readinessListener(fanout);
    }

    /** @return a connected channel over a socket a listener accepted */
    static NsaasSocketChannel accepted(SelectorProvider provider, Guest guest, GuestSocket socket) throws IOException {
        NsaasSocketChannel channel = new NsaasSocketChannel(provider, guest, socket, CONNECTED);
        channel.remote = InetEndpoint.socketAddress(socket.peerEndpoint());
        return channel;
    }

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (state == CONNECTED) {
                throw new AlreadyConnectedException();
            }
            if (state == PENDING) {
                throw new ConnectionPendingException();
            }
            if (bound) {
                throw new AlreadyBoundException();
            }
            InetSocketAddress address = local == null ? new InetSocketAddress(0)
                    : InetEndpoint.checkIpv4(local, "bind");
            socket.bind(InetEndpoint.address(address), address.getPort());
            bound = true;
        }
        return this;
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        ensureOpen();
        JdkSocketOptions.set(socket, JdkSocketOptions.STREAM, name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        ensureOpen();
        return JdkSocketOptions.get(socket, JdkSocketOptions.STREAM, name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return JdkSocketOptions.STREAM;
    }

    @Override
    public SocketChannel shutdownInput() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            ensureConnected();
            if (!inputShutdown) {
                socket.shutdown(StackInstance.SHUT_RD);
                inputShutdown = true;
            }
        }
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            ensureConnected();
            if (!outputShutdown) {
                socket.shutdown(StackInstance.SHUT_WR);
                outputShutdown = true;
            }
        }
        return this;
    }

    @Override
    public Socket socket() {
        synchronized (stateLock) {
            if (adaptor == null) {
                try {
                    adaptor = new SocketChannelAdaptor(this);
                } catch (IOException e) {
                    throw new IllegalStateException("nsaas: cannot create the Socket adaptor: " + e, e);
                }
            }
            return adaptor;
        }
    }

    @Override
    public boolean isConnected() {
        return state == CONNECTED;
    }

    @Override
    public boolean isConnectionPending() {
        return state == PENDING;
    }

    @Override
    public boolean connect(SocketAddress remoteAddress) throws IOException {
        return connect(remoteAddress, isBlocking() ? 0 : -1);
    }

    /** Connects with a guest timeout (adaptor: SO_TIMEOUT of connect(addr, timeout)). */
    boolean connect(SocketAddress remoteAddress, long timeoutNanos) throws IOException {
        Objects.requireNonNull(remoteAddress, "remote address");
        readLock.lock();
        try {
            writeLock.lock();
            try {
                InetSocketAddress target = beginConnect(remoteAddress);
                int address = InetEndpoint.address(target);
                boolean connected = false;
                boolean failed = true;
                begin();
                try {
                    connected = socket.connect(address == 0 ? guest.localAddress() : address, target.getPort(),
                            timeoutNanos);
                    failed = false;
                } finally {
                    endConnect(connected || timeoutNanos < 0, failed);
                }
                remote = target;
                if (connected) {
                    state = CONNECTED;
                }
                return connected;
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
    }

    private InetSocketAddress beginConnect(SocketAddress remoteAddress) throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            if (state == CONNECTED) {
                throw new AlreadyConnectedException();
            }
            if (state == PENDING) {
                throw new ConnectionPendingException();
            }
            InetSocketAddress target = InetEndpoint.checkIpv4(remoteAddress, "connect");
            state = PENDING;
            bound = true;
            return target;
        }
    }

    @Override
    public boolean finishConnect() throws IOException {
        readLock.lock();
        try {
            writeLock.lock();
            try {
                ensureOpen();
                if (state == CONNECTED) {
                    return true;
                }
                if (state != PENDING) {
                    throw new NoConnectionPendingException();
                }
                boolean blocking = isBlocking();
                boolean connected = false;
                boolean failed = true;
                begin();
                try {
                    connected = socket.finishConnect(blocking ? 0 : -1);
                    failed = false;
                } finally {
                    endConnect(connected || !blocking, failed);
                }
                if (connected) {
                    state = CONNECTED;
                }
                return connected;
            } finally {
                writeLock.unlock();
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Ends a connect step: a close by another thread or an interrupt wins (its exception); a failure
     * of the connection itself closes the channel, as the JDK's channels do, and its exception stands.
     */
    private void endConnect(boolean completed, boolean failed) throws IOException {
        end(completed || failed && isOpen());
        if (failed) {
            close();
        }
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        ensureOpen();
        return state == CONNECTED ? remote : null;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        ensureOpen();
        return bound ? InetEndpoint.socketAddress(socket.localEndpoint()) : null;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, isBlocking() ? 0 : -1);
    }

    /** Reads with a guest timeout ({@code < 0} non-blocking, 0 unbounded, {@code > 0} SO_TIMEOUT). */
    int read(ByteBuffer dst, long timeoutNanos) throws IOException {
        Objects.requireNonNull(dst, "destination buffer");
        readLock.lock();
        try {
            ensureOpen();
            ensureConnected();
            if (inputShutdown) {
                return -1;
            }
            int n = 0;
            begin();
            try {
                n = socket.read(dst, timeoutNanos);
            } finally {
                end(n != 0 || timeoutNanos < 0);
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        readLock.lock();
        try {
            long total = 0;
            long timeout = isBlocking() ? 0 : -1;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer dst = dsts[i];
                if (!dst.hasRemaining()) {
                    continue;
                }
                int n = read(dst, total == 0 ? timeout : -1);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (dst.hasRemaining()) {
                    break;
                }
            }
            return total;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(src, isBlocking() ? 0 : -1);
    }

    /** Writes with a guest timeout; blocking writes return once every byte was accepted. */
    int write(ByteBuffer src, long timeoutNanos) throws IOException {
        Objects.requireNonNull(src, "source buffer");
        writeLock.lock();
        try {
            ensureOpen();
            ensureConnected();
            if (outputShutdown) {
                throw new ClosedChannelException();
            }
            int n = 0;
            begin();
            try {
                n = socket.write(src, timeoutNanos);
            } finally {
                end(n > 0 || timeoutNanos < 0 || !src.hasRemaining());
            }
            return n;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        writeLock.lock();
        try {
            long total = 0;
            long timeout = isBlocking() ? 0 : -1;
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer src = srcs[i];
                if (!src.hasRemaining()) {
                    continue;
                }
                total += write(src, timeout);
                if (src.hasRemaining()) {
                    break;
                }
            }
            return total;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int channelReadyOps() {
        int ready = socket.readyOps();
        switch (state) {
            case PENDING:
                return ready & Readiness.CONNECT;
            case CONNECTED:
                return ready & (Readiness.READ | Readiness.WRITE);
            default:
                return 0;
        }
    }

    @Override
    public ReadinessFanout fanout() {
        return fanout;
    }

    /** @return the guest socket under this channel (for the adaptor's options and addresses) */
    GuestSocket guestSocket() {
        return socket;
    }

    boolean isBound() {
        return bound;
    }

    boolean isInputShutdown() {
        return inputShutdown;
    }

    boolean isOutputShutdown() {
        return outputShutdown;
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
        StringBuilder s = new StringBuilder("NsaasSocketChannel[");
        if (!isOpen()) {
            return s.append("closed]").toString();
        }
        s.append(state == CONNECTED ? "connected" : state == PENDING ? "connection-pending" : "unconnected");
        if (remote != null) {
            s.append(" remote=").append(remote);
        }
        return s.append(" id=").append(socket.id()).append(']').toString();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void ensureConnected() {
        if (state != CONNECTED) {
            throw new NotYetConnectedException();
        }
    }
}
