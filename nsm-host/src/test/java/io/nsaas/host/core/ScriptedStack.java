package io.nsaas.host.core;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A stack double with Linux non-blocking semantics the test scripts: bytes to receive, send space,
 * connections waiting to be accepted, connect results. It records every call, so a test can check
 * that a rejected NQE never reached the stack. Stack socket ids start at 500 so they never look like
 * the host's tenant ids.
 */
final class ScriptedStack implements StackInstance {
    /** One socket of the double. */
    static final class Sock {
        boolean listening;
        final ArrayDeque<Integer> acceptable = new ArrayDeque<>();
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        long sentCount;
        boolean keepSent = true;
        int sendSpace = Integer.MAX_VALUE;
        /** Most bytes one send call takes, like a kernel that copies part of a write and returns. */
        int maxPerSend = Integer.MAX_VALUE;
        /** Set when a send answered -EAGAIN: only then does a Linux-like stack owe onWritable. */
        boolean owesWritable;
        final ArrayDeque<Byte> inbound = new ArrayDeque<>();
        boolean eof;
        int recvErrno;
        boolean writeShut;
        long local;
        long peer = -Errno.ENOTCONN;
        final Map<SocketOption, Long> options = new EnumMap<>(SocketOption.class);
        String congestion = "reno";
    }

    final Map<Integer, Sock> sockets = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<Integer> closed = new ArrayList<>();
    int nextId = 500;
    int openResult;
    int connectResult = -Errno.EINPROGRESS;
    int bindResult;
    boolean record = true;
    boolean destroyed;

    Sock sock(int id) {
        return sockets.get(id);
    }

    /** Puts bytes in the socket's receive queue (then call the engine's onReadable). */
    void deliver(int id, byte[] bytes) {
        for (byte b : bytes) {
            sockets.get(id).inbound.add(b);
        }
    }

    /** Makes a connection ready on a listening socket. @return the child's stack id */
    int incoming(int listener, long peer) {
        int child = nextId++;
        Sock sock = new Sock();
        sock.peer = peer;
        sockets.put(child, sock);
        sockets.get(listener).acceptable.add(child);
        return child;
    }

    private void call(String what) {
        if (record) {
            calls.add(what);
        }
    }

    private void call(String what, int socket) {
        if (record) {
            calls.add(what + socket);
        }
    }

    @Override
    public int open() {
        call("open");
        if (openResult < 0) {
            return openResult;
        }
        int id = nextId++;
        sockets.put(id, new Sock());
        return id;
    }

    @Override
    public int bind(int socket, int address, int port) {
        call("bind ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (bindResult < 0) {
            return bindResult;
        }
        s.local = Endpoint.pack(address, port == 0 ? 40000 : port);
        return 0;
    }

    @Override
    public int listen(int socket, int backlog) {
        call("listen ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        s.listening = true;
        return 0;
    }

    @Override
    public int accept(int socket) {
        call("accept ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (!s.listening) {
            return -Errno.EINVAL;
        }
        Integer child = s.acceptable.poll();
        return child == null ? -Errno.EAGAIN : child;
    }

    @Override
    public int connect(int socket, int address, int port) {
        call("connect ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        s.peer = Endpoint.pack(address, port);
        return connectResult;
    }

    @Override
    public int send(int socket, DirectBuffer src, int offset, int length) {
        call("send ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (s.writeShut) {
            return -Errno.EPIPE;
        }
        if (s.sendSpace == 0) {
            s.owesWritable = true;
            return -Errno.EAGAIN;
        }
        int n = Math.min(Math.min(length, s.sendSpace), s.maxPerSend);
        if (s.sendSpace != Integer.MAX_VALUE) {
            s.sendSpace -= n;
        }
        if (s.keepSent) {
            for (int i = 0; i < n; i++) {
                s.sent.write(src.getByte(offset + i));
            }
        }
        s.sentCount += n;
        return n;
    }

    @Override
    public int recv(int socket, MutableDirectBuffer dst, int offset, int length) {
        call("recv ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (!s.inbound.isEmpty()) {
            int n = 0;
            while (n < length && !s.inbound.isEmpty()) {
                dst.putByte(offset + n++, s.inbound.poll());
            }
            return n;
        }
        if (s.recvErrno != 0) {
            return -s.recvErrno;
        }
        return s.eof ? 0 : -Errno.EAGAIN;
    }

    @Override
    public int shutdown(int socket, int how) {
        call("shutdown ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (how != SHUT_RD) {
            s.writeShut = true;
        }
        if (how != SHUT_WR) {
            s.eof = true;
        }
        return 0;
    }

    @Override
    public int close(int socket) {
        call("close ", socket);
        if (sockets.remove(socket) == null) {
            return -Errno.EBADF;
        }
        closed.add(socket);
        return 0;
    }

    @Override
    public int setOption(int socket, SocketOption option, long value) {
        call("setOption ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (option == SocketOption.SO_ERROR) {
            return -Errno.ENOPROTOOPT;
        }
        s.options.put(option, value);
        return 0;
    }

    @Override
    public long getOption(int socket, SocketOption option) {
        call("getOption ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        return s.options.getOrDefault(option, 0L);
    }

    @Override
    public int setOptionBytes(int socket, SocketOption option, DirectBuffer src, int offset, int length) {
        call("setOptionBytes ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        String name = src.getStringWithoutLengthAscii(offset, length);
        if (!name.equals("reno") && !name.equals("cubic")) {
            return -Errno.ENOENT;
        }
        s.congestion = name;
        return 0;
    }

    @Override
    public int getOptionBytes(int socket, SocketOption option, MutableDirectBuffer dst, int offset, int length) {
        call("getOptionBytes ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        if (length < s.congestion.length()) {
            return -Errno.EINVAL;
        }
        return dst.putStringWithoutLengthAscii(offset, s.congestion);
    }

    @Override
    public long localEndpoint(int socket) {
        call("localEndpoint ", socket);
        Sock s = sockets.get(socket);
        return s == null ? -Errno.EBADF : s.local;
    }

    @Override
    public long peerEndpoint(int socket) {
        call("peerEndpoint ", socket);
        Sock s = sockets.get(socket);
        return s == null ? -Errno.EBADF : s.peer;
    }

    @Override
    public int info(int socket, TcpInfo into) {
        call("info ", socket);
        Sock s = sockets.get(socket);
        if (s == null) {
            return -Errno.EBADF;
        }
        into.clear();
        into.state = TcpState.ESTABLISHED;
        into.algorithm = s.congestion;
        into.sndCwnd = 10;
        into.rttUs = 1234;
        into.bytesAcked = s.sentCount;
        into.algorithmValue("alpha", 0.5);
        return 0;
    }

    @Override
    public void destroy() {
        call("destroy");
        destroyed = true;
        sockets.clear();
    }
}
