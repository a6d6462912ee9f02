package io.nsaas.demo;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A client on classic {@link Socket}, nothing else, for {@link SocketBulkServer}: sends N bytes and
 * checks the SHA-256 the server computed, receives N bytes and checks their SHA-256, then times K
 * one-byte round trips on a second connection.
 *
 * <p>Usage: {@code SocketBulkClient HOST PORT BYTES PINGS CONNECT_TIMEOUT_MS}. Prints {@code RESULT}
 * lines; exits 0 when both digests matched, 1 otherwise or on any error, 3 when the connection
 * could not be made (with the reason on stderr).
 */
public final class SocketBulkClient {

    /** Exit code when the server cannot be reached at all. */
    static final int EXIT_UNREACHABLE = 3;
    private static final int READ_TIMEOUT_MS = 60_000;

    private SocketBulkClient() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: SocketBulkClient HOST PORT BYTES PINGS CONNECT_TIMEOUT_MS");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int connectTimeout = Integer.parseInt(args[4]);
        Socket socket;
        try {
            socket = connect(server, connectTimeout);
        } catch (IOException e) {
            Results.print("connect", "failed");
            System.err.println("SocketBulkClient: cannot connect to " + server + ": " + e);
            System.exit(EXIT_UNREACHABLE);
            return;
        }
        try {
            boolean ok = exchange(socket, Long.parseLong(args[2]));
            ping(server, connectTimeout, Integer.parseInt(args[3]));
            System.exit(ok ? 0 : 1);
        } catch (IOException | RuntimeException e) {
            System.err.println("SocketBulkClient: " + server + ": " + e);
            System.exit(1);
        }
    }

    private static Socket connect(InetSocketAddress server, int timeoutMs) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(server, timeoutMs);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            Results.print("connect", "ok");
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static boolean exchange(Socket socket, long bytes) throws IOException {
        byte[] expected = PatternBytes.sha256(bytes);
        Results.print("expected-sha256", PatternBytes.hex(expected));
        try (socket) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), PatternBytes.CHUNK));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long start = System.nanoTime();
            out.writeByte(SocketBulkServer.EXCHANGE);
            out.writeLong(bytes);
            PatternBytes.write(out, bytes);
            out.flush();
            byte[] serverDigest = new byte[32];
            in.readFully(serverDigest);
            long uploaded = System.nanoTime();
            byte[] received = readAndHash(in, bytes);
            long downloaded = System.nanoTime();
            boolean upMatch = Arrays.equals(expected, serverDigest);
            boolean downMatch = Arrays.equals(expected, received);
            Results.print("send-bytes", bytes);
            Results.print("send-sha256-at-server", PatternBytes.hex(serverDigest));
            Results.print("send-sha-match", upMatch);
            Results.printDecimal("send-seconds", (uploaded - start) / 1e9);
            Results.printDecimal("send-mbps", Results.mbps(bytes, uploaded - start));
            Results.print("recv-bytes", bytes);
            Results.print("recv-sha256", PatternBytes.hex(received));
            Results.print("recv-sha-match", downMatch);
            Results.printDecimal("recv-seconds", (downloaded - uploaded) / 1e9);
            Results.printDecimal("recv-mbps", Results.mbps(bytes, downloaded - uploaded));
            return upMatch && downMatch;
        }
    }

    private static byte[] readAndHash(InputStream in, long bytes) throws IOException {
        MessageDigest sha = PatternBytes.newSha256();
        byte[] chunk = new byte[PatternBytes.CHUNK];
        for (long left = bytes; left > 0; ) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                throw new IOException("server closed with " + left + " of " + bytes + " bytes unreceived");
            }
            sha.update(chunk, 0, n);
            left -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("server sent more than " + bytes + " bytes");
        }
        return sha.digest();
    }

    private static void ping(InetSocketAddress server, int connectTimeout, int pings) throws IOException {
        if (pings <= 0) {
            return;
        }
        try (Socket socket = connect(server, connectTimeout)) {
            socket.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            InputStream in = socket.getInputStream();
            out.writeByte(SocketBulkServer.PING);
            out.writeInt(pings);
            long[] nanos = new long[pings];
            for (int i = 0; i < pings; i++) {
                long start = System.nanoTime();
                out.write(i & 0x7F);
                if (in.read() != (i & 0x7F)) {
                    throw new IOException("ping " + i + ": wrong or missing echo");
                }
                nanos[i] = System.nanoTime() - start;
            }
            Results.print("pings", pings);
            Results.printDecimal("ping-p50-us", Results.quantileMicros(nanos, 0.50));
            Results.printDecimal("ping-p99-us", Results.quantileMicros(nanos, 0.99));
        }
    }
}
