package io.nsaas.demo;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server on classic {@link ServerSocket} / {@link Socket}, nothing else. Each connection starts
 * with one mode byte:
 * <ul>
 *   <li>{@code 'X'} (exchange): the client sends an 8-byte big-endian length N and N bytes; the server
 *       answers the 32-byte SHA-256 of what it read, then the first N bytes of {@link PatternBytes}, and
 *       closes;</li>
 *   <li>{@code 'P'} (ping): the client sends a 4-byte count K, then K times one byte that the server
 *       echoes.</li>
 * </ul>
 * Usage: {@code SocketBulkServer BIND_ADDRESS PORT} (port 0: any). Prints {@code READY host:port},
 * serves each connection on its own thread until standard input closes, then exits 0.
 */
public final class SocketBulkServer {

    static final byte EXCHANGE = 'X';
    static final byte PING = 'P';
    static final long MAX_EXCHANGE = 1L << 32;

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();

    private SocketBulkServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SocketBulkServer BIND_ADDRESS PORT");
            System.exit(2);
        }
        new SocketBulkServer().serve(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
    }

    private void serve(InetAddress bind, int port) throws IOException {
        ServerSocket server = new ServerSocket(port, 50, bind);
        Thread acceptor = new Thread(() -> acceptLoop(server), "accept");
        acceptor.setDaemon(true);
        acceptor.start();
        Results.ready(server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
        Results.awaitStdinClosed();
        server.close();
        Results.print("server-connections", connections.get());
        Results.print("server-bytes-received", bytesReceived.get());
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread worker = new Thread(() -> handle(socket), "connection-" + connections.get());
                worker.setDaemon(true);
                worker.start();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                System.err.println("SocketBulkServer: accept failed: " + e);
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), PatternBytes.CHUNK);
            int mode = in.read();
            if (mode == EXCHANGE) {
                exchange(in, new DataOutputStream(out));
            } else if (mode == PING) {
                echo(in, out);
            } else if (mode >= 0) {
                System.err.println("SocketBulkServer: unknown mode byte " + mode + " from " + socket.getRemoteSocketAddress());
            }
        } catch (IOException e) {
            System.err.println("SocketBulkServer: connection from " + socket.getRemoteSocketAddress() + " failed: " + e);
        }
    }

    private void exchange(DataInputStream in, DataOutputStream out) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > MAX_EXCHANGE) {
            throw new IOException("exchange length " + length + " out of range 0.." + MAX_EXCHANGE);
        }
        MessageDigest sha = PatternBytes.newSha256();
        byte[] chunk = new byte[PatternBytes.CHUNK];
        for (long left = length; left > 0; ) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                throw new IOException("peer closed with " + left + " of " + length + " bytes unsent");
            }
            sha.update(chunk, 0, n);
            left -= n;
        }
        bytesReceived.addAndGet(length);
        out.write(sha.digest());
        PatternBytes.write(out, length);
        out.flush();
    }

    private static void echo(DataInputStream in, OutputStream out) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            out.write(b);
            out.flush();
        }
    }
}
