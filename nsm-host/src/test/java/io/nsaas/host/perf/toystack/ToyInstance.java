package io.nsaas.host.perf.toystack;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** One tenant's toy sockets. See {@link ToyStreamStack}. */
final class ToyInstance implements StackInstance {
    /** Receive window per connection: the most a sender may have in flight plus unread. */
    static final int WINDOW = 256 * 1024;

    private static final int FRESH = 0;
    private static final int LISTEN = 1;
    private static final int SYN_SENT = 2;
    private static final int ESTABLISHED = 3;
    private static final int CLOSED = 4;

    private final StackHost host;
    private final StackEvents events;
    private final List<Sock> sockets = new ArrayList<>();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[ToyPacket.HEADER + ToyPacket.MAX_PAYLOAD]);
    private int nextEphemeral = 40000;

    private static final class Sock {
        final int id;
        int state = FRESH;
        int localPort;
        int remoteAddress;
        int remotePort;
        int error;
        final ArrayDeque<Integer> backlog = new ArrayDeque<>();
        byte[] rx;
        long rxWritten;
        long rxRead;
        boolean rxFin;
        boolean txFin;
        long txSent;
        long txLimit;
        boolean wantWritable;

        Sock(int id) {
            this.id = id;
        }
    }

    ToyInstance(StackHost host, StackEvents events) {
        this.host = host;
        this.events = events;
    }

    private Sock sock(int id) {
        return id >= 0 && id < sockets.size() ? sockets.get(id) : null;
    }

    @Override
    public int open() {
        Sock sock = new Sock(sockets.size());
        sockets.add(sock);
        return sock.id;
    }

    @Override
    public int bind(int socket, int address, int port) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.localPort != 0) {
            return -Errno.EINVAL;
        }
        if (address != Endpoint.ANY_ADDRESS && address != host.localAddress()) {
            return -Errno.EADDRNOTAVAIL;
        }
        for (Sock other : sockets) {
            if (other != null && port != 0 && other.localPort == port && other.state != ESTABLISHED) {
                return -Errno.EADDRINUSE;
            }
        }
        sock.localPort = port == 0 ? nextEphemeral++ : port;
        return 0;
    }

    @Override
    public int listen(int socket, int backlog) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.state != FRESH) {
            return -Errno.EINVAL;
        }
        if (sock.localPort == 0) {
            sock.localPort = nextEphemeral++;
        }
        sock.state = LISTEN;
        return 0;
    }

    @Override
    public int accept(int socket) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.state != LISTEN) {
            return -Errno.EINVAL;
        }
        Integer child = sock.backlog.poll();
        return child == null ? -Errno.EAGAIN : child;
    }

    @Override
    public int connect(int socket, int address, int port) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.state != FRESH) {
            return sock.state == SYN_SENT ? -Errno.EALREADY : -Errno.EISCONN;
        }
        if (sock.localPort == 0) {
            sock.localPort = nextEphemeral++;
        }
        sock.remoteAddress = address;
        sock.remotePort = port;
        sock.state = SYN_SENT;
        emit(sock, ToyPacket.SYN, 0, 0);
        return -Errno.EINPROGRESS;
    }

    @Override
    public int send(int socket, DirectBuffer src, int offset, int length) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.state == CLOSED || sock.txFin) {
            return -Errno.EPIPE;
        }
        if (sock.state != ESTABLISHED) {
            return -Errno.ENOTCONN;
        }
        long credit = sock.txLimit - sock.txSent;
        if (credit <= 0) {
            sock.wantWritable = true;
            return -Errno.EAGAIN;
        }
        int total = (int) Math.min(length, credit);
        for (int done = 0; done < total; ) {
            int chunk = Math.min(ToyPacket.MAX_PAYLOAD, total - done);
            out.putBytes(ToyPacket.HEADER, src, offset + done, chunk);
            emit(sock, ToyPacket.DATA, sock.txSent, chunk);
            sock.txSent += chunk;
            done += chunk;
        }
        return total;
    }

    @Override
    public int recv(int socket, MutableDirectBuffer dst, int offset, int length) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.state == CLOSED && sock.error != 0) {
            return -sock.error;
        }
        long available = sock.rxWritten - sock.rxRead;
        if (available == 0) {
            return sock.rxFin ? 0 : sock.state == ESTABLISHED ? -Errno.EAGAIN : -Errno.ENOTCONN;
        }
        int n = (int) Math.min(length, available);
        int at = (int) (sock.rxRead % WINDOW);
        int first = Math.min(n, WINDOW - at);
        dst.putBytes(offset, sock.rx, at, first);
        dst.putBytes(offset + first, sock.rx, 0, n - first);
        sock.rxRead += n;
        emit(sock, ToyPacket.CREDIT, sock.rxRead + WINDOW, 0);
        return n;
    }

    @Override
    public int shutdown(int socket, int how) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (how < SHUT_RD || how > SHUT_RDWR) {
            return -Errno.EINVAL;
        }
        if (sock.state != ESTABLISHED) {
            return -Errno.ENOTCONN;
        }
        if (how != SHUT_RD && !sock.txFin) {
            sock.txFin = true;
            emit(sock, ToyPacket.FIN, sock.txSent, 0);
        }
        return 0;
    }

    @Override
    public int close(int socket) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        if (sock.state == ESTABLISHED && !sock.txFin) {
            emit(sock, ToyPacket.FIN, sock.txSent, 0);
        }
        sockets.set(socket, null);
        return 0;
    }

    @Override
    public int setOption(int socket, SocketOption option, long value) {
        return sock(socket) == null ? -Errno.EBADF : -Errno.ENOPROTOOPT;
    }

    @Override
    public long getOption(int socket, SocketOption option) {
        return sock(socket) == null ? -Errno.EBADF : -Errno.ENOPROTOOPT;
    }

    @Override
    public long localEndpoint(int socket) {
        Sock sock = sock(socket);
        return sock == null ? -Errno.EBADF : Endpoint.pack(host.localAddress(), sock.localPort);
    }

    @Override
    public long peerEndpoint(int socket) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        return sock.state == ESTABLISHED ? Endpoint.pack(sock.remoteAddress, sock.remotePort) : -Errno.ENOTCONN;
    }

    @Override
    public int info(int socket, TcpInfo into) {
        Sock sock = sock(socket);
        if (sock == null) {
            return -Errno.EBADF;
        }
        into.clear();
        into.state = sock.state == ESTABLISHED ? TcpState.ESTABLISHED : sock.state == LISTEN ? TcpState.LISTEN
            : sock.state == SYN_SENT ? TcpState.SYN_SENT : TcpState.CLOSED;
        into.algorithm = "toy";
        into.bytesSent = sock.txSent;
        into.bytesReceived = sock.rxWritten;
        return 0;
    }

    @Override
    public void onPacket(DirectBuffer packet, int offset, int length) {
        if (length < ToyPacket.HEADER || (packet.getByte(offset + 9) & 0xFF) != ToyPacket.PROTOCOL) {
            return;
        }
        int total = packet.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int source = packet.getInt(offset + 12, ByteOrder.BIG_ENDIAN);
        int type = packet.getByte(offset + ToyPacket.TYPE);
        int sourcePort = packet.getShort(offset + ToyPacket.SOURCE_PORT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int port = packet.getShort(offset + ToyPacket.DESTINATION_PORT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        long value = packet.getLong(offset + ToyPacket.VALUE, ByteOrder.BIG_ENDIAN);
        Sock connection = null;
        Sock listener = null;
        for (Sock sock : sockets) {
            if (sock == null || sock.localPort != port) {
                continue;
            }
            if (sock.state == LISTEN) {
                listener = sock;
            } else if (sock.remoteAddress == source && sock.remotePort == sourcePort) {
                connection = sock;
            }
        }
        if (connection != null) {
            onSegment(connection, type, value, packet, offset + ToyPacket.HEADER, Math.min(total, length) - ToyPacket.HEADER);
        } else if (type == ToyPacket.SYN && listener != null) {
            Sock child = new Sock(sockets.size());
            sockets.add(child);
            child.localPort = port;
            child.remoteAddress = source;
            child.remotePort = sourcePort;
            established(child);
            emit(child, ToyPacket.SYN_ACK, 0, 0);
            listener.backlog.add(child.id);
            events.onAcceptable(listener.id);
        } else if (type != ToyPacket.RST) {
            ToyPacket.write(out, host.localAddress(), source, ToyPacket.RST, port, sourcePort, 0, 0);
            host.transmit(out, 0, ToyPacket.HEADER);
        }
    }

    private void onSegment(Sock sock, int type, long value, DirectBuffer packet, int payload, int length) {
        switch (type) {
            case ToyPacket.SYN_ACK:
                if (sock.state == SYN_SENT) {
                    established(sock);
                    events.onConnected(sock.id);
                }
                break;
            case ToyPacket.DATA:
                if (value == sock.rxWritten && sock.rxWritten - sock.rxRead + length <= WINDOW && !sock.rxFin) {
                    int at = (int) (sock.rxWritten % WINDOW);
                    int first = Math.min(length, WINDOW - at);
                    packet.getBytes(payload, sock.rx, at, first);
                    packet.getBytes(payload + first, sock.rx, 0, length - first);
                    sock.rxWritten += length;
                    events.onReadable(sock.id);
                }
                break;
            case ToyPacket.FIN:
                sock.rxFin = true;
                events.onReadable(sock.id);
                break;
            case ToyPacket.CREDIT:
                if (value > sock.txLimit) {
                    sock.txLimit = value;
                    if (sock.wantWritable) {
                        sock.wantWritable = false;
                        events.onWritable(sock.id);
                    }
                }
                break;
            case ToyPacket.RST:
                sock.error = sock.state == SYN_SENT ? Errno.ECONNREFUSED : Errno.ECONNRESET;
                sock.state = CLOSED;
                events.onClosed(sock.id, sock.error);
                break;
            default:
                break;
        }
    }

    private void established(Sock sock) {
        sock.state = ESTABLISHED;
        sock.rx = new byte[WINDOW];
        sock.txLimit = WINDOW;
    }

    private void emit(Sock sock, int type, long value, int payload) {
        int length = ToyPacket.write(out, host.localAddress(), sock.remoteAddress, type, sock.localPort,
            sock.remotePort, value, payload);
        host.transmit(out, 0, length);
    }

    @Override
    public void destroy() {
        sockets.clear();
    }
}
