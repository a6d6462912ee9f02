package io.nsaas.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * An HTTP client on the JDK's own {@code java.net.http.HttpClient}, nothing else. Against an
 * {@link HttpBulkServer}: downloads N bytes and checks their SHA-256, uploads N bytes and checks the
 * SHA-256 the server computed, then times small requests.
 *
 * <p>Usage: {@code HttpBulkClient http://HOST:PORT BYTES PINGS}. Prints {@code RESULT} lines (bytes,
 * SHA-256 of each direction and whether it matched, seconds, Mbit/s, ping p50/p99 in microseconds);
 * exits 0 when both digests matched, 1 otherwise or on any error (with the reason on stderr).
 */
public final class HttpBulkClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HttpBulkClient() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: HttpBulkClient http://HOST:PORT BYTES PINGS");
            System.exit(2);
        }
        try {
            boolean ok = run(URI.create(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]));
            System.exit(ok ? 0 : 1);
        } catch (IOException | RuntimeException e) {
            System.err.println("HttpBulkClient: " + args[0] + ": " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            System.exit(1);
        }
    }

    private static boolean run(URI base, long bytes, int pings) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String expected = PatternBytes.hex(PatternBytes.sha256(bytes));
        Results.print("expected-sha256", expected);
        boolean download = download(client, base, bytes, expected);
        boolean upload = upload(client, base, bytes, expected);
        ping(client, base, pings);
        return download && upload;
    }

    private static boolean download(HttpClient client, URI base, long bytes, String expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/bulk?bytes=" + bytes)).timeout(TIMEOUT).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest sha = PatternBytes.newSha256();
        long total = 0;
        byte[] chunk = new byte[PatternBytes.CHUNK];
        try (InputStream in = response.body()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                sha.update(chunk, 0, n);
                total += n;
            }
        }
        long nanos = System.nanoTime() - start;
        String got = PatternBytes.hex(sha.digest());
        Results.print("get-status", response.statusCode());
        Results.print("get-bytes", total);
        Results.print("get-sha256", got);
        Results.printDecimal("get-seconds", nanos / 1e9);
        Results.printDecimal("get-mbps", Results.mbps(total, nanos));
        boolean match = response.statusCode() == 200 && total == bytes && got.equals(expected);
        Results.print("get-sha-match", match);
        return match;
    }

    private static boolean upload(HttpClient client, URI base, long bytes, String expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/digest")).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> PatternBytes.stream(bytes)), bytes))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        String answer = response.body().trim();
        Results.print("post-status", response.statusCode());
        Results.print("post-bytes", bytes);
        Results.print("post-answer", answer.replace(' ', ','));
        Results.printDecimal("post-seconds", nanos / 1e9);
        Results.printDecimal("post-mbps", Results.mbps(bytes, nanos));
        boolean match = response.statusCode() == 200 && answer.equals("bytes=" + bytes + " sha256=" + expected);
        Results.print("post-sha-match", match);
        return match;
    }

    private static void ping(HttpClient client, URI base, int pings) throws IOException, InterruptedException {
        if (pings <= 0) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/ping")).timeout(TIMEOUT).build();
        long[] nanos = new long[pings];
        for (int i = 0; i < pings; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IOException("GET /ping answered " + response.statusCode());
            }
        }
        Results.print("http-pings", pings);
        Results.printDecimal("http-ping-p50-us", Results.quantileMicros(nanos, 0.50));
        Results.printDecimal("http-ping-p99-us", Results.quantileMicros(nanos, 0.99));
    }
}
