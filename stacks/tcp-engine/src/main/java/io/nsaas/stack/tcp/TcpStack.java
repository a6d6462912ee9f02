package io.nsaas.stack.tcp;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.StackLogger;
import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.rtt.RttEstimator;
import io.nsaas.stack.tcp.wire.TcpSegment;
import java.util.Objects;
import java.util.function.Supplier;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayList;

/**
 * The engine as a {@link StackInstance}: a socket table with Linux non-blocking semantics over the
 * RFC 9293 state machine ({@link SegmentArrival}), output ({@link Transmitter}), loss recovery
 * ({@link LossRecovery}), reception ({@link DataReception}) and timers ({@link ConnectionTimers}).
 *
 * <p>Threading: owned by one NSM thread; every method, {@link #onPacket} and {@link #onTimer} run there.
 * Errors are {@code -errno}; nothing throws for bad input, and {@link #onPacket} never throws.
 */
public final class TcpStack implements StackInstance {
    private static final int MAX_SOCKET_ARRAY = 1 << 16;

    final StackHost host;
    final StackEvents events;
    final TcpConfig config;
    final StackLogger logger;
    final TcpStats stats = new TcpStats();
    final ConnectionTable table;
    final Transmitter transmitter;
    final SegmentArrival arrival;
    final DataReception reception;
    final LossRecovery recovery;
    final ConnectionTimers timers;
    final Termination termination;
    final Ecn ecn;
    private final Supplier<? extends CongestionControl> ccFactory;
    private final String ccName;
    private final IsnGenerator isn;
    private final TcpSegment segment = new TcpSegment();
    private final SocketOptions options;
    private Connection[] sockets = new Connection[64];
    private final IntArrayList freeIds = new IntArrayList();
    private int nextId;
    private int openSockets;

    /**
     * @param host   the tenant's host (clock, timers, random, transmit)
     * @param events where socket events go
     * @param config engine settings
     * @param cc     makes one congestion-control instance per connection
     */
    public TcpStack(StackHost host, StackEvents events, TcpConfig config, Supplier<? extends CongestionControl> cc) {
        this.host = Objects.requireNonNull(host, "host");
        this.events = Objects.requireNonNull(events, "events");
        this.config = Objects.requireNonNull(config, "config");
        this.ccFactory = Objects.requireNonNull(cc, "cc");
        this.ccName = cc.get().name();
        this.logger = host.logger();
        this.isn = new IsnGenerator(host.random());
        this.table = new ConnectionTable(host.random());
        this.transmitter = new Transmitter(this);
        this.arrival = new SegmentArrival(this);
        this.reception = new DataReception(this);
        this.recovery = new LossRecovery(this);
        this.timers = new ConnectionTimers(this);
        this.termination = new Termination(this);
        this.ecn = new Ecn(this);
        this.options = new SocketOptions(this);
    }

    /** @return the live stack-wide counters */
    public TcpStats stats() {
        return stats;
    }

    /** @return the congestion-control algorithm's name */
    public String algorithm() {
        return ccName;
    }

    /** @return connections in the demux table (including TIME_WAIT and embryonic ones) */
    public int connectionCount() {
        return table.size();
    }

    // ---------------------------------------------------------------- socket calls (RFC 9293 3.10.1-3.10.6)

    @Override
    public int open() {
        if (openSockets >= config.maxSockets) {
            return -Errno.EMFILE;
        }
        Connection c = newConnection(null);
        return register(c);
    }

    private int register(Connection c) {
        int id;
        if (!freeIds.isEmpty()) {
            id = freeIds.removeAt(freeIds.size() - 1);
        } else {
            id = nextId++;
            if (id >= sockets.length) {
                Connection[] grown = new Connection[Math.min(sockets.length * 2, Math.max(MAX_SOCKET_ARRAY, id + 1))];
                System.arraycopy(sockets, 0, grown, 0, sockets.length);
                sockets = grown;
            }
        }
        sockets[id] = c;
        c.socketId = id;
        openSockets++;
        return id;
    }

    Connection newConnection(Connection parent) {
        Connection c = new Connection(this, ccFactory.get(),
            new RttEstimator(config.minRtoUs, config.maxRtoUs, config.initialRtoUs));
        c.advMss = config.advertisedMss();
        if (parent == null) {
            c.sndBufSize = config.sndBuf;
            c.rcvBufSize = config.rcvBuf;
            c.nodelay = config.nodelayDefault;
        } else {
            c.sndBufSize = parent.sndBufSize;
            c.rcvBufSize = parent.rcvBufSize;
            c.nodelay = parent.nodelay;
            c.keepalive = parent.keepalive;
            c.userTimeoutNanos = parent.userTimeoutNanos;
            c.linger = parent.linger;
            c.advMss = parent.advMss;
        }
        return c;
    }

    Connection socket(int id) {
        return id >= 0 && id < sockets.length ? sockets[id] : null;
    }

    @Override
    public int bind(int socket, int address, int port) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        if (c.bound || c.state != State.CLOSED || c.remotePort != 0) {
            return -Errno.EINVAL;
        }
        if (address != Endpoint.ANY_ADDRESS && address != host.localAddress()) {
            return -Errno.EADDRNOTAVAIL;
        }
        if (port < 0 || port > 0xFFFF) {
            return -Errno.EINVAL;
        }
        if (port == 0) {
            port = table.ephemeralPort(0, 0);
            if (port < 0) {
                return -Errno.EADDRINUSE;
            }
        } else if (!table.canBind(c, port)) {
            return -Errno.EADDRINUSE;
        }
        table.bind(c, port);
        c.localAddress = host.localAddress();
        return 0;
    }

    @Override
    public int listen(int socket, int backlog) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        int clamped = Math.max(0, Math.min(backlog, config.maxBacklog));
        if (c.state == State.LISTEN) {
            c.listener.backlog = clamped;
            return 0;
        }
        if (c.state != State.CLOSED || c.remotePort != 0) {
            return -Errno.EINVAL;
        }
        if (!c.bound) {
            int rc = bind(socket, Endpoint.ANY_ADDRESS, 0);
            if (rc < 0) {
                return rc;
            }
        }
        if (!table.canListen(c, c.localPort)) {
            return -Errno.EADDRINUSE;
        }
        c.listener = new Listener(clamped);
        c.setState(State.LISTEN);
        table.addListener(c);
        return 0;
    }

    @Override
    public int accept(int socket) {
        Connection l = socket(socket);
        if (l == null) {
            return -Errno.EBADF;
        }
        if (l.state != State.LISTEN) {
            return -Errno.EINVAL;
        }
        if (openSockets >= config.maxSockets) {
            return -Errno.EMFILE;
        }
        Connection child = l.listener.acceptQueue.poll();
        if (child == null) {
            return -Errno.EAGAIN;
        }
        child.parent = null;
        int id = register(child);
        if (child.readable() > 0 || child.finReceived) {
            events.onReadable(id); // data or FIN arrived before accept: no event was raised for it yet
        }
        return id;
    }

    @Override
    public int connect(int socket, int address, int port) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        switch (c.state) {
            case SYN_SENT: case SYN_RECEIVED:
                return -Errno.EALREADY;
            case LISTEN:
                return -Errno.EISCONN;
            case CLOSED:
                break;
            default:
                return -Errno.EISCONN;
        }
        if (c.remotePort != 0) {
            if (!c.connectPending) {
                return -Errno.EISCONN; // a finished connection is not reused (as a Linux socket after reset)
            }
            c = reopenAfterFailedConnect(socket, c);
        }
        if (port <= 0 || port > 0xFFFF || address == Endpoint.ANY_ADDRESS) {
            return port == 0 ? -Errno.ECONNREFUSED : -Errno.EINVAL;
        }
        if (!c.bound) {
            int local = table.ephemeralPort(address, port);
            if (local < 0) {
                return -Errno.EADDRNOTAVAIL;
            }
            table.bind(c, local);
        } else if (table.find(address, port, c.localPort) != null) {
            return -Errno.EADDRNOTAVAIL;
        }
        c.localAddress = host.localAddress();
        c.remoteAddress = address;
        c.remotePort = port;
        c.rcvWscale = config.windowScaling ? windowScale(c.rcvBufSize) : 0;
        initSendSequence(c);
        ecn.beforeConnect(c);
        c.setState(State.SYN_SENT);
        table.insert(c);
        c.connectPending = true;
        transmitter.sendSyn(c);
        c.rttSeq = c.iss + 1;
        c.rttStartNanos = host.nanoTime();
        armRetransmit(c);
        return -Errno.EINPROGRESS;
    }

    /**
     * Linux: a socket whose connect failed (refused, timed out) is unconnected again and may connect
     * anew. The failed TCB is replaced by a fresh one that keeps the socket's options and its port.
     */
    private Connection reopenAfterFailedConnect(int socket, Connection failed) {
        Connection c = newConnection(failed);
        c.reuseAddress = failed.reuseAddress;
        if (failed.bound) {
            table.unbind(failed);
            table.bind(c, failed.localPort);
        }
        sockets[socket] = c;
        c.socketId = socket;
        return c;
    }

    @Override
    public int send(int socket, DirectBuffer src, int offset, int length) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        if (length < 0 || offset < 0 || src == null || (long) offset + length > src.capacity()) {
            return -Errno.EINVAL;
        }
        if (c.shutWrite || c.finQueued || c.pendingError != 0 || c.resetPending) {
            return -Errno.EPIPE;
        }
        switch (c.state) {
            case SYN_SENT: case SYN_RECEIVED:
                // Linux sk_stream_wait_connect: no byte is queued before the handshake completes
                c.wantWritable = true;
                return length == 0 ? 0 : -Errno.EAGAIN;
            case ESTABLISHED: case CLOSE_WAIT:
                break;
            default:
                // Linux tcp_sendmsg: a socket that is not (being) connected, never-connected and
                // listening ones included, fails in sk_stream_wait_connect with EPIPE, not ENOTCONN.
                return -Errno.EPIPE;
        }
        if (length == 0) {
            return 0;
        }
        int accepted = c.sendBuffer().append(src, offset, length);
        if (accepted < length) {
            c.wantWritable = true;
        }
        if (accepted == 0) {
            return -Errno.EAGAIN;
        }
        transmitter.push(c);
        return accepted;
    }

    @Override
    public int recv(int socket, MutableDirectBuffer dst, int offset, int length) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        if (length < 0 || offset < 0 || dst == null || (long) offset + length > dst.capacity()) {
            return -Errno.EINVAL;
        }
        if (c.resetPending) {
            c.resetPending = false;
            return -Errno.ECONNRESET;
        }
        if (c.readable() > 0) { // Linux tcp_recvmsg: bytes queued before or after SHUT_RD are still read
            int n = c.receiveBuffer.read(dst, offset, length);
            windowUpdateAfterRead(c);
            return n;
        }
        if (c.finReceived || c.shutRead) {
            return 0;
        }
        switch (c.state) {
            case CLOSED:
                return c.remotePort != 0 ? 0 : -Errno.ENOTCONN;
            case LISTEN:
                return -Errno.ENOTCONN;
            default:
                return length == 0 ? 0 : -Errno.EAGAIN;
        }
    }

    /** Linux tcp_cleanup_rbuf: after a read opened the window a lot, tell the peer at once. */
    private void windowUpdateAfterRead(Connection c) {
        if (!c.state.receivesData() || c.finReceived) {
            return;
        }
        int current = c.rcvAdv - c.rcvNxt;
        int possible = c.receiveSpace();
        if (possible - current >= Math.max(c.advMss, 1) && 2 * (long) current <= c.rcvBufSize && possible >= 2L * current) {
            transmitter.sendAck(c);
        }
    }

    @Override
    public int shutdown(int socket, int how) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        if (how < SHUT_RD || how > SHUT_RDWR) {
            return -Errno.EINVAL;
        }
        switch (c.state) {
            case CLOSED:
                return -Errno.ENOTCONN;
            case LISTEN:
                if (how != SHUT_WR) {
                    termination.closeListener(c); // Linux inet_shutdown: reading shut down stops listening
                }
                return 0; // SHUT_WR of a listener changes nothing
            case SYN_SENT:
                termination.abort(c, Errno.ECONNRESET, false); // Linux: disconnects; tcp_disconnect sets ECONNRESET
                return 0;
            default:
                break;
        }
        if (how != SHUT_WR) {
            c.shutRead = true;
            events.onReadable(socket);
        }
        if (how != SHUT_RD && !c.shutWrite) {
            c.shutWrite = true;
            queueFin(c);
        }
        return 0;
    }

    /** RFC 9293 3.10.4 CLOSE: queue our FIN behind the data and move to FIN-WAIT-1 or LAST-ACK. */
    private void queueFin(Connection c) {
        switch (c.state) {
            case SYN_RECEIVED: case ESTABLISHED:
                c.setState(State.FIN_WAIT_1);
                break;
            case CLOSE_WAIT:
                c.setState(State.LAST_ACK);
                break;
            default:
                return;
        }
        c.finQueued = true;
        transmitter.push(c);
    }

    @Override
    public int close(int socket) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        sockets[socket] = null;
        freeIds.addInt(socket);
        openSockets--;
        c.socketId = -1;
        c.closedReported = true;
        switch (c.state) {
            case LISTEN:
                termination.closeListener(c);
                break;
            case CLOSED:
                table.unbind(c);
                break;
            case SYN_SENT:
                termination.finish(c, 0); // 3.10.4 SYN-SENT: delete the TCB
                break;
            case TIME_WAIT: case LAST_ACK: case CLOSING:
                break; // already closing; the orphan lingers until the state ends
            case FIN_WAIT_2:
                timers.set(c, Connection.TIMER_WAIT, host.nanoTime() + config.finTimeoutNanos);
                break;
            default:
                boolean lingerZero = c.linger >= 0 && SocketOption.lingerOn(c.linger) && SocketOption.lingerSeconds(c.linger) == 0;
                if (c.readable() > 0 || lingerZero) {
                    termination.abort(c, 0, true); // Linux: unread data or SO_LINGER 0 resets (RFC 2525 2.17)
                } else if (!c.finQueued) {
                    c.shutWrite = true;
                    queueFin(c);
                }
                break;
        }
        return 0;
    }

    @Override
    public int setOption(int socket, SocketOption option, long value) {
        Connection c = socket(socket);
        return c == null ? -Errno.EBADF : options.set(c, option, value);
    }

    @Override
    public long getOption(int socket, SocketOption option) {
        Connection c = socket(socket);
        return c == null ? -Errno.EBADF : options.get(c, option);
    }

    @Override
    public int setOptionBytes(int socket, SocketOption option, DirectBuffer src, int offset, int length) {
        Connection c = socket(socket);
        return c == null ? -Errno.EBADF : options.setBytes(c, option, src, offset, length);
    }

    @Override
    public int getOptionBytes(int socket, SocketOption option, MutableDirectBuffer dst, int offset, int length) {
        Connection c = socket(socket);
        return c == null ? -Errno.EBADF : options.getBytes(c, option, dst, offset, length);
    }

    @Override
    public long localEndpoint(int socket) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        return Endpoint.pack(c.bound || c.remotePort != 0 ? host.localAddress() : 0, c.localPort);
    }

    @Override
    public long peerEndpoint(int socket) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        if (c.state == State.CLOSED || c.state == State.LISTEN || c.state == State.SYN_SENT) {
            return -Errno.ENOTCONN;
        }
        return Endpoint.pack(c.remoteAddress, c.remotePort);
    }

    @Override
    public int info(int socket, TcpInfo into) {
        Connection c = socket(socket);
        if (c == null) {
            return -Errno.EBADF;
        }
        ConnectionInfo.fill(c, into);
        return 0;
    }

    // ---------------------------------------------------------------- packets and timers

    @Override
    public void onPacket(DirectBuffer packet, int offset, int length) {
        stats.packetsIn++;
        try {
            int code = segment.parse(packet, offset, length);
            if (code != TcpSegment.OK) {
                if (code == TcpSegment.BAD_TCP_CHECKSUM || code == TcpSegment.BAD_IP_CHECKSUM) {
                    stats.badChecksum++;
                } else {
                    stats.malformed++;
                }
                return;
            }
            if (segment.destinationAddress() != host.localAddress()) {
                stats.malformed++;
                return;
            }
            Connection c = table.find(segment.sourceAddress(), segment.sourcePort(), segment.destinationPort());
            if (c == null) {
                c = table.listener(segment.destinationPort());
            }
            if (c == null) {
                stats.noSocket++;
                transmitter.sendResetReply(segment); // RFC 9293 3.10.7.1
                return;
            }
            arrival.arrive(c, segment);
        } catch (RuntimeException e) {
            stats.internalErrors++;
            logger.error("dropped a segment after an internal error: {}", e.toString());
        }
    }

    @Override
    public void onTimer(long timerId, long nowNanos) {
        try {
            timers.onTimer(timerId, nowNanos);
        } catch (RuntimeException e) {
            stats.internalErrors++;
            logger.error("timer {} failed: {}", timerId, e.toString());
        }
    }

    @Override
    public void destroy() {
        for (Connection c : table.all()) {
            if (c.state.synchronizedState() && c.state != State.TIME_WAIT) {
                transmitter.sendReset(c);
            }
            timers.cancelAll(c);
            table.remove(c);
            c.setState(State.CLOSED);
        }
        for (int i = 0; i < sockets.length; i++) {
            if (sockets[i] != null) {
                timers.cancelAll(sockets[i]);
                sockets[i] = null;
            }
        }
        openSockets = 0;
    }

    // ---------------------------------------------------------------- shared by the processing classes

    void initSendSequence(Connection c) {
        long now = host.nanoTime();
        c.iss = isn.isn(c.localAddress, c.localPort, c.remoteAddress, c.remotePort, now);
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.iss + 1;
        c.recover = c.iss;
        c.highRxt = c.iss;
        c.tsOffset = isn.tsOffset(c.localAddress, c.localPort, c.remoteAddress, c.remotePort);
    }

    void armRetransmit(Connection c) {
        timers.set(c, Connection.TIMER_RETRANSMIT, host.nanoTime() + c.rtt.rtoUs() * 1000);
    }

    /** @return the smallest window shift that lets a buffer of this size be advertised (RFC 7323 2.3) */
    static int windowScale(int bufferBytes) {
        int shift = 0;
        while (shift < 14 && (bufferBytes >> shift) > 65_535) {
            shift++;
        }
        return shift;
    }

    /** Test and diagnostics access: the state of a socket, or null. */
    State state(int socket) {
        Connection c = socket(socket);
        return c == null ? null : c.state;
    }
}
