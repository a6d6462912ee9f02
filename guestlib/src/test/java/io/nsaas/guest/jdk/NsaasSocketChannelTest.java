package io.nsaas.guest.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.SocketOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NsaasSocketChannelTest {

    private final LoopbackGuest guest = new LoopbackGuest(new LoopbackNetwork(), "t1");
    private final NsaasSelectorProvider provider = new NsaasSelectorProvider(() -> guest);

    @AfterEach
    void detach() {
        guest.close();
    }

    private ServerSocketChannel listener() throws IOException {
        ServerSocketChannel server = provider.openServerSocketChannel();
        server.bind(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 0));
        return server;
    }

    @Test
    void blockingChannelsEchoAndSeeEndOfStreamAfterShutdownOutput() throws Exception {
        try (ServerSocketChannel server = listener(); SocketChannel client = provider.openSocketChannel()) {
            assertTrue(client.connect(server.getLocalAddress()));
            assertTrue(client.isConnected());
            try (SocketChannel accepted = server.accept()) {
                assertTrue(accepted.isBlocking());
                assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
                assertEquals(server.getLocalAddress(), client.getRemoteAddress());
                byte[] data = new byte[300_000];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) (i ^ i >>> 8);
                }
                CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                    try {
                        ByteBuffer buf = ByteBuffer.allocate(10_000);
                        while (accepted.read(buf) >= 0) {
                            buf.flip();
                            accepted.write(buf);
                            buf.clear();
                        }
                        accepted.shutdownOutput();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
                    try {
                        ByteBuffer all = ByteBuffer.allocate(data.length + 1);
                        while (client.read(all) >= 0) {
                            assertTrue(all.position() <= data.length, "more bytes came back than were sent");
                        }
                        return java.util.Arrays.copyOf(all.array(), all.position());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertEquals(data.length, client.write(ByteBuffer.wrap(data)));
                client.shutdownOutput();
                assertArrayEquals(data, reader.get(20, TimeUnit.SECONDS));
                echo.get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void serverSocketAdaptorBindsWithBacklogAsHttpServerDoes() throws Exception {
        try (ServerSocketChannel server = provider.openServerSocketChannel()) {
            ServerSocket socket = server.socket();
            assertFalse(socket.isBound());
            socket.bind(new InetSocketAddress(0), 7);
            assertTrue(socket.isBound());
            InetSocketAddress bound = (InetSocketAddress) socket.getLocalSocketAddress();
            assertEquals(InetAddress.getByName("10.0.0.1"), bound.getAddress(), "wildcard binds the tenant address");
            assertTrue(bound.getPort() > 0);
            assertEquals(server.getLocalAddress(), bound);
            assertThrows(SocketException.class, () -> socket.bind(new InetSocketAddress(0), 7));
            assertTrue(socket.getChannel() == server);
        }
    }

    @Test
    void socketAdaptorStreamsCarryDataAndReadsTimeOutAfterSoTimeout() throws Exception {
        try (ServerSocketChannel server = listener(); SocketChannel client = provider.openSocketChannel()) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                Socket socket = client.socket();
                socket.setSoTimeout(150);
                InputStream in = socket.getInputStream();
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, in::read);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(took >= 140 && took < 5000, "read timed out after " + took + " ms");
                assertTrue(client.isOpen(), "a read timeout does not close the socket");
                OutputStream out = accepted.socket().getOutputStream();
                out.write(new byte[] {5, 6, 7});
                assertEquals(3, waitAvailable(in, 3));
                assertEquals(5, in.read());
                byte[] rest = new byte[2];
                assertEquals(2, in.read(rest));
                assertArrayEquals(new byte[] {6, 7}, rest);
                client.configureBlocking(false);
                assertThrows(IllegalBlockingModeException.class, in::read);
            }
        }
    }

    private static int waitAvailable(InputStream in, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int n;
        while ((n = in.available()) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return n;
    }

    @Test
    void optionsSetThroughChannelAndAdaptorReachTheGuestSocket() throws Exception {
        try (ServerSocketChannel server = listener(); SocketChannel client = provider.openSocketChannel()) {
            client.connect(server.getLocalAddress());
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            assertTrue(client.socket().getTcpNoDelay());
            client.socket().setSoLinger(true, 3);
            assertEquals(3, client.getOption(StandardSocketOptions.SO_LINGER));
            NsaasSocketChannel channel = (NsaasSocketChannel) client;
            assertEquals(SocketOption.linger(true, 3), channel.guestSocket().getOption(SocketOption.SO_LINGER));
            client.socket().setSoLinger(false, 0);
            assertEquals(-1, client.socket().getSoLinger());
            client.socket().setSendBufferSize(12345);
            assertEquals(12345L, channel.guestSocket().getOption(SocketOption.SO_SNDBUF));
            assertThrows(UnsupportedOperationException.class,
                    () -> client.setOption(StandardSocketOptions.IP_TOS, 4));
            server.socket().setReuseAddress(true);
            assertTrue(server.getOption(StandardSocketOptions.SO_REUSEADDR));
        }
    }

    @Test
    void connectToAPortNobodyListensOnIsRefusedAndClosesTheChannel() throws Exception {
        SocketChannel client = provider.openSocketChannel();
        ConnectException e = assertThrows(ConnectException.class,
                () -> client.connect(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 9)));
        assertEquals("Connection refused", e.getMessage());
        assertFalse(client.isOpen());
    }

    @Test
    void ipv6AndUnresolvedAddressesAreRefusedWithClearErrors() throws Exception {
        try (SocketChannel client = provider.openSocketChannel()) {
            SocketException e = assertThrows(SocketException.class,
                    () -> client.connect(new InetSocketAddress(InetAddress.getByName("::1"), 80)));
            assertTrue(e.getMessage().contains("IPv6 is not supported"), e.getMessage());
        }
        try (SocketChannel client = provider.openSocketChannel()) {
            assertThrows(UnresolvedAddressException.class,
                    () -> client.connect(InetSocketAddress.createUnresolved("no-such-host.invalid", 80)));
        }
        UnsupportedOperationException udp = assertThrows(UnsupportedOperationException.class,
                provider::openDatagramChannel);
        assertTrue(udp.getMessage().contains("UDP"), udp.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> provider.openSocketChannel(StandardProtocolFamily.INET6));
    }

    @Test
    void unixDomainChannelsAreServedByTheJdkDefaultProvider() throws Exception {
        Path dir = Files.createTempDirectory("nsaas-uds");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = provider.openServerSocketChannel(StandardProtocolFamily.UNIX);
                SocketChannel client = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
            assertFalse(server instanceof NsaasServerSocketChannel);
            server.bind(address);
            client.connect(address);
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, accepted.read(one));
                assertEquals(42, one.get(0));
            }
        } finally {
            Files.deleteIfExists(address.getPath());
            Files.delete(dir);
        }
    }

    @Test
    void interruptingABlockedReadClosesTheChannel() throws Exception {
        try (ServerSocketChannel server = listener(); SocketChannel client = provider.openSocketChannel()) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try {
                        client.read(ByteBuffer.allocate(10));
                        outcome.complete(null);
                    } catch (Throwable e) {
                        outcome.complete(e);
                    }
                });
                reader.start();
                Thread.sleep(100);
                reader.interrupt();
                assertTrue(outcome.get(5, TimeUnit.SECONDS) instanceof ClosedByInterruptException,
                        "got " + outcome.get());
                assertFalse(client.isOpen());
                assertEquals(-1, accepted.read(ByteBuffer.allocate(1)), "the peer sees the close");
            }
        }
    }

    @Test
    void openingAChannelWithoutAGuestSaysHowToAttach() {
        NsaasSelectorProvider unattached = new NsaasSelectorProvider(GuestBinding::current);
        SocketException e = assertThrows(SocketException.class, unattached::openSocketChannel);
        assertTrue(e.getMessage().contains("-javaagent:nsaas-guestlib.jar=tenant=ID,token=TOKEN,control=PATH"),
                e.getMessage());
    }
}
