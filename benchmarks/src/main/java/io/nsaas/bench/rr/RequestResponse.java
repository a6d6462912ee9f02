package io.nsaas.bench.rr;

import io.nsaas.bench.run.BenchArguments;
import io.nsaas.bench.run.LatencySamples;
import io.nsaas.bench.run.Peer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@code benchmarks/rr-latency.sh}: a plain {@code java.net} 1-byte request/response over one TCP
 * connection with {@code TCP_NODELAY}. Uses only the JDK, so the same program runs over Linux
 * (baseline) and, unchanged, under the nsaas java agent.
 *
 * <pre>
 *   RequestResponse server BIND_ADDRESS PORT            echoes each byte of one connection, then exits
 *   RequestResponse client HOST PORT WARMUP N           prints RESULT rr ... after N timed round trips
 * </pre>
 * The server prints {@code LISTENING <address>:<port>} once it accepts connections.
 */
public final class RequestResponse {
    static final String USAGE = "RequestResponse server BIND_ADDRESS PORT | RequestResponse client HOST PORT WARMUP N";

    private RequestResponse() {
    }

    public static void main(String[] args) throws IOException {
        try {
            BenchArguments a = BenchArguments.expect(USAGE, args, 3, 5);
            InetAddress address = InetAddress.getByName(a.text(1, null));
            int port = a.integer(2, "PORT", 1, 65535);
            switch (a.text(0, "")) {
                case "server" -> serve(new InetSocketAddress(address, port));
                case "client" -> {
                    int warmup = a.integer(3, "WARMUP", 0, Integer.MAX_VALUE);
                    int n = a.integer(4, "N", 1, Integer.MAX_VALUE);
                    try (Socket socket = Peer.connect(new InetSocketAddress(address, port))) {
                        System.out.println(client(socket, warmup, n).resultLine("rr"));
                    }
                }
                default -> throw new IllegalArgumentException("mode must be server or client; usage: " + USAGE);
            }
        } catch (IllegalArgumentException e) {
            BenchArguments.fail("RequestResponse", e);
        }
    }

    /** Binds, says LISTENING, accepts one connection and echoes it. */
    static void serve(InetSocketAddress bind) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(bind);
            System.out.println("LISTENING " + bind.getAddress().getHostAddress() + ":" + server.getLocalPort());
            echoOne(server);
        }
    }

    /** Accepts one connection on {@code server} and echoes every byte until the client closes. */
    static void echoOne(ServerSocket server) throws IOException {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
            }
        }
    }

    /** Sends one byte and reads its echo {@code warmup + n} times, timing the last {@code n}. */
    static LatencySamples client(Socket socket, int warmup, int n) throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        LatencySamples samples = new LatencySamples(n);
        for (long i = 0; i < (long) warmup + n; i++) {
            int request = (int) (i & 0xFF);
            long start = System.nanoTime();
            out.write(request);
            int response = in.read();
            long elapsed = System.nanoTime() - start;
            if (response != request) {
                throw response < 0 ? new EOFException("server closed after " + i + " round trips")
                    : new IOException("server echoed " + response + " for " + request + " at round trip " + i);
            }
            if (i >= warmup) {
                samples.add(elapsed);
            }
        }
        return samples;
    }
}
