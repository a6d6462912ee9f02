package io.nsaas.conformance.mutants.plugin;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The wrapped stack instance with the socket-level and inbound mutations applied
 * ({@link Mutation#WRONG_ERRNO}, {@link Mutation#IGNORES_RST}); every other call is delegated unchanged.
 */
final class MutantInstance implements StackInstance {
    private final StackInstance stack;
    private final Mutation mutation;

    MutantInstance(StackInstance stack, Mutation mutation) {
        this.stack = stack;
        this.mutation = mutation;
    }

    /** @return the events sink the wrapped stack reports to: ECONNREFUSED becomes ETIMEDOUT for the wrong-errno mutant */
    static StackEvents events(StackEvents events, Mutation mutation) {
        if (mutation != Mutation.WRONG_ERRNO) {
            return events;
        }
        return new StackEvents() {
            @Override
            public void onConnected(int socket) {
                events.onConnected(socket);
            }

            @Override
            public void onReadable(int socket) {
                events.onReadable(socket);
            }

            @Override
            public void onWritable(int socket) {
                events.onWritable(socket);
            }

            @Override
            public void onAcceptable(int socket) {
                events.onAcceptable(socket);
            }

            @Override
            public void onClosed(int socket, int errno) {
                events.onClosed(socket, wrongErrno(errno));
            }
        };
    }

    private static int wrongErrno(int errno) {
        return errno == Errno.ECONNREFUSED ? Errno.ETIMEDOUT : errno;
    }

    private long mutateResult(long result) {
        if (mutation == Mutation.WRONG_ERRNO && result == -Errno.ECONNREFUSED) {
            return -Errno.ETIMEDOUT;
        }
        return result;
    }

    @Override
    public void onPacket(DirectBuffer packet, int offset, int length) {
        if (mutation == Mutation.IGNORES_RST) {
            int tcp = TcpSegmentView.tcpOffset(packet, offset, length);
            if (tcp >= 0 && (TcpSegmentView.flags(packet, tcp) & TcpSegmentView.FLAG_RST) != 0) {
                return;
            }
        }
        stack.onPacket(packet, offset, length);
    }

    @Override
    public int connect(int socket, int address, int port) {
        return (int) mutateResult(stack.connect(socket, address, port));
    }

    @Override
    public long getOption(int socket, SocketOption option) {
        long value = stack.getOption(socket, option);
        return option == SocketOption.SO_ERROR && mutation == Mutation.WRONG_ERRNO ? wrongErrno((int) value) : value;
    }

    @Override
    public int send(int socket, DirectBuffer src, int offset, int length) {
        return (int) mutateResult(stack.send(socket, src, offset, length));
    }

    @Override
    public int recv(int socket, MutableDirectBuffer dst, int offset, int length) {
        return (int) mutateResult(stack.recv(socket, dst, offset, length));
    }

    @Override
    public int open() {
        return stack.open();
    }

    @Override
    public int bind(int socket, int address, int port) {
        return stack.bind(socket, address, port);
    }

    @Override
    public int listen(int socket, int backlog) {
        return stack.listen(socket, backlog);
    }

    @Override
    public int accept(int socket) {
        return stack.accept(socket);
    }

    @Override
    public int shutdown(int socket, int how) {
        return stack.shutdown(socket, how);
    }

    @Override
    public int close(int socket) {
        return stack.close(socket);
    }

    @Override
    public int setOption(int socket, SocketOption option, long value) {
        return stack.setOption(socket, option, value);
    }

    @Override
    public int setOptionBytes(int socket, SocketOption option, DirectBuffer src, int offset, int length) {
        return stack.setOptionBytes(socket, option, src, offset, length);
    }

    @Override
    public int getOptionBytes(int socket, SocketOption option, MutableDirectBuffer dst, int offset, int length) {
        return stack.getOptionBytes(socket, option, dst, offset, length);
    }

    @Override
    public long localEndpoint(int socket) {
        return stack.localEndpoint(socket);
    }

    @Override
    public long peerEndpoint(int socket) {
        return stack.peerEndpoint(socket);
    }

    @Override
    public int info(int socket, TcpInfo into) {
        return stack.info(socket, into);
    }

    @Override
    public void onTimer(long timerId, long nowNanos) {
        stack.onTimer(timerId, nowNanos);
    }

    @Override
    public int doWork() {
        return stack.doWork();
    }

    @Override
    public void destroy() {
        stack.destroy();
    }
}
