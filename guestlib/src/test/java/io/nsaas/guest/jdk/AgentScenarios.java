package io.nsaas.guest.jdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Unmodified-application scenarios run in a child JVM started with the agent over the loopback fake
 * ({@link AgentInChildJvmTest}). Each prints {@code RESULT key=value} lines the test checks, and exits
 * non-zero on failure.
 */
public final class AgentScenarios {

    private AgentScenarios() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("RESULT provider=" + SelectorProvider.provider().getClass().getName());
        switch (args[0]) {
            case "http" -> http(Integer.parseInt(args[1]));
            case "classic" -> classic();
            case "limits" -> limits();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.println("RESULT connections=" + LoopbackGuestConnector.attached.network().connections());
        System.exit(0);
    }

    private static byte[] body(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The JDK's HttpServer and HttpClient exchange a body of {@code size} bytes each way. */
    private static void http(int size) throws Exception {
        byte[] request = body(1, size);
        byte[] response = body(2, size);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 8080), 16);
        server.createContext("/echo-hash", exchange -> {
            byte[] got = exchange.getRequestBody().readAllBytes();
            try {
                exchange.getResponseHeaders().add("X-Request-Sha256", sha256(got));
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://10.0.0.1:8080/echo-hash"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
            System.out.println("RESULT status=" + r.statusCode());
            System.out.println("RESULT request-sha-match=" + sha256(request).equals(r.headers()
                    .firstValue("X-Request-Sha256").orElse("missing")));
            System.out.println("RESULT response-sha-match=" + sha256(response).equals(sha256(r.body())));
            System.out.println("RESULT server-address=" + server.getAddress());
        } finally {
            server.stop(0);
        }
    }

    /** java.net.Socket / ServerSocket through the installed SocketImplFactory: echo and timeouts. */
    private static void classic() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("10.0.0.1"))) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                    e.printStackTrace();
                }
            });
            echo.start();
            byte[] data = body(3, 1 << 20);
            try (Socket client = new Socket()) {
                client.connect(server.getLocalSocketAddress(), 5000);
                Thread writer = new Thread(() -> {
                    try {
                        client.getOutputStream().write(data);
                        client.shutdownOutput();
                    } catch (IOException e) {
                        e.printStackTrace();
                    }
                });
                writer.start();
                byte[] back = client.getInputStream().readAllBytes();
                System.out.println("RESULT echo-match=" + Arrays.equals(data, back));
            }
            echo.join();
            server.setSoTimeout(100);
            System.out.println("RESULT accept-timeout=" + timesOut(() -> server.accept()));
            Thread quiet = new Thread(() -> {
                try {
                    server.setSoTimeout(0);
                    Socket s = server.accept();
                    Thread.sleep(2000);
                    s.close();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            quiet.setDaemon(true);
            quiet.start();
            try (Socket client = new Socket(InetAddress.getByName("10.0.0.1"), server.getLocalPort())) {
                client.setSoTimeout(150);
                InputStream in = client.getInputStream();
                System.out.println("RESULT read-timeout=" + timesOut(in::read));
            }
        }
    }

    private interface Blocking {
        Object run() throws IOException;
    }

    private static boolean timesOut(Blocking op) throws IOException {
        try {
            op.run();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    /** What nsaas does not serve fails at once with a clear message. */
    private static void limits() throws Exception {
        try (DatagramSocket udp = new DatagramSocket()) {
            System.out.println("RESULT udp=opened " + udp);
        } catch (SocketException e) {
            System.out.println("RESULT udp=" + e.getMessage());
        }
        try (AsynchronousSocketChannel async = AsynchronousSocketChannel.open()) {
            System.out.println("RESULT async=opened " + async);
        } catch (UnsupportedOperationException e) {
            System.out.println("RESULT async=" + e.getMessage());
        }
    }
}
