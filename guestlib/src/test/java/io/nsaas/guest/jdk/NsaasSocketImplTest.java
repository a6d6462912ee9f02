package io.nsaas.guest.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Classic {@link Socket} / {@link ServerSocket} over {@link NsaasSocketImpl} without installing the
 * JVM-wide factories (that is done in a child JVM by {@link AgentInChildJvmTest}): the sockets are
 * built with the protected constructors that take a SocketImpl.
 */
class NsaasSocketImplTest {

    private final LoopbackGuest guest = new LoopbackGuest(new LoopbackNetwork(), "t1");
    private final NsaasSocketImplFactory factory = new NsaasSocketImplFactory(() -> guest);

    @AfterEach
    void detach() {
        guest.close();
    }

    private static final class ImplSocket extends Socket {
        ImplSocket(SocketImpl impl) throws SocketException {
            super(impl);
        }
    }

    private final class ImplServerSocket extends ServerSocket {
        ImplServerSocket() throws IOException {
            super(factory.createSocketImpl());
        }

        @Override
        public Socket accept() throws IOException {
            Socket s = new ImplSocket(factory.createSocketImpl());
            implAccept(s);
            return s;
        }
    }

    @Test
    void classicSocketsEchoThroughTheImpl() throws Exception {
        try (ServerSocket server = new ImplServerSocket()) {
            server.bind(new InetSocketAddress(0), 5);
            assertEquals(InetAddress.getByName("10.0.0.1"), server.getInetAddress());
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket client = new ImplSocket(factory.createSocketImpl())) {
                client.connect(server.getLocalSocketAddress(), 2000);
                assertEquals(server.getLocalPort(), client.getPort());
                assertEquals(InetAddress.getByName("10.0.0.1"), client.getLocalAddress());
                client.setTcpNoDelay(true);
                assertTrue(client.getTcpNoDelay());
                byte[] data = new byte[200_000];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (i * 13);
                }
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.getInputStream().readNBytes(data.length);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                client.getOutputStream().write(data);
                assertArrayEquals(data, back.get(20, TimeUnit.SECONDS));
                client.shutdownOutput();
                echo.get(5, TimeUnit.SECONDS);
                assertEquals(-1, client.getInputStream().read());
            }
        }
    }

    @Test
    void readAndAcceptTimeOutAfterSoTimeout() throws Exception {
        try (ServerSocket server = new ImplServerSocket()) {
            server.bind(new InetSocketAddress(0));
            server.setSoTimeout(100);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, server::accept);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 90);
            try (Socket client = new ImplSocket(factory.createSocketImpl())) {
                client.connect(server.getLocalSocketAddress());
                client.setSoTimeout(120);
                assertEquals(120, client.getSoTimeout());
                InputStream in = client.getInputStream();
                start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, in::read);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(took >= 110 && took < 5000, "read timed out after " + took + " ms");
            }
        }
    }

    @Test
    void datagramImplIsRefusedAndUnsupportedOptionsSayWhat() throws Exception {
        SocketException udp = assertThrows(SocketException.class,
                () -> new NsaasSocketImpl(() -> guest).create(false));
        assertTrue(udp.getMessage().contains("datagram"), udp.getMessage());
        try (Socket client = new ImplSocket(factory.createSocketImpl())) {
            client.bind(new InetSocketAddress(0));
            SocketException tos = assertThrows(SocketException.class, () -> client.setTrafficClass(8));
            assertTrue(tos.getMessage().contains("not supported"), tos.getMessage());
        }
    }
}
