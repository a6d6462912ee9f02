package io.nsaas.guest.jdk;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * A fake {@link GuestSocket}: a real little TCP model in memory. A connection is two bounded byte
 * pipes sharing one monitor; readiness is computed from the pipes (level), and the readiness listener
 * is called after every change that may set a bit, outside the monitor, as the guest's event thread
 * would. Connects complete on the network's wire thread.
 */
final class LoopbackSocket implements GuestSocket {

    static final int PIPE_CAPACITY = 64 * 1024;

    /** One direction of a connection. Guarded by the connection's monitor. */
    static final class Pipe {
        final byte[] data = new byte[PIPE_CAPACITY];
        int head;
        int count;
        boolean writerDone;
        boolean readerGone;

        int room() {
            return data.length - count;
        }

        int put(ByteBuffer src) {
            int n = Math.min(room(), src.remaining());
            for (int i = 0; i < n; i++) {
                data[(head + count + i) % data.length] = src.get();
            }
            count += n;
            return n;
        }

        int take(ByteBuffer dst) {
            int n = Math.min(count, dst.remaining());
            for (int i = 0; i < n; i++) {
                dst.put(data[(head + i) % data.length]);
            }
            head = (head + n) % data.length;
            count -= n;
            return n;
        }
    }

    private final LoopbackGuest guest;
    private final int id;
    private final Object lock;
    private final Map<SocketOption, Long> options = new EnumMap<>(SocketOption.class);
    private final ArrayDeque<LoopbackSocket> backlog = new ArrayDeque<>();
    private volatile Runnable listener;
    private long local = -1;
    private boolean listening;
    private boolean connecting;
    private boolean connected;
    private boolean refused;
    private boolean closed;
    private LoopbackSocket peer;
    private Pipe in;
    private Pipe out;

    LoopbackSocket(LoopbackGuest guest, int id, Object sharedLock) {
        this.guest = guest;
        this.id = id;
        this.lock = sharedLock == null ? new Object() : sharedLock;
        options.put(SocketOption.SO_SNDBUF, (long) PIPE_CAPACITY);
        options.put(SocketOption.SO_RCVBUF, (long) PIPE_CAPACITY);
    }

    @Override
    public int id() {
        return id;
    }

    boolean isListening() {
        synchronized (lock) {
            return listening;
        }
    }

    @Override
    public void bind(int address, int port) throws IOException {
        synchronized (lock) {
            open();
            if (local >= 0) {
                throw new SocketException("bind: EINVAL (errno 22)");
            }
            int ip = address == 0 ? guest.localAddress() : address;
            if (ip != guest.localAddress()) {
                throw new SocketException("bind: EADDRNOTAVAIL (errno 99)");
            }
            long endpoint = guest.network().bind(this, ip, port);
            if (endpoint < 0) {
                throw new BindException("Address already in use");
            }
            local = endpoint;
        }
    }

    @Override
    public void listen(int backlogSize) throws IOException {
        synchronized (lock) {
            open();
            if (local < 0) {
                bind(0, 0);
            }
            listening = true;
        }
    }

    @Override
    public GuestSocket accept(long timeoutNanos) throws IOException {
        try {
            return acceptWaiting(timeoutNanos);
        } finally {
            restoreInterrupt();
        }
    }

    private GuestSocket acceptWaiting(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            for (;;) {
                open();
                if (!listening) {
                    throw new SocketException("accept: EINVAL (errno 22)");
                }
                LoopbackSocket s = backlog.poll();
                if (s != null) {
                    return s;
                }
                if (timeoutNanos < 0) {
                    return null;
                }
                await(timeoutNanos, deadline, "Accept timed out");
            }
        }
    }

    @Override
    public boolean connect(int address, int port, long timeoutNanos) throws IOException {
        synchronized (lock) {
            open();
            if (connected || connecting) {
                throw new SocketException("connect: EISCONN (errno 106)");
            }
            if (local < 0) {
                bind(0, 0);
            }
            connecting = true;
        }
        guest.network().submit(() -> establish(address, port));
        return finishConnect(timeoutNanos);
    }

    /** Runs on the wire thread: connects to the listener or refuses. */
    private void establish(int address, int port) {
        LoopbackSocket server = guest.network().listenerAt(address, port);
        LoopbackSocket accepted = null;
        if (server != null) {
            accepted = new LoopbackSocket(server.guest, server.guest.nextId(), lock);
            Pipe toServer = new Pipe();
            Pipe toClient = new Pipe();
            synchronized (lock) {
                accepted.local = Endpoint.pack(address, port);
                accepted.peer = this;
                accepted.in = toServer;
                accepted.out = toClient;
                accepted.connected = true;
                peer = accepted;
                in = toClient;
                out = toServer;
            }
            synchronized (server.lock) {
                if (server.closed || !server.listening) {
                    server = null;
                } else {
                    server.guest.adopt(accepted);
                    server.backlog.add(accepted);
                    server.lock.notifyAll();
                }
            }
        }
        synchronized (lock) {
            if (server == null) {
                refused = true;
                peer = null;
            } else {
                connected = true;
                guest.network().connectionEstablished();
            }
            lock.notifyAll();
        }
        if (server != null) {
            server.fire();
        }
        fire();
    }

    @Override
    public boolean finishConnect(long timeoutNanos) throws IOException {
        try {
            return finishConnectWaiting(timeoutNanos);
        } finally {
            restoreInterrupt();
        }
    }

    private boolean finishConnectWaiting(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            for (;;) {
                open();
                if (connected) {
                    connecting = false;
                    return true;
                }
                if (refused) {
                    connecting = false;
                    throw new ConnectException("Connection refused");
                }
                if (!connecting) {
                    throw new SocketException("connect: ENOTCONN (errno 107)");
                }
                if (timeoutNanos < 0) {
                    return false;
                }
                await(timeoutNanos, deadline, "Connect timed out");
            }
        }
    }

    @Override
    public boolean isConnected() {
        synchronized (lock) {
            return connected && !closed;
        }
    }

    @Override
    public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
        try {
            return readWaiting(dst, timeoutNanos);
        } finally {
            restoreInterrupt();
        }
    }

    private int readWaiting(ByteBuffer dst, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        int n;
        synchronized (lock) {
            for (;;) {
                open();
                if (!connected) {
                    throw new SocketException("read: ENOTCONN (errno 107)");
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                if (in.count > 0) {
                    n = in.take(dst);
                    lock.notifyAll();
                    break;
                }
                if (in.writerDone) {
                    return -1;
                }
                if (timeoutNanos < 0) {
                    return 0;
                }
                await(timeoutNanos, deadline, "Read timed out");
            }
        }
        peer.fire();
        return n;
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        return read(ByteBuffer.wrap(b, off, len), timeoutNanos);
    }

    @Override
    public int write(ByteBuffer src, long timeoutNanos) throws IOException {
        try {
            return writeWaiting(src, timeoutNanos);
        } finally {
            restoreInterrupt();
        }
    }

    private int writeWaiting(ByteBuffer src, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        int total = 0;
        try {
            for (;;) {
                synchronized (lock) {
                    open();
                    if (!connected) {
                        throw new SocketException("write: ENOTCONN (errno 107)");
                    }
                    if (out.readerGone) {
                        throw new SocketException("Broken pipe");
                    }
                    if (out.writerDone) {
                        throw new SocketException("write: EPIPE (errno 32)");
                    }
                    int n = out.put(src);
                    total += n;
                    if (n > 0) {
                        lock.notifyAll();
                    }
                    if (!src.hasRemaining() || timeoutNanos < 0) {
                        return total;
                    }
                    if (n == 0) {
                        await(timeoutNanos, deadline, "Write timed out");
                    }
                }
                peer.fire();
            }
        } finally {
            if (total > 0) {
                peer.fire();
            }
        }
    }

    @Override
    public int write(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        return write(ByteBuffer.wrap(b, off, len), timeoutNanos);
    }

    @Override
    public void shutdown(int how) throws IOException {
        synchronized (lock) {
            open();
            if (!connected) {
                throw new SocketException("shutdown: ENOTCONN (errno 107)");
            }
            if (how == StackInstance.SHUT_WR || how == StackInstance.SHUT_RDWR) {
                out.writerDone = true;
            }
            if (how == StackInstance.SHUT_RD || how == StackInstance.SHUT_RDWR) {
                in.writerDone = true;
            }
            lock.notifyAll();
        }
        peer.fire();
        fire();
    }

    @Override
    public void setOption(SocketOption option, long value) throws IOException {
        synchronized (lock) {
            open();
            if (option == SocketOption.SO_ERROR || option.kind() != SocketOption.Kind.NUMERIC) {
                throw new SocketException("setsockopt: ENOPROTOOPT (errno 92)");
            }
            options.put(option, value);
        }
    }

    @Override
    public long getOption(SocketOption option) throws IOException {
        synchronized (lock) {
            open();
            return options.getOrDefault(option, 0L);
        }
    }

    @Override
    public long localEndpoint() throws IOException {
        synchronized (lock) {
            open();
            return local < 0 ? Endpoint.pack(0, 0) : local;
        }
    }

    @Override
    public long peerEndpoint() throws IOException {
        synchronized (lock) {
            open();
            if (!connected) {
                throw new SocketException("getpeername: ENOTCONN (errno 107)");
            }
            return peer.local;
        }
    }

    @Override
    public int readyOps() {
        synchronized (lock) {
            if (closed) {
                return Readiness.READ | Readiness.WRITE;
            }
            int ops = 0;
            if (listening && !backlog.isEmpty()) {
                ops |= Readiness.ACCEPT;
            }
            if (connecting && (connected || refused)) {
                ops |= Readiness.CONNECT;
            }
            if (connected) {
                if (in.count > 0 || in.writerDone) {
                    ops |= Readiness.READ;
                }
                if (out.room() > 0 || out.readerGone) {
                    ops |= Readiness.WRITE;
                }
            }
            return ops;
        }
    }

    @Override
    public void readinessListener(Runnable l) {
        listener = l;
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    @Override
    public void close() {
        LoopbackSocket[] pending;
        LoopbackSocket other;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (in != null) {
                in.readerGone = true;
            }
            if (out != null) {
                out.writerDone = true;
            }
            pending = backlog.toArray(new LoopbackSocket[0]);
            backlog.clear();
            if (local >= 0) {
                guest.network().unbind(local, this);
            }
            other = peer;
            lock.notifyAll();
        }
        guest.forget(this);
        for (LoopbackSocket s : pending) {
            s.close();
        }
        if (other != null) {
            other.fire();
        }
        fire();
    }

    private void fire() {
        Runnable l = listener;
        if (l != null) {
            l.run();
        }
    }

    private void open() throws SocketException {
        if (closed) {
            throw new SocketException("Socket closed");
        }
    }

    private void await(long timeoutNanos, long deadline, String timeoutMessage) throws IOException {
        try {
            if (timeoutNanos == 0) {
                lock.wait();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException(timeoutMessage);
                }
                lock.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        } catch (InterruptedException e) {
            // GuestSocket ignores interrupts (as java.net.Socket does): keep waiting, restore the status later.
            INTERRUPTED.set(Boolean.TRUE);
        }
    }

    private static final ThreadLocal<Boolean> INTERRUPTED = new ThreadLocal<>();

    /** Restores an interrupt swallowed while waiting; call when a blocking operation ends. */
    private static void restoreInterrupt() {
        if (INTERRUPTED.get() != null) {
            INTERRUPTED.remove();
            Thread.currentThread().interrupt();
        }
    }
}
