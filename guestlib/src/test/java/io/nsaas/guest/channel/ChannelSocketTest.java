package io.nsaas.guest.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.SocketOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChannelSocketTest {
    static final RegionLayout LAYOUT = RegionLayout.compute(64 * 1024, 4096, 16, 16);
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int PORT = 8080;

    @TempDir
    Path dir;
    FakeHost host;
    ChannelGuest guest;
    ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void attach() throws IOException {
        host = new FakeHost(dir, Map.of("vm-a", "secret-a"), LAYOUT);
        guest = ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a");
    }

    @AfterEach
    void detach() throws IOException {
        pool.shutdownNow();
        assertEquals(0, host.stack().guestProtocolErrors(), "requests the host validator rejected");
        assertEquals(0, guest.channel().protocolViolations(), "host answers the guest could not match");
        guest.close();
        host.close();
    }

    @Test
    void blockingConnectAcceptAndEchoCarryBytesBothWays() throws Exception {
        GuestSocket listener = listen(PORT);
        GuestSocket client = guest.open();
        assertTrue(client.connect(FakeHost.ADDRESS, PORT, 0));
        assertTrue(client.isConnected());
        GuestSocket server = listener.accept(0);
        assertNotNull(server);
        assertEquals(client.localEndpoint(), server.peerEndpoint());
        assertEquals(Endpoint.pack(FakeHost.ADDRESS, PORT), client.peerEndpoint());

        byte[] request = "hello nsaas".getBytes();
        assertEquals(request.length, client.write(request, 0, request.length, 0));
        byte[] got = new byte[64];
        int n = server.read(got, 0, got.length, 0);
        assertEquals("hello nsaas", new String(got, 0, n));
        ByteBuffer reply = ByteBuffer.wrap("pong".getBytes());
        assertEquals(4, server.write(reply, 0));
        assertEquals(4, reply.position());
        ByteBuffer in = ByteBuffer.allocate(16);
        assertEquals(4, client.read(in, 0));
        assertEquals("pong", new String(in.array(), 0, 4));
    }

    @Test
    void largeBlockingWriteIsSplitIntoChunksAndArrivesIntact() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Future<Integer> writer = pool.submit(() -> pair[0].write(data, 0, data.length, 0));
        byte[] got = readFully(pair[1], data.length);
        assertEquals(data.length, writer.get(10, TimeUnit.SECONDS));
        assertArrayEquals(data, got);
    }

    @Test
    void nonBlockingAcceptReturnsNullThenTheConnectionOnceAcceptable() throws Exception {
        GuestSocket listener = listen(PORT);
        assertNull(listener.accept(-1));
        assertEquals(0, listener.readyOps() & Readiness.ACCEPT);
        GuestSocket client = guest.open();
        client.connect(FakeHost.ADDRESS, PORT, 0);
        awaitTrue(() -> (listener.readyOps() & Readiness.ACCEPT) != 0, "ACCEPT readiness");
        assertNotNull(listener.accept(-1));
    }

    @Test
    void acceptWithTimeoutThrowsSocketTimeoutException() throws Exception {
        GuestSocket listener = listen(PORT);
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> listener.accept(100 * MS));
        assertEquals("Accept timed out", e.getMessage());
        assertTrue(System.nanoTime() - start >= 100 * MS);
    }

    @Test
    void timedAcceptReturnsAConnectionArrivingBeforeTheDeadline() throws Exception {
        GuestSocket listener = listen(PORT);
        Future<GuestSocket> accepted = pool.submit(() -> listener.accept(5_000 * MS));
        Thread.sleep(50);
        guest.open().connect(FakeHost.ADDRESS, PORT, 0);
        assertNotNull(accepted.get(5, TimeUnit.SECONDS));
    }

    @Test
    void nonBlockingConnectIsInProgressUntilConnectReadiness() throws Exception {
        listen(PORT);
        GuestSocket client = guest.open();
        assertFalse(client.connect(FakeHost.ADDRESS, PORT, -1));
        awaitTrue(() -> (client.readyOps() & Readiness.CONNECT) != 0, "CONNECT readiness");
        assertTrue(client.finishConnect(-1));
        assertTrue(client.isConnected());
    }

    @Test
    void refusedConnectThrowsConnectExceptionBlockingAndOnFinishConnect() throws Exception {
        GuestSocket blocking = guest.open();
        ConnectException refused = assertThrows(ConnectException.class, () -> blocking.connect(FakeHost.ADDRESS, 9, 0));
        assertEquals("Connection refused", refused.getMessage());
        assertFalse(blocking.isConnected());

        GuestSocket nonBlocking = guest.open();
        assertFalse(nonBlocking.connect(FakeHost.ADDRESS, 9, -1));
        awaitTrue(() -> (nonBlocking.readyOps() & Readiness.CONNECT) != 0, "CONNECT readiness after refusal");
        assertThrows(ConnectException.class, () -> nonBlocking.finishConnect(-1));

        GuestSocket timed = guest.open();
        assertThrows(ConnectException.class, () -> timed.connect(FakeHost.ADDRESS, 9, 1_000 * MS));
    }

    @Test
    void connectToABlackHoleTimesOut() {
        host.stack().blackholePorts.add(7);
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
            () -> guest.open().connect(FakeHost.ADDRESS, 7, 100 * MS));
        assertEquals("Connect timed out", e.getMessage());
        assertTrue(System.nanoTime() - start >= 100 * MS);
    }

    @Test
    void readTimesOutAndNonBlockingReadReturnsZeroAndClearsReadReadiness() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
            () -> pair[1].read(new byte[8], 0, 8, 50 * MS));
        assertEquals("Read timed out", e.getMessage());

        pair[0].write(new byte[] {1, 2, 3}, 0, 3, 0);
        awaitTrue(() -> (pair[1].readyOps() & Readiness.READ) != 0, "READ readiness");
        byte[] got = new byte[8];
        assertEquals(3, pair[1].read(got, 0, 8, -1));
        assertEquals(0, pair[1].read(got, 0, 8, -1));
        assertEquals(0, pair[1].readyOps() & Readiness.READ, "a read that found nothing clears READ");
    }

    @Test
    void timedReadReturnsDataArrivingBeforeTheDeadline() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        Future<Integer> reader = pool.submit(() -> pair[1].read(ByteBuffer.allocate(16), 5_000 * MS));
        Thread.sleep(50);
        pair[0].write(new byte[5], 0, 5, 0);
        assertEquals(5, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void readinessRaceRuleKeepsReadWhenAnEventArrivedDuringTheRequest() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        host.stack().raceNextRecv = true;
        assertEquals(0, pair[1].read(new byte[8], 0, 8, -1));
        assertEquals(Readiness.READ, pair[1].readyOps() & Readiness.READ,
            "EV_READABLE processed between submit and -EAGAIN must keep READ");
        assertEquals(0, pair[1].read(new byte[8], 0, 8, -1));
        assertEquals(0, pair[1].readyOps() & Readiness.READ, "without an event in between READ is cleared");
    }

    @Test
    void readReturnsMinusOneAfterThePeerCloses() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        pair[0].write(new byte[] {9}, 0, 1, 0);
        pair[0].close();
        byte[] got = new byte[4];
        assertEquals(1, pair[1].read(got, 0, 4, 0));
        assertEquals(-1, pair[1].read(got, 0, 4, 0));
        assertEquals(-1, pair[1].read(ByteBuffer.allocate(4), -1));
        // as on Linux, a write may be buffered before the failure shows: it surfaces on a later write
        SocketException broken = assertThrows(SocketException.class, () -> writeUntilItFails(pair[1]));
        assertEquals("Broken pipe", broken.getMessage());
        SocketException again = assertThrows(SocketException.class, () -> pair[1].write(new byte[1], 0, 1, 0));
        assertEquals("Broken pipe", again.getMessage(), "every later write fails too");
    }

    @Test
    void blockingWritesReturnOnceSubmittedAndCloseDeliversEveryByteInOrderFirst() throws Exception {
        host.stack().receiveCapacity = 10_000;
        GuestSocket[] pair = connectedPair(PORT);
        // the peer takes 10,000 bytes; the send window keeps 8 chunks of 4 KiB in flight
        byte[] data = new byte[25_000];
        new Random(11).nextBytes(data);
        for (int at = 0; at < data.length; at += 7_000) {
            int n = Math.min(7_000, data.length - at);
            assertEquals(n, pair[0].write(data, at, n, 0), "fits in the send window: no wait for the reader");
        }
        Future<?> close = pool.submit(() -> {
            pair[0].close();
            return null;
        });
        Thread.sleep(50);
        assertFalse(close.isDone(), "close waits until the stack took the bytes in flight");
        assertArrayEquals(data, readFully(pair[1], data.length));
        close.get(5, TimeUnit.SECONDS);
        assertFalse(pair[0].isOpen());
        assertEquals(-1, pair[1].read(new byte[1], 0, 1, 0), "the CLOSE follows the last SEND");
        awaitTrue(() -> host.stack().call(FakeStack::openSockets) == 2, "the closed socket is gone on the host");
    }

    @Test
    void shutdownOutputWaitsForTheSendsInFlight() throws Exception {
        host.stack().receiveCapacity = 10_000;
        GuestSocket[] pair = connectedPair(PORT);
        byte[] data = new byte[30_000];
        new Random(5).nextBytes(data);
        assertEquals(data.length, pair[0].write(data, 0, data.length, 0));
        Future<?> shutdown = pool.submit(() -> {
            pair[0].shutdown(1);
            return null;
        });
        Thread.sleep(50);
        assertFalse(shutdown.isDone(), "the peer has not read: the bytes are still in flight");
        assertArrayEquals(data, readFully(pair[1], data.length));
        shutdown.get(5, TimeUnit.SECONDS);
        assertEquals(-1, pair[1].read(new byte[1], 0, 1, 0));
    }

    @Test
    void blockingWriteWaitsForTheReaderAndNonBlockingWriteTakesWhatFits() throws Exception {
        host.stack().receiveCapacity = 10_000;
        GuestSocket[] pair = connectedPair(PORT);
        assertEquals(10_000, pair[0].write(new byte[25_000], 0, 25_000, -1), "non-blocking: what fits");
        assertEquals(0, pair[0].write(new byte[10], 0, 10, -1));
        assertEquals(0, pair[0].readyOps() & Readiness.WRITE, "a write that took nothing clears WRITE");
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
            () -> pair[0].write(new byte[10], 0, 10, 50 * MS));
        assertEquals("Write timed out", e.getMessage());

        // more chunks than the send window can keep in flight
        int big = 20 * LAYOUT.chunkSize();
        Future<Integer> blocked = pool.submit(() -> pair[0].write(new byte[big], 0, big, 0));
        Thread.sleep(50);
        assertFalse(blocked.isDone(), "the peer's buffer is full: the write waits");
        readFully(pair[1], 10_000 + big);
        assertEquals(big, blocked.get(5, TimeUnit.SECONDS));
        awaitTrue(() -> (pair[0].readyOps() & Readiness.WRITE) != 0, "WRITE once nothing is in flight");
    }

    @Test
    void closeWakesABlockedReaderAndATimedReaderWithSocketClosed() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        GuestSocket[] other = connectedPair(PORT + 1);
        Future<Integer> blocked = pool.submit(() -> pair[1].read(new byte[8], 0, 8, 0));
        Future<Integer> timed = pool.submit(() -> other[1].read(new byte[8], 0, 8, 60_000 * MS));
        Thread.sleep(50);
        pair[1].close();
        other[1].close();
        assertSocketException("Socket closed", blocked);
        assertSocketException("Socket closed", timed);
        assertFalse(pair[1].isOpen());
        SocketException again = assertThrows(SocketException.class, () -> pair[1].read(new byte[1], 0, 1, 0));
        assertEquals("Socket closed", again.getMessage());
        awaitTrue(() -> host.stack().call(FakeStack::openSockets) == 4, "host sockets after two closes");
    }

    @Test
    void closeWakesABlockedAcceptAndALateConnectionIsClosedNotLeaked() throws Exception {
        GuestSocket listener = listen(PORT);
        Future<GuestSocket> blocked = pool.submit(() -> listener.accept(0));
        Thread.sleep(50);
        listener.close();
        ExecutionExceptionMessage.assertCause(SocketException.class, "Socket closed", blocked);
        awaitTrue(() -> host.stack().call(FakeStack::openSockets) == 0, "no host socket left");
    }

    @Test
    void hostDetachFailsEveryWaiterAndEveryLaterCall() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        GuestSocket listener = listen(PORT + 1);
        Future<Integer> reader = pool.submit(() -> pair[1].read(new byte[8], 0, 8, 0));
        Future<GuestSocket> acceptor = pool.submit(() -> listener.accept(60_000 * MS));
        Thread.sleep(50);
        host.dropTenant();
        assertSocketException(NqeChannel.HOST_DETACHED, reader);
        ExecutionExceptionMessage.assertCause(SocketException.class, NqeChannel.HOST_DETACHED, acceptor);
        assertFalse(guest.isAttached());
        SocketException write = assertThrows(SocketException.class, () -> pair[0].write(new byte[1], 0, 1, 0));
        assertEquals(NqeChannel.HOST_DETACHED, write.getMessage());
        SocketException open = assertThrows(SocketException.class, () -> guest.open());
        assertEquals(NqeChannel.HOST_DETACHED, open.getMessage());
        guest.eventThread().join(5000);
        assertFalse(guest.eventThread().isAlive(), "the event thread ends on detach");
    }

    @Test
    void regionMarkedDetachedByTheHostDetachesTheGuest() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        Future<Integer> reader = pool.submit(() -> pair[1].read(new byte[8], 0, 8, 0));
        Thread.sleep(20);
        host.markRegionDetached();
        assertSocketException(NqeChannel.HOST_DETACHED, reader);
    }

    @Test
    void guestCloseClosesEverySocket() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        Future<Integer> reader = pool.submit(() -> pair[1].read(new byte[8], 0, 8, 0));
        Thread.sleep(20);
        guest.close();
        assertSocketException("Socket closed", reader);
        assertFalse(pair[0].isOpen());
        assertTrue(host.awaitDetach(5000));
    }

    @Test
    void manyThreadsWritingAtOnceOnTheirOwnAndOnOneSharedSocketLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 200_000;
        List<Future<byte[]>> digests = new ArrayList<>();
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            GuestSocket[] pair = connectedPair(PORT + t);
            byte[] data = new byte[perThread];
            new Random(t).nextBytes(data);
            writers.add(pool.submit(() -> pair[0].write(data, 0, data.length, 0)));
            digests.add(pool.submit(() -> sha256(readFully(pair[1], perThread))));
        }
        for (int t = 0; t < threads; t++) {
            byte[] data = new byte[perThread];
            new Random(t).nextBytes(data);
            assertArrayEquals(sha256(data), digests.get(t).get(30, TimeUnit.SECONDS));
        }
        GuestSocket[] shared = connectedPair(PORT + 100);
        int messages = 4;
        int messageLength = 50_000;
        List<Future<Integer>> sharedWriters = new ArrayList<>();
        for (int t = 0; t < messages; t++) {
            byte[] message = new byte[messageLength];
            java.util.Arrays.fill(message, (byte) ('a' + t));
            sharedWriters.add(pool.submit(() -> shared[0].write(message, 0, message.length, 0)));
        }
        byte[] all = readFully(shared[1], messages * messageLength);
        for (Future<Integer> writer : sharedWriters) {
            assertEquals(messageLength, writer.get(10, TimeUnit.SECONDS));
        }
        int[] counts = new int[messages];
        for (int i = 0; i < all.length; i += messageLength) {
            byte first = all[i];
            for (int j = i; j < i + messageLength; j++) {
                assertEquals(first, all[j], "whole writes on one socket do not interleave");
            }
            counts[first - 'a']++;
        }
        assertArrayEquals(new int[] {1, 1, 1, 1}, counts);
    }

    @Test
    void everyRxChunkGoesBackAfterReadsErrorsClosesAndPushedData() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        pool.submit(() -> pair[0].write(data, 0, data.length, 0));
        assertArrayEquals(data, readFully(pair[1], data.length));

        // EV_DATA pushed by the host: delivered in order, chunks returned as they are read
        int serverId = pair[1].id();
        assertEquals(0, pair[1].read(new byte[1], 0, 1, -1), "nothing left: READ is cleared");
        assertTrue(push(serverId, "pushed!".getBytes()));
        // wait for the event: a blocking RECV sent before it would be held by the host (RECV is pull)
        awaitTrue(() -> (pair[1].readyOps() & Readiness.READ) != 0, "READ after EV_DATA");
        byte[] small = new byte[4];
        assertEquals(4, pair[1].read(small, 0, 4, 0));
        assertEquals("push", new String(small));
        assertEquals(3, pair[1].read(small, 0, 4, 0));
        assertEquals("ed!", new String(small, 0, 3));

        // pushed data still unread when the socket closes, and data pushed to a closed socket
        assertTrue(push(serverId, new byte[100]));
        awaitTrue(() -> (pair[1].readyOps() & Readiness.READ) != 0, "READ after EV_DATA");
        pair[1].close();
        assertTrue(push(serverId, new byte[100]));
        awaitTrue(() -> host.stack().call(FakeStack::freeRxChunks) == LAYOUT.rxChunkCount(), "all rx chunks free");
    }

    @Test
    void errnosBecomeTheJdkExceptionsGuestSocketPromises() throws Exception {
        listen(PORT);
        GuestSocket second = guest.open();
        BindException inUse = assertThrows(BindException.class, () -> second.bind(0, PORT));
        assertEquals("Address already in use", inUse.getMessage());
        SocketException notConnected = assertThrows(SocketException.class, () -> second.peerEndpoint());
        assertEquals("getpeername: ENOTCONN (errno 107)", notConnected.getMessage());
        SocketException bytes = assertThrows(SocketException.class, () -> second.getOption(SocketOption.TCP_CONGESTION));
        assertTrue(bytes.getMessage().contains("carries bytes"), bytes.getMessage());
        second.setOption(SocketOption.SO_LINGER, SocketOption.linger(true, 5));
        assertEquals(SocketOption.linger(true, 5), second.getOption(SocketOption.SO_LINGER));
        second.close();
        second.close();
    }

    @Test
    void readinessListenerRunsOnEventsAndOnClose() throws Exception {
        GuestSocket[] pair = connectedPair(PORT);
        AtomicInteger calls = new AtomicInteger();
        pair[1].readinessListener(calls::incrementAndGet);
        pair[0].write(new byte[1], 0, 1, 0);
        awaitTrue(() -> calls.get() >= 1, "listener after EV_READABLE");
        int before = calls.get();
        pair[1].close();
        assertTrue(calls.get() > before, "listener runs when the socket closes");
    }

    @Test
    void idleEventThreadBacksOffToParkingInsteadOfSpinning() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long threadId = guest.eventThread().getId();
        Thread.sleep(50); // past the spin and yield phases of the back-off
        long cpuBefore = mx.getThreadCpuTime(threadId);
        long wallBefore = System.nanoTime();
        Thread.sleep(300);
        long cpu = mx.getThreadCpuTime(threadId) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        assertTrue(cpu >= 0, "thread CPU time is measurable");
        assertTrue(cpu < wall / 10, "idle event thread used " + cpu / 1_000_000 + " ms CPU in " + wall / 1_000_000 + " ms");
    }

    @Test
    void eventThreadIsADaemonNamedForTheTenant() {
        assertEquals("nsaas-guest-vm-a", guest.eventThread().getName());
        assertTrue(guest.eventThread().isDaemon());
    }

    private boolean push(int socketId, byte[] bytes) {
        Boolean pushed = host.stack().call(s -> s.pushData(socketId, bytes));
        return pushed;
    }

    private GuestSocket listen(int port) throws IOException {
        GuestSocket listener = guest.open();
        listener.bind(0, port);
        listener.listen(16);
        return listener;
    }

    private GuestSocket[] connectedPair(int port) throws IOException {
        GuestSocket listener = listen(port);
        GuestSocket client = guest.open();
        assertTrue(client.connect(FakeHost.ADDRESS, port, 0));
        GuestSocket server = listener.accept(0);
        return new GuestSocket[] {client, server};
    }

    private static void writeUntilItFails(GuestSocket socket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            socket.write(new byte[1], 0, 1, 0);
            Thread.sleep(1);
        }
    }

    private static byte[] readFully(GuestSocket socket, int length) throws IOException {
        byte[] got = new byte[length];
        int at = 0;
        while (at < length) {
            int n = socket.read(got, at, length - at, 10_000 * MS);
            assertTrue(n > 0, "read returned " + n + " at " + at + " of " + length);
            at += n;
        }
        return got;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static void assertSocketException(String message, Future<?> future) throws Exception {
        ExecutionExceptionMessage.assertCause(SocketException.class, message, future);
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Unwraps a future's failure. */
    static final class ExecutionExceptionMessage {
        static void assertCause(Class<? extends Throwable> type, String message, Future<?> future) throws Exception {
            try {
                Object value = future.get(5, TimeUnit.SECONDS);
                throw new AssertionError("expected " + type.getSimpleName() + " '" + message + "', got " + value);
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(type.isInstance(e.getCause()), "cause " + e.getCause());
                assertEquals(message, e.getCause().getMessage());
            }
        }
    }
}
