package io.nsaas.bench.rr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nsaas.bench.run.LatencySamples;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RequestResponseTest {

    @Test
    void clientTimesEveryRoundTripAfterTheWarmUpAgainstTheEchoServer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try {
                    RequestResponse.echoOne(server);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                LatencySamples samples = RequestResponse.client(socket, 300, 700);
                assertEquals(700, samples.count());
            }
            echo.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientFailsWhenTheServerClosesInsteadOfEchoing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try {
                    server.accept().close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                EOFException e = assertThrows(EOFException.class, () -> RequestResponse.client(socket, 0, 10));
                assertEquals("server closed after 0 round trips", e.getMessage());
            }
        }
    }
}
