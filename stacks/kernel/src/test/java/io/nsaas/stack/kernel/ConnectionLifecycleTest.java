package io.nsaas.stack.kernel;

import static io.nsaas.stack.kernel.KernelStackHarness.LOOPBACK;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.ACCEPTABLE;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.CLOSED;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.CONNECTED;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.READABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest {
    private static final int SO_TIMEOUT_MS = 3000;

    @Test
    void connectsToAJdkServerSocketAndExchangesBytes() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.stack.open();
            int rc = h.stack.connect(socket, LOOPBACK, server.getLocalPort());
            assertTrue(rc == -Errno.EINPROGRESS || rc == 0, "connect: " + Errno.name(rc));
            try (Socket peer = accept(server)) {
                if (rc == -Errno.EINPROGRESS) {
                    h.pollUntil("onConnected", () -> h.events.has(CONNECTED, socket));
                }
                assertEquals(Endpoint.pack(LOOPBACK, server.getLocalPort()), h.stack.peerEndpoint(socket));
                assertEquals(Endpoint.pack(LOOPBACK, peer.getPort()), h.stack.localEndpoint(socket));
                assertEquals(5, h.stack.send(socket, ascii("hello"), 0, 5));
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), peer.getInputStream().readNBytes(5));
                peer.getOutputStream().write("world".getBytes(StandardCharsets.US_ASCII));
                h.pollUntil("onReadable", () -> h.events.has(READABLE, socket));
                UnsafeBuffer received = new UnsafeBuffer(new byte[16]);
                assertEquals(5, h.stack.recv(socket, received, 3, 13));
                assertEquals("world", received.getStringWithoutLengthAscii(3, 5));
            }
        }
    }

    @Test
    void acceptsAConnectionFromAJdkSocketAfterOnAcceptable() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int listener = h.listener();
            assertEquals(-Errno.EAGAIN, h.stack.accept(listener), "nothing to accept yet");
            try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), h.port(listener))) {
                h.pollUntil("onAcceptable", () -> h.events.has(ACCEPTABLE, listener));
                int socket = h.stack.accept(listener);
                assertTrue(socket >= 0 && socket != listener, "accept: " + Errno.name(socket));
                assertEquals(-Errno.EAGAIN, h.stack.accept(listener), "only one connection was queued");
                assertEquals(Endpoint.pack(LOOPBACK, peer.getLocalPort()), h.stack.peerEndpoint(socket));
                assertFalse(h.events.has(READABLE, socket), "nothing sent yet");
                peer.getOutputStream().write(new byte[] {1, 2, 3});
                h.pollUntil("onReadable", () -> h.events.has(READABLE, socket));
                UnsafeBuffer received = new UnsafeBuffer(new byte[8]);
                assertEquals(3, h.stack.recv(socket, received, 0, 8));
                assertEquals(-Errno.EAGAIN, h.stack.recv(socket, received, 0, 8), "drained");
            }
        }
    }

    @Test
    void emptyNonBlockingRecvReturnsEagain() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness()) {
            int listener = h.listener();
            try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), h.port(listener))) {
                h.pollUntil("onAcceptable", () -> h.events.has(ACCEPTABLE, listener));
                int socket = h.stack.accept(listener);
                assertEquals(-Errno.EAGAIN, h.stack.recv(socket, new UnsafeBuffer(new byte[8]), 0, 8));
                assertTrue(peer.isConnected());
            }
        }
    }

    @Test
    void connectToAPortWithoutListenerIsRefused() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             Socket portHolder = new Socket()) {
            portHolder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // bound, not listening
            int socket = h.stack.open();
            int rc = h.stack.connect(socket, LOOPBACK, portHolder.getLocalPort());
            if (rc == -Errno.EINPROGRESS) {
                h.pollUntil("onClosed", () -> h.events.has(CLOSED, socket));
                assertEquals(Errno.ECONNREFUSED, h.events.closedErrno(socket));
                assertFalse(h.events.has(CONNECTED, socket));
                assertEquals(Errno.ECONNREFUSED, h.stack.getOption(socket, SocketOption.SO_ERROR),
                    "the error the stack consumed is still the tenant's to read, once");
                assertEquals(0, h.stack.getOption(socket, SocketOption.SO_ERROR));
            } else {
                assertEquals(-Errno.ECONNREFUSED, rc);
            }
            assertEquals(0, h.stack.close(socket));
        }
    }

    @Test
    void socketWhoseConnectFailedConnectsAgain() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             Socket portHolder = new Socket()) {
            portHolder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)); // bound, not listening
            int socket = h.stack.open();
            int rc = h.stack.connect(socket, LOOPBACK, portHolder.getLocalPort());
            if (rc == -Errno.EINPROGRESS) {
                h.pollUntil("onClosed", () -> h.events.has(CLOSED, socket));
            }
            int listener = h.listener();
            rc = h.stack.connect(socket, LOOPBACK, h.port(listener));
            assertTrue(rc == 0 || rc == -Errno.EINPROGRESS,
                "a failed connect leaves the socket unconnected (as Linux's blocking connect), not ECONNABORTED: " + Errno.name(-rc));
            if (rc == -Errno.EINPROGRESS) {
                h.pollUntil("onConnected", () -> h.events.has(CONNECTED, socket));
            }
            assertEquals(0, h.stack.getOption(socket, SocketOption.SO_ERROR), "the old attempt's error is gone");
            assertEquals(0, h.stack.close(socket));
        }
    }

    @Test
    void bindingAPortAlreadyBoundFailsWithEaddrinuse() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket jdk = jdkServer()) {
            int socket = h.stack.open();
            assertEquals(-Errno.EADDRINUSE, h.stack.bind(socket, LOOPBACK, jdk.getLocalPort()));
            int listener = h.listener();
            int second = h.stack.open();
            assertEquals(0, h.stack.setOption(second, SocketOption.SO_REUSEADDR, 1));
            assertEquals(-Errno.EADDRINUSE, h.stack.bind(second, LOOPBACK, h.port(listener)),
                "SO_REUSEADDR does not share a listening port");
        }
    }

    @Test
    void unknownAndClosedIdsGiveEbadf() {
        try (KernelStackHarness h = new KernelStackHarness()) {
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
            for (int id : new int[] {-1, 5, 1023, 1024, Integer.MAX_VALUE}) {
                assertEbadf(h.stack, id, buffer);
            }
            int socket = h.stack.open();
            assertEquals(0, h.stack.close(socket));
            assertEbadf(h.stack, socket, buffer);
        }
    }

    @Test
    void halfCloseLetsThePeerReadEndOfStreamAndStillSendBack() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.connectTo(server.getLocalPort());
            try (Socket peer = accept(server)) {
                assertEquals(3, h.stack.send(socket, ascii("bye"), 0, 3));
                assertEquals(0, h.stack.shutdown(socket, StackInstance.SHUT_WR));
                assertEquals(-Errno.EPIPE, h.stack.send(socket, ascii("more"), 0, 4));
                InputStream in = peer.getInputStream();
                assertArrayEquals(ascii("bye").byteArray(), in.readNBytes(3));
                assertEquals(-1, in.read(), "the peer sees end of stream");
                peer.getOutputStream().write(ascii("reply").byteArray());
                h.pollUntil("onReadable", () -> h.events.has(READABLE, socket));
                UnsafeBuffer received = new UnsafeBuffer(new byte[16]);
                assertEquals(5, h.stack.recv(socket, received, 0, 16));
                assertEquals("reply", received.getStringWithoutLengthAscii(0, 5));
                assertFalse(h.events.has(CLOSED, socket), "our FIN alone does not close the connection");
                peer.shutdownOutput();
                h.pollUntil("onClosed", () -> h.events.has(CLOSED, socket));
                assertEquals(0, h.events.closedErrno(socket), "orderly close");
                assertEquals(0, h.stack.recv(socket, received, 0, 16), "end of stream");
            }
        }
    }

    @Test
    void peerFinAloneRaisesReadableButNotClosedUntilWeShutDownToo() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.connectTo(server.getLocalPort());
            try (Socket peer = accept(server)) {
                peer.shutdownOutput();
                h.pollUntil("onReadable", () -> h.events.has(READABLE, socket));
                assertEquals(0, h.stack.recv(socket, new UnsafeBuffer(new byte[4]), 0, 4), "end of stream");
                h.pollTimes(20);
                assertFalse(h.events.has(CLOSED, socket), "half-closed by the peer only: " + h.events);
                assertEquals(2, h.stack.send(socket, ascii("ok"), 0, 2), "we can still send");
                assertArrayEquals(ascii("ok").byteArray(), peer.getInputStream().readNBytes(2));
                assertEquals(0, h.stack.shutdown(socket, StackInstance.SHUT_WR));
                h.pollUntil("onClosed", () -> h.events.has(CLOSED, socket));
                assertEquals(0, h.events.closedErrno(socket));
                assertTrue(h.events.indexOf(READABLE, socket) < h.events.indexOf(CLOSED, socket));
                assertEquals(1, h.events.count(CLOSED, socket), "onClosed fires once");
            }
        }
    }

    @Test
    void peerResetRaisesClosedWithEconnresetAndRecvReportsItOnce() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.connectTo(server.getLocalPort());
            Socket peer = accept(server);
            try {
                peer.getOutputStream().write(ascii("last").byteArray());
                peer.setSoLinger(true, 0);
            } finally {
                peer.close(); // with linger 0: an RST
            }
            h.pollUntil("onClosed", () -> h.events.has(CLOSED, socket));
            assertEquals(Errno.ECONNRESET, h.events.closedErrno(socket));
            assertTrue(h.events.has(READABLE, socket));
            UnsafeBuffer received = new UnsafeBuffer(new byte[16]);
            int first = h.stack.recv(socket, received, 0, 16);
            if (first == 4) { // bytes that arrived before the RST may still be queued
                first = h.stack.recv(socket, received, 0, 16);
            }
            assertEquals(-Errno.ECONNRESET, first);
            assertEquals(0, h.stack.recv(socket, received, 0, 16), "the error is reported once");
        }
    }

    @Test
    void closeWithZeroLingerResetsTheJdkPeer() throws IOException {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.connectTo(server.getLocalPort());
            try (Socket peer = accept(server)) {
                assertEquals(0, h.stack.setOption(socket, SocketOption.SO_LINGER, SocketOption.linger(true, 0)));
                assertEquals(0, h.stack.close(socket));
                SocketException e = assertThrows(SocketException.class, () -> peer.getInputStream().read());
                assertTrue(e.getMessage().contains("reset"), e.getMessage());
            }
        }
    }

    @Test
    void destroyClosesEveryFdItOpened() throws IOException {
        try (KernelStackHarness warmUp = new KernelStackHarness()) {
            warmUp.listener(); // loads libc and jnr-ffi's generated classes before counting
        }
        long before = openFds();
        KernelStackHarness h = new KernelStackHarness();
        try (ServerSocket server = jdkServer()) {
            int listener = h.listener();
            int client = h.connectTo(server.getLocalPort());
            try (Socket outbound = accept(server);
                 Socket inbound = new Socket(InetAddress.getLoopbackAddress(), h.port(listener))) {
                h.pollUntil("onAcceptable", () -> h.events.has(ACCEPTABLE, listener));
                assertTrue(h.stack.accept(listener) >= 0);
                h.stack.open();
                assertTrue(client >= 0 && outbound.isConnected() && inbound.isConnected());
                assertTrue(openFds() > before + 4, "the stack holds fds while alive");
            }
        } finally {
            h.close();
        }
        assertEquals(before, openFds(), "fds after destroy");
        assertEquals(-Errno.EBADF, h.stack.open(), "no calls follow destroy");
        assertEquals(0, h.stack.doWork());
    }

    private static void assertEbadf(StackInstance stack, int id, UnsafeBuffer buffer) {
        String what = "socket " + id;
        assertEquals(-Errno.EBADF, stack.bind(id, LOOPBACK, 0), what);
        assertEquals(-Errno.EBADF, stack.listen(id, 1), what);
        assertEquals(-Errno.EBADF, stack.accept(id), what);
        assertEquals(-Errno.EBADF, stack.connect(id, LOOPBACK, 9), what);
        assertEquals(-Errno.EBADF, stack.send(id, buffer, 0, 1), what);
        assertEquals(-Errno.EBADF, stack.recv(id, buffer, 0, 1), what);
        assertEquals(-Errno.EBADF, stack.shutdown(id, StackInstance.SHUT_RDWR), what);
        assertEquals(-Errno.EBADF, stack.setOption(id, SocketOption.TCP_NODELAY, 1), what);
        assertEquals(-Errno.EBADF, stack.getOption(id, SocketOption.TCP_NODELAY), what);
        assertEquals(-Errno.EBADF, stack.getOptionBytes(id, SocketOption.TCP_CONGESTION, buffer, 0, 8), what);
        assertEquals(-Errno.EBADF, stack.localEndpoint(id), what);
        assertEquals(-Errno.EBADF, stack.peerEndpoint(id), what);
        assertEquals(-Errno.EBADF, stack.info(id, new io.nsaas.spi.TcpInfo()), what);
        assertEquals(-Errno.EBADF, stack.close(id), what);
    }

    static ServerSocket jdkServer() throws IOException {
        return new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    }

    static Socket accept(ServerSocket server) throws IOException {
        server.setSoTimeout(SO_TIMEOUT_MS);
        Socket socket = server.accept();
        socket.setSoTimeout(SO_TIMEOUT_MS);
        return socket;
    }

    static UnsafeBuffer ascii(String text) {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
