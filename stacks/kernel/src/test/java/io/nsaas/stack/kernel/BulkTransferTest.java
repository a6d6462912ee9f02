package io.nsaas.stack.kernel;

import static io.nsaas.stack.kernel.ConnectionLifecycleTest.accept;
import static io.nsaas.stack.kernel.ConnectionLifecycleTest.jdkServer;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.ACCEPTABLE;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.READABLE;
import static io.nsaas.stack.kernel.RecordingEvents.Kind.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BulkTransferTest {
    private static final int EIGHT_MB = 8 * 1024 * 1024;
    private static final int PEER_TIMEOUT_S = 4;

    @Test
    void sendsEightMegabytesFromOffHeapMemoryIntact() throws Exception {
        byte[] payload = payload(EIGHT_MB, 1);
        UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(EIGHT_MB));
        source.putBytes(0, payload);
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.connectTo(server.getLocalPort());
            try (Socket peer = accept(server)) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> digestUntilEof(peer));
                sendAll(h, socket, source, EIGHT_MB);
                assertEquals(0, h.stack.shutdown(socket, StackInstance.SHUT_WR));
                assertArrayEquals(sha256(payload), received.get(PEER_TIMEOUT_S, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void receivesEightMegabytesIntoHeapMemoryIntact() throws Exception {
        byte[] payload = payload(EIGHT_MB, 2);
        try (KernelStackHarness h = new KernelStackHarness()) {
            int listener = h.listener();
            try (Socket peer = new Socket(InetAddress.getLoopbackAddress(), h.port(listener))) {
                h.pollUntil("onAcceptable", () -> h.events.has(ACCEPTABLE, listener));
                int socket = h.stack.accept(listener);
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> writeAndClose(peer, payload));
                UnsafeBuffer buffer = new UnsafeBuffer(new byte[100_000]);
                MessageDigest digest = sha256();
                long total = receiveAll(h, socket, buffer, digest);
                sender.get(PEER_TIMEOUT_S, TimeUnit.SECONDS);
                assertEquals(EIGHT_MB, total);
                assertArrayEquals(sha256(payload), digest.digest());
                TcpInfo info = new TcpInfo();
                assertEquals(0, h.stack.info(socket, info));
                assertEquals(EIGHT_MB + 1L, info.bytesReceived, "Linux counts the FIN's sequence number as received");
                assertEquals(TcpState.CLOSE_WAIT, info.state, "the peer closed, we have not");
            }
        }
    }

    @Test
    void raisesWritableOnceAfterASendReturnedEagain() throws Exception {
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.stack.open();
            assertEquals(0, h.stack.setOption(socket, SocketOption.SO_SNDBUF, 16 * 1024));
            int rc = h.stack.connect(socket, KernelStackHarness.LOOPBACK, server.getLocalPort());
            assertTrue(rc == 0 || rc == -Errno.EINPROGRESS);
            try (Socket peer = accept(server)) {
                h.pollUntil("connected", () -> rc == 0 || h.events.has(RecordingEvents.Kind.CONNECTED, socket));
                UnsafeBuffer chunk = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
                long queued = 0;
                int sent;
                while ((sent = h.stack.send(socket, chunk, 0, chunk.capacity())) > 0) {
                    queued += sent;
                    assertTrue(queued < 64L * 1024 * 1024, "send never filled the socket buffer");
                }
                assertEquals(-Errno.EAGAIN, sent);
                h.pollTimes(10);
                assertFalse(h.events.has(WRITABLE, socket), "no space was freed: the peer reads nothing yet");
                long expected = queued;
                CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> drain(peer, expected));
                h.pollUntil("onWritable", () -> h.events.has(WRITABLE, socket));
                assertEquals(expected, drained.get(PEER_TIMEOUT_S, TimeUnit.SECONDS));
                h.pollTimes(10);
                assertEquals(1, h.events.count(WRITABLE, socket), "disarmed after one onWritable: " + h.events);
                assertTrue(h.stack.send(socket, chunk, 0, 1000) > 0);
            }
        }
    }

    @Test
    void infoAfterATransferShowsAnEstablishedConnectionWithEveryByteAcked() throws Exception {
        int length = 1024 * 1024;
        UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        source.putBytes(0, payload(length, 3));
        try (KernelStackHarness h = new KernelStackHarness();
             ServerSocket server = jdkServer()) {
            int socket = h.connectTo(server.getLocalPort());
            try (Socket peer = accept(server)) {
                CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> drain(peer, length));
                sendAll(h, socket, source, length);
                assertEquals(length, drained.get(PEER_TIMEOUT_S, TimeUnit.SECONDS));
                TcpInfo info = new TcpInfo();
                // Linux counts sequence space: the SYN's one sequence number is in bytes_acked too.
                h.pollUntil("every byte acked", () -> h.stack.info(socket, info) == 0 && info.bytesAcked == length + 1L);
                assertEquals(TcpState.ESTABLISHED, info.state);
                assertTrue(info.sndCwnd > 0, info.toString());
                assertTrue(info.sndMss > 0 && info.rcvMss > 0, info.toString());
                assertTrue(info.rttUs > 0 && info.rtoUs > 0, info.toString());
                // bytes_sent counts retransmissions (a tail-loss probe can fire even on a busy loopback).
                assertTrue(info.bytesSent == length || info.bytesSent > length && info.totalRetrans > 0, info.toString());
                assertTrue(info.segsOut > 0 && info.segsIn > 0, info.toString());
                assertEquals(0, info.unacked, info.toString());
                assertEquals(KernelStackTest.congestionControl(h, socket), info.algorithm);
            }
        }
    }

    /** Sends everything, waiting for onWritable whenever the socket buffer is full. */
    private static void sendAll(KernelStackHarness h, int socket, UnsafeBuffer source, int length) {
        int offset = 0;
        while (offset < length) {
            int sent = h.stack.send(socket, source, offset, length - offset);
            if (sent == -Errno.EAGAIN) {
                long writable = h.events.count(WRITABLE, socket);
                h.pollUntil("onWritable", () -> h.events.count(WRITABLE, socket) > writable);
                continue;
            }
            assertTrue(sent > 0, "send: " + Errno.name(sent));
            offset += sent;
        }
    }

    /** Receives until end of stream, waiting for onReadable whenever the socket is empty. */
    private static long receiveAll(KernelStackHarness h, int socket, MutableDirectBuffer buffer, MessageDigest digest) {
        long total = 0;
        byte[] bytes = new byte[buffer.capacity()];
        while (true) {
            int received = h.stack.recv(socket, buffer, 0, buffer.capacity());
            if (received == 0) {
                return total;
            }
            if (received == -Errno.EAGAIN) {
                long readable = h.events.count(READABLE, socket);
                h.pollUntil("onReadable", () -> h.events.count(READABLE, socket) > readable);
                continue;
            }
            assertTrue(received > 0, "recv: " + Errno.name(received));
            buffer.getBytes(0, bytes, 0, received);
            digest.update(bytes, 0, received);
            total += received;
        }
    }

    private static byte[] digestUntilEof(Socket peer) {
        try (InputStream in = peer.getInputStream()) {
            MessageDigest digest = sha256();
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long drain(Socket peer, long length) {
        try {
            InputStream in = peer.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            while (total < length) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - total));
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeAndClose(Socket peer, byte[] payload) {
        try (OutputStream out = peer.getOutputStream()) {
            out.write(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] payload(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
