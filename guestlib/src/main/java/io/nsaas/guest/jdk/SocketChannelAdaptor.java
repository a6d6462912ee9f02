package io.nsaas.guest.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Socket} view of an {@link NsaasSocketChannel} ({@link SocketChannel#socket()}): every method
 * goes to the channel. Stream I/O and connect need the channel in blocking mode
 * ({@link IllegalBlockingModeException} otherwise) and honour SO_TIMEOUT / the connect timeout.
 */
final class SocketChannelAdaptor extends Socket implements StreamEndpoint {

    private final NsaasSocketChannel channel;
    private volatile int timeoutMillis;
    private InputStream in;
    private OutputStream out;

    SocketChannelAdaptor(NsaasSocketChannel channel) throws SocketException {
        super(newImpl());
        this.channel = channel;
    }

    private static ChannelOwnedSocketImpl newImpl() {
        return new ChannelOwnedSocketImpl();
    }

    @Override
    public SocketChannel getChannel() {
        return channel;
    }

    @Override
    public void connect(SocketAddress remote) throws IOException {
        connect(remote, 0);
    }

    @Override
    public void connect(SocketAddress remote, int timeout) throws IOException {
        if (remote == null) {
            throw new IllegalArgumentException("connect: address is null");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout " + timeout + " < 0");
        }
        ensureBlocking();
        channel.connect(remote, TimeUnit.MILLISECONDS.toNanos(timeout));
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        channel.bind(local);
    }

    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress remote = remote();
        return remote == null ? null : remote.getAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        InetSocketAddress local = local();
        return local == null ? InetEndpoint.inetAddress(0) : local.getAddress();
    }

    @Override
    public int getPort() {
        InetSocketAddress remote = remote();
        return remote == null ? 0 : remote.getPort();
    }

    @Override
    public int getLocalPort() {
        InetSocketAddress local = local();
        return local == null ? -1 : local.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local();
    }

    private InetSocketAddress remote() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private InetSocketAddress local() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        ensureUsable();
        if (channel.isInputShutdown()) {
            throw new SocketException("Socket input is shutdown");
        }
        synchronized (this) {
            if (in == null) {
                in = new GuestInputStream(this);
            }
            return in;
        }
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        ensureUsable();
        if (channel.isOutputShutdown()) {
            throw new SocketException("Socket output is shutdown");
        }
        synchronized (this) {
            if (out == null) {
                out = new GuestOutputStream(this);
            }
            return out;
        }
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        if (timeoutNanos >= 0) {
            ensureBlocking();
        }
        return channel.read(ByteBuffer.wrap(b, off, len), timeoutNanos);
    }

    @Override
    public long readTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureBlocking();
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        while (src.hasRemaining()) {
            channel.write(src, 0);
        }
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        set(StandardSocketOptions.TCP_NODELAY, on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return get(StandardSocketOptions.TCP_NODELAY);
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        if (on && linger < 0) {
            throw new IllegalArgumentException("invalid value for SO_LINGER: " + linger);
        }
        set(StandardSocketOptions.SO_LINGER, on ? linger : -1);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return get(StandardSocketOptions.SO_LINGER);
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        throw new SocketException("nsaas: urgent data (TCP OOB) is not supported");
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        throw new SocketException("nsaas: SO_OOBINLINE is not supported (nsaas carries no urgent data)");
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        throw new SocketException("nsaas: SO_OOBINLINE is not supported (nsaas carries no urgent data)");
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        ensureUsable();
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout " + timeout + " < 0");
        }
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        ensureUsable();
        return timeoutMillis;
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        positive(size, "send buffer size");
        set(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        positive(size, "receive buffer size");
        set(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_KEEPALIVE, on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return get(StandardSocketOptions.SO_KEEPALIVE);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        throw new SocketException("nsaas: IP_TOS (traffic class) is not supported");
    }

    @Override
    public int getTrafficClass() throws SocketException {
        throw new SocketException("nsaas: IP_TOS (traffic class) is not supported");
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return get(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return channel.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return channel.supportedOptions();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public void shutdownInput() throws IOException {
        ensureUsable();
        channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        ensureUsable();
        channel.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public boolean isBound() {
        return channel.isBound();
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public boolean isInputShutdown() {
        return channel.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return channel.isOutputShutdown();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        // The JDK's own sockets ignore these hints too (no stack acts on them).
    }

    @Override
    public String toString() {
        if (channel.isConnected()) {
            return "Socket[addr=" + getInetAddress() + ",port=" + getPort() + ",localport=" + getLocalPort() + "]";
        }
        return "Socket[unconnected]";
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        ensureUsable();
        try {
            channel.setOption(name, value);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        ensureUsable();
        try {
            return channel.getOption(name);
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }

    private void ensureUsable() throws SocketException {
        if (!channel.isOpen()) {
            throw new SocketException("Socket is closed");
        }
    }

    private void ensureBlocking() {
        if (!channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
    }

    private static void positive(int size, String what) {
        if (size <= 0) {
            throw new IllegalArgumentException(what + " " + size + " must be > 0");
        }
    }
}
