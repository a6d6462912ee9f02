package io.nsaas.guest.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;

/**
 * The {@link SocketImpl} handed to the {@link java.net.Socket} / {@link java.net.ServerSocket}
 * constructors by the channel adaptors. The adaptors override every public method and route it to
 * their channel, so the JDK never reaches this impl; if a future JDK method does, it fails loudly
 * with a message naming the gap instead of acting on a socket that does not exist.
 */
final class ChannelOwnedSocketImpl extends SocketImpl {

    private static SocketException notThroughChannel(String operation) {
        return new SocketException("nsaas: " + operation + " on a channel adaptor is not routed to its channel;"
                + " use the channel (getChannel()) for this operation");
    }

    @Override
    protected void create(boolean stream) throws IOException {
        throw notThroughChannel("create");
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        throw notThroughChannel("connect");
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        throw notThroughChannel("connect");
    }

    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
        throw notThroughChannel("connect");
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        throw notThroughChannel("bind");
    }

    @Override
    protected void listen(int backlog) throws IOException {
        throw notThroughChannel("listen");
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        throw notThroughChannel("accept");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        throw notThroughChannel("getInputStream");
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        throw notThroughChannel("getOutputStream");
    }

    @Override
    protected int available() throws IOException {
        throw notThroughChannel("available");
    }

    @Override
    protected void close() throws IOException {
        throw notThroughChannel("close");
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw notThroughChannel("sendUrgentData");
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        throw notThroughChannel("setOption");
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        throw notThroughChannel("getOption");
    }
}
