package io.nsaas.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on the JDK's own {@code com.sun.net.httpserver.HttpServer}, nothing else:
 * <ul>
 *   <li>{@code GET /bulk?bytes=N}: the first N bytes of {@link PatternBytes} (N at most 1 GiB);</li>
 *   <li>{@code POST /digest}: answers {@code bytes=N sha256=HEX} of the request body;</li>
 *   <li>{@code GET /ping}: a one-byte body, for latency.</li>
 * </ul>
 * Usage: {@code HttpBulkServer BIND_ADDRESS PORT} (port 0: any). Prints {@code READY host:port} once
 * listening, serves until standard input closes, then prints what it served and exits 0.
 */
public final class HttpBulkServer {

    static final long MAX_BULK = 1L << 30;

    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private HttpBulkServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: HttpBulkServer BIND_ADDRESS PORT");
            System.exit(2);
        }
        new HttpBulkServer().serve(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    }

    private void serve(InetSocketAddress bind) throws IOException {
        // The JDK server writes headers and a small body separately; without TCP_NODELAY each small
        // response would wait for the client's delayed ACK (about 40 ms on Linux).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(bind, 50);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        server.setExecutor(workers);
        server.createContext("/bulk", this::bulk);
        server.createContext("/digest", this::digest);
        server.createContext("/ping", this::ping);
        server.start();
        InetSocketAddress bound = server.getAddress();
        Results.ready(bound.getAddress().getHostAddress() + ":" + bound.getPort());
        Results.awaitStdinClosed();
        server.stop(0);
        workers.shutdownNow();
        Results.print("server-requests", requests.get());
        Results.print("server-bytes-served", bytesServed.get());
        Results.print("server-bytes-received", bytesReceived.get());
    }

    private void bulk(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        long length = bulkLength(exchange.getRequestURI().getQuery());
        if (length < 0) {
            respond(exchange, 400, "expected /bulk?bytes=N with 0 <= N <= " + MAX_BULK);
            return;
        }
        exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
        try (OutputStream body = exchange.getResponseBody()) {
            PatternBytes.write(body, length);
        }
        bytesServed.addAndGet(length);
    }

    private void digest(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "POST the body to digest");
            return;
        }
        MessageDigest sha = PatternBytes.newSha256();
        long total = 0;
        byte[] chunk = new byte[PatternBytes.CHUNK];
        try (InputStream in = exchange.getRequestBody()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                sha.update(chunk, 0, n);
                total += n;
            }
        }
        bytesReceived.addAndGet(total);
        respond(exchange, 200, "bytes=" + total + " sha256=" + PatternBytes.hex(sha.digest()));
    }

    private void ping(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().close();
        respond(exchange, 200, "p");
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** @return N of {@code bytes=N}, or -1 when the query is missing, malformed or out of range */
    static long bulkLength(String query) {
        if (query == null || !query.startsWith("bytes=")) {
            return -1;
        }
        try {
            long n = Long.parseLong(query.substring("bytes=".length()));
            return n < 0 || n > MAX_BULK ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
