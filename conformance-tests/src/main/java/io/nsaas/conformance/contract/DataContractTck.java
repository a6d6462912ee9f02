package io.nsaas.conformance.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.Requirement;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Socket contract, moving data and ending connections: reads and writes in each state (blocking,
 * non-blocking, with timeouts), half-close, reset on close with unread data, SO_LINGER 0, and the
 * readable / writable / closed readiness events.
 */
public abstract class DataContractTck extends SocketContractTck {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    @Requirement("SC-DATA-ORDER")
    void required_bytesArriveIntactAndInOrder() throws Exception {
        Connection c = connect();
        byte[] payload = new byte[256 << 10];
        new Random(7).nextBytes(payload);
        Thread writer = writer(c.client(), payload);
        byte[] received = readFully(c.server(), payload.length);
        writer.join(WAIT / 1_000_000);
        assertArrayEquals(payload, received, "the server reads exactly the bytes the client wrote, in order");
    }

    @Test
    @Requirement("SC-DATA-DUPLEX")
    void required_bothDirectionsCarryDataAtOnce() throws Exception {
        Connection c = connect();
        byte[] up = new byte[128 << 10];
        byte[] down = new byte[128 << 10];
        new Random(11).nextBytes(up);
        new Random(13).nextBytes(down);
        Thread upWriter = writer(c.client(), up);
        Thread downWriter = writer(c.server(), down);
        byte[][] downReceived = new byte[1][];
        IOException[] downFailure = new IOException[1];
        Thread downReader = new Thread(() -> {
            try {
                downReceived[0] = readFully(c.client(), down.length);
            } catch (IOException e) {
                downFailure[0] = e;
            }
        }, "contract-down-reader");
        downReader.start();
        assertArrayEquals(up, readFully(c.server(), up.length), "the server reads what the client wrote while both write");
        downReader.join(WAIT / 1_000_000);
        upWriter.join(WAIT / 1_000_000);
        downWriter.join(WAIT / 1_000_000);
        assertArrayEquals(down, downReceived[0], "the client reads what the server wrote while both write"
            + (downFailure[0] == null ? "" : "; its read failed: " + downFailure[0]));
    }

    private static Thread writer(GuestSocket socket, byte[] payload) {
        Thread writer = new Thread(() -> {
            try {
                socket.write(payload, 0, payload.length, WAIT);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "contract-writer");
        writer.start();
        return writer;
    }

    @Test
    @Requirement("SC-READ-EAGAIN")
    void required_nonBlockingReadWithoutDataIsEagain() throws Exception {
        Connection c = connect();
        assertEquals(0, c.server().read(new byte[16], 0, 16, NOW), "a non-blocking read with no data answers EAGAIN (0)");
    }

    @Test
    @Requirement("SC-READ-TIMEOUT")
    void required_readWithTimeoutTimesOut() throws Exception {
        Connection c = connect();
        assertThrows(SocketTimeoutException.class, () -> c.server().read(new byte[16], 0, 16, SHORT),
            "a read with a timeout and no data throws SocketTimeoutException");
    }

    @Test
    @Requirement("SC-READ-NOTCONN")
    void required_readOnUnconnectedSocketIsNotconn() throws Exception {
        GuestSocket socket = clientSocket();
        assertErrno(Errno.ENOTCONN, "read on a socket that never connected", () -> socket.read(new byte[16], 0, 16, NOW));
    }

    @Test
    @Requirement("SC-WRITE-UNCONNECTED-EPIPE")
    void required_writeOnUnconnectedSocketIsPipe() throws Exception {
        GuestSocket socket = clientSocket();
        assertErrno(Errno.EPIPE, "write on a socket that never connected", () -> socket.write(HELLO, 0, HELLO.length, NOW));
    }

    @Test
    @Requirement({"SC-HALFCLOSE", "SC-READY-READ"})
    void required_shutdownWriteGivesPeerEofAndPeerCanStillSend() throws Exception {
        Connection c = connect();
        AtomicInteger wakeups = new AtomicInteger();
        c.server().readinessListener(wakeups::incrementAndGet);
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        c.client().shutdown(StackInstance.SHUT_WR);
        await(() -> (c.server().readyOps() & Readiness.READ) != 0, "READ readiness on the server after data and FIN");
        await(() -> wakeups.get() > 0, "the readiness listener is called when READ is set");
        assertArrayEquals(HELLO, readFully(c.server(), HELLO.length + 1), "the server reads the bytes, then EOF");
        assertEquals(-1, c.server().read(new byte[8], 0, 8, WAIT), "after the peer's SHUT_WR every read returns EOF (-1)");
        byte[] reply = "reply".getBytes(StandardCharsets.US_ASCII);
        c.server().write(reply, 0, reply.length, WAIT);
        assertArrayEquals(reply, readFully(c.client(), reply.length),
            "the half-closed client still reads what the server sends back");
    }

    @Test
    @Requirement("SC-WRITE-AFTER-SHUTDOWN-EPIPE")
    void required_writeAfterShutdownWriteIsPipe() throws Exception {
        Connection c = connect();
        c.client().shutdown(StackInstance.SHUT_WR);
        assertErrno(Errno.EPIPE, "write after shutdown(SHUT_WR)", () -> c.client().write(HELLO, 0, HELLO.length, WAIT));
    }

    @Test
    @Requirement("SC-CLOSE-UNREAD-RST")
    void required_closeWithUnreadDataResetsPeer() throws Exception {
        Connection c = connect();
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        await(() -> (c.server().readyOps() & Readiness.READ) != 0, "the client's bytes reach the server");
        c.server().close();
        assertErrno(Errno.ECONNRESET, "read on the client after the server closed with unread data (RFC 2525 2.17)",
            () -> readUntilError(c.client()));
    }

    @Test
    @Requirement("SC-LINGER-ZERO-RST")
    void required_closeWithLingerZeroResetsPeer() throws Exception {
        Connection c = connect();
        c.server().setOption(SocketOption.SO_LINGER, 1L << 32);
        assertEquals(1L << 32, c.server().getOption(SocketOption.SO_LINGER), "SO_LINGER reads back as on, 0 seconds");
        c.server().close();
        assertErrno(Errno.ECONNRESET, "read on the client after the server closed with SO_LINGER {on, 0}",
            () -> readUntilError(c.client()));
    }

    @Test
    @Requirement("SC-WRITE-AFTER-RESET-EPIPE")
    void required_writeAfterResetWasReportedIsPipe() throws Exception {
        Connection c = connect();
        c.server().setOption(SocketOption.SO_LINGER, 1L << 32);
        c.server().close();
        assertErrno(Errno.ECONNRESET, "read on the client after the peer's reset", () -> readUntilError(c.client()));
        assertErrno(Errno.EPIPE, "write on the client once the reset was reported",
            () -> c.client().write(HELLO, 0, HELLO.length, WAIT));
    }

    @Test
    @Requirement({"SC-SO-ERROR-RESET", "SC-READY-CLOSED"})
    void required_resetIsReportedOnceBySoError() throws Exception {
        Connection c = connect();
        c.server().setOption(SocketOption.SO_LINGER, 1L << 32);
        c.server().close();
        await(() -> (c.client().readyOps() & Readiness.READ) != 0, "READ readiness on the client after the peer's reset");
        assertEquals(Errno.ECONNRESET, c.client().getOption(SocketOption.SO_ERROR),
            "SO_ERROR after the peer's reset is ECONNRESET");
        assertEquals(0, c.client().getOption(SocketOption.SO_ERROR), "reading SO_ERROR clears it");
    }

    @Test
    @Requirement({"SC-PEER-CLOSE-EOF", "SC-READY-CLOSED"})
    void required_peerCloseMakesSocketReadableAtEof() throws Exception {
        Connection c = connect();
        c.server().close();
        await(() -> (c.client().readyOps() & Readiness.READ) != 0, "READ readiness on the client after the peer's close");
        assertEquals(-1, c.client().read(new byte[8], 0, 8, NOW), "a read after the peer's orderly close returns EOF (-1)");
        assertEquals(-1, c.client().read(new byte[8], 0, 8, WAIT), "EOF repeats");
    }

    @Test
    @Requirement({"SC-WRITE-EAGAIN", "SC-READY-WRITE"})
    void required_fullSendBufferAcceptsNothingUntilPeerReads() throws Exception {
        Connection c = connect();
        assertTrue((c.client().readyOps() & Readiness.WRITE) != 0, "a new connection is writable");
        byte[] chunk = new byte[64 << 10];
        long written = fillSendBuffer(c.client());
        assertEquals(0, c.client().readyOps() & Readiness.WRITE, "no WRITE readiness while the send buffer is full");
        byte[] sink = new byte[chunk.length];
        long drained = 0;
        while ((c.client().readyOps() & Readiness.WRITE) == 0 && drained < written) {
            drained += Math.max(0, c.server().read(sink, 0, sink.length, WAIT));
        }
        await(() -> (c.client().readyOps() & Readiness.WRITE) != 0, "WRITE readiness once the peer reads");
        assertTrue(c.client().write(chunk, 0, chunk.length, NOW) > 0, "the writable socket accepts bytes again");
    }

    @Test
    @Requirement("SC-SHUTDOWN-NOTCONN")
    void required_shutdownOfUnconnectedSocketIsNotconn() throws Exception {
        GuestSocket socket = clientSocket();
        assertErrno(Errno.ENOTCONN, "shutdown on a socket that never connected", () -> socket.shutdown(StackInstance.SHUT_RDWR));
    }

    @Test
    @Requirement("SC-SHUTDOWN-RD-EOF")
    void required_readAfterShutdownReadIsEof() throws Exception {
        Connection c = connect();
        c.server().shutdown(StackInstance.SHUT_RD);
        assertEquals(-1, c.server().read(new byte[8], 0, 8, WAIT), "a read after shutdown(SHUT_RD) returns EOF (-1)");
    }

    @Test
    @Requirement("SC-SHUTDOWN-RDWR")
    void required_shutdownBothGivesPeerEof() throws Exception {
        Connection c = connect();
        c.client().shutdown(StackInstance.SHUT_RDWR);
        assertEquals(-1, c.server().read(new byte[8], 0, 8, WAIT), "the peer of a SHUT_RDWR socket reads EOF (-1)");
        assertErrno(Errno.EPIPE, "write after shutdown(SHUT_RDWR)", () -> c.client().write(HELLO, 0, HELLO.length, WAIT));
    }

    @Test
    @Requirement("SC-BLOCKING-READ-WAKES")
    void required_blockedReadReturnsWhenDataArrives() throws Exception {
        Connection c = connect();
        byte[] got = new byte[HELLO.length];
        int[] n = new int[1];
        Thread reader = new Thread(() -> {
            try {
                n[0] = c.server().read(got, 0, got.length, WAIT);
            } catch (IOException e) {
                n[0] = -2;
            }
        }, "contract-reader");
        reader.start();
        await(() -> reader.getState() != Thread.State.RUNNABLE, "the reader blocks waiting for data");
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        reader.join(WAIT / 1_000_000);
        assertTrue(n[0] > 0, "the blocked read returns the bytes that arrived, got " + n[0]);
        assertArrayEquals(java.util.Arrays.copyOf(HELLO, n[0]), java.util.Arrays.copyOf(got, n[0]), "the bytes written");
    }

    @Test
    @Requirement("SC-CLOSE-WAKES-BLOCKED")
    void required_closeWakesBlockedReaderWithSocketClosed() throws Exception {
        Connection c = connect();
        IOException[] thrown = new IOException[1];
        Thread reader = new Thread(() -> {
            try {
                c.server().read(new byte[8], 0, 8, WAIT);
            } catch (IOException e) {
                thrown[0] = e;
            }
        }, "contract-reader");
        reader.start();
        await(() -> reader.getState() != Thread.State.RUNNABLE, "the reader blocks waiting for data");
        c.server().close();
        reader.join(WAIT / 1_000_000);
        assertTrue(thrown[0] != null && RaisedErrno.of(thrown[0]) == Errno.EBADF,
            "a read blocked while another thread closes the socket throws \"Socket closed\", got " + thrown[0]);
    }

    @Test
    @Requirement("SC-WRITE-TIMEOUT")
    void required_blockingWriteIntoFullBufferTimesOut() throws Exception {
        Connection c = connect();
        fillSendBuffer(c.client());
        // Far more than a silent peer can still take in: a stack may free some space after the buffer
        // first filled (Linux does), so a small write could still finish before its timeout.
        byte[] more = new byte[16 << 20];
        assertThrows(SocketTimeoutException.class, () -> c.client().write(more, 0, more.length, SHORT),
            "a write with a timeout into a full send buffer throws SocketTimeoutException");
    }

    @Test
    @Requirement("SC-ARG-BUFFER-RANGE")
    void required_readOutsideTheArrayIsRejectedWithoutHarm() throws Exception {
        Connection c = connect();
        byte[] b = new byte[8];
        assertThrows(IndexOutOfBoundsException.class, () -> c.server().read(b, 0, -1, NOW), "read with a negative length");
        assertThrows(IndexOutOfBoundsException.class, () -> c.server().read(b, -1, 4, NOW), "read at a negative offset");
        assertThrows(IndexOutOfBoundsException.class, () -> c.server().read(b, 6, 4, NOW), "read past the array's end");
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        assertArrayEquals(HELLO, readFully(c.server(), HELLO.length), "the connection still delivers every byte");
    }

    @Test
    @Requirement("SC-ARG-BUFFER-RANGE")
    void required_writeOutsideTheArrayIsRejectedWithoutHarm() throws Exception {
        Connection c = connect();
        assertThrows(IndexOutOfBoundsException.class, () -> c.client().write(HELLO, 0, -1, WAIT), "write with a negative length");
        assertThrows(IndexOutOfBoundsException.class, () -> c.client().write(HELLO, -1, 2, WAIT), "write at a negative offset");
        assertThrows(IndexOutOfBoundsException.class, () -> c.client().write(HELLO, 3, HELLO.length, WAIT),
            "write past the array's end");
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        assertArrayEquals(HELLO, readFully(c.server(), HELLO.length), "no byte of a rejected write was sent");
    }

    @Test
    @Requirement("SC-READY-WRITE-CONNECTED")
    void required_connectedSocketsAreWritable() throws Exception {
        GuestSocket listener = listener(8);
        GuestSocket client = clientSocket();
        assertFalse(client.connect(host().serverAddress(), portOf(listener), NOW), "a non-blocking connect is in progress");
        await(() -> (client.readyOps() & Readiness.CONNECT) != 0, "CONNECT readiness after the handshake");
        assertTrue(client.finishConnect(WAIT), "finishConnect reports the completed connect");
        assertTrue((client.readyOps() & Readiness.WRITE) != 0, "a socket whose connect completed is writable");
        GuestSocket accepted = track(listener.accept(WAIT));
        assertNotNull(accepted, "the listener accepts the connection");
        assertTrue((accepted.readyOps() & Readiness.WRITE) != 0, "an accepted socket is writable");
    }

    @Test
    @Requirement("SC-READY-READ-DATA")
    void required_dataMakesSocketReadableUntilDrained() throws Exception {
        Connection c = connect();
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        await(() -> (c.server().readyOps() & Readiness.READ) != 0, "READ readiness once bytes arrive");
        byte[] got = new byte[64];
        int n = 0;
        while (n < HELLO.length) {
            int r = c.server().read(got, n, got.length - n, NOW);
            assertTrue(r > 0, "a non-blocking read of a readable socket returns the bytes that arrived, got " + r);
            n += r;
        }
        assertArrayEquals(HELLO, java.util.Arrays.copyOf(got, n), "the bytes written, nothing more");
        assertEquals(0, c.server().read(got, 0, got.length, NOW), "the drained socket answers EAGAIN (0)");
        // Readiness is a hint: a late event may set READ again, but a read that finds nothing clears it.
        await(() -> drainedAndNotReadable(c.server()), "a read that finds no data clears READ readiness");
    }

    @Test
    @Requirement("SC-READY-RESET")
    void required_resetMakesSocketReadableAndWritable() throws Exception {
        Connection c = connect();
        fillSendBuffer(c.client());
        c.server().setOption(SocketOption.SO_LINGER, 1L << 32);
        c.server().close();
        await(() -> (c.client().readyOps() & (Readiness.READ | Readiness.WRITE)) == (Readiness.READ | Readiness.WRITE),
            "READ and WRITE readiness on a blocked writer's socket after the peer's reset (Linux poll: IN|OUT|ERR|HUP)");
        assertErrno(Errno.ECONNRESET, "read after the peer's reset", () -> c.client().read(new byte[8], 0, 8, NOW));
    }

    @Test
    @Requirement("SC-READ-AFTER-RESET-EOF")
    void required_resetIsReportedOnceThenReadsEof() throws Exception {
        Connection c = connect();
        c.server().setOption(SocketOption.SO_LINGER, 1L << 32);
        c.server().close();
        assertErrno(Errno.ECONNRESET, "read after the peer's reset", () -> readUntilError(c.client()));
        assertEquals(-1, c.client().read(new byte[8], 0, 8, WAIT), "the reset is reported once; later reads return EOF (-1)");
    }

    @Test
    @Requirement("SC-WRITE-AFTER-PEER-CLOSE-EPIPE")
    void required_writeToClosedPeerFailsWithPipe() throws Exception {
        Connection c = connect();
        c.server().close();
        assertEquals(-1, c.client().read(new byte[8], 0, 8, WAIT), "the client reads the server's FIN as EOF");
        assertErrno(Errno.EPIPE, "writes to a peer that closed its socket (its RST answers the first one; RFC 9293 3.10.7.4"
            + " Linux tcp_reset in CLOSE_WAIT)", () -> writeUntilError(c.client()));
    }

    @Test
    @Requirement("SC-HANGUP")
    void required_bothSidesShutDownHangsUpBothEnds() throws Exception {
        Connection c = connect();
        c.client().shutdown(StackInstance.SHUT_WR);
        assertEquals(-1, c.server().read(new byte[8], 0, 8, WAIT), "the server reads the client's FIN as EOF");
        c.server().shutdown(StackInstance.SHUT_WR);
        assertEquals(-1, c.client().read(new byte[8], 0, 8, WAIT), "the client reads the server's FIN as EOF");
        for (GuestSocket end : new GuestSocket[] {c.client(), c.server()}) {
            await(() -> (end.readyOps() & (Readiness.READ | Readiness.WRITE)) == (Readiness.READ | Readiness.WRITE),
                "READ and WRITE readiness once both directions are finished (Linux poll: POLLHUP)");
            assertEquals(-1, end.read(new byte[8], 0, 8, NOW), "a hung-up socket reads EOF (-1)");
            assertErrno(Errno.EPIPE, "write on a hung-up socket", () -> end.write(HELLO, 0, HELLO.length, NOW));
            assertEquals(0, end.getOption(SocketOption.SO_ERROR), "an orderly hang-up leaves no SO_ERROR");
        }
    }

    @Test
    @Requirement("SC-HALFCLOSE-PASSIVE")
    void required_dataWrittenAfterPeerFinArrivesBeforeEof() throws Exception {
        Connection c = connect();
        c.client().shutdown(StackInstance.SHUT_WR);
        assertEquals(-1, c.server().read(new byte[8], 0, 8, WAIT), "the server reads the client's FIN as EOF");
        byte[] payload = new byte[192 << 10];
        new Random(17).nextBytes(payload);
        IOException[] failure = new IOException[1];
        Thread closer = new Thread(() -> {
            try {
                c.server().write(payload, 0, payload.length, WAIT);
                c.server().close();
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "contract-passive-closer");
        closer.start();
        byte[] received = readFully(c.client(), payload.length + 1);
        closer.join(WAIT / 1_000_000);
        assertNull(failure[0], "the passive side writes and closes without error");
        assertArrayEquals(payload, received, "every byte written before the passive close arrives, then EOF (FIN after data)");
        assertEquals(-1, c.client().read(new byte[8], 0, 8, WAIT), "EOF after the data");
    }

    @Test
    @Requirement("SC-SHUTDOWN-RD-QUEUED")
    void required_bytesQueuedBeforeShutdownReadAreStillRead() throws Exception {
        Connection c = connect();
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        await(() -> (c.server().readyOps() & Readiness.READ) != 0, "the client's bytes reach the server");
        c.server().shutdown(StackInstance.SHUT_RD);
        assertArrayEquals(HELLO, readFully(c.server(), HELLO.length + 1),
            "bytes received before shutdown(SHUT_RD) are still read, then EOF (Linux tcp_recvmsg)");
    }

    @Test
    @Requirement("SC-SHUTDOWN-RD-PEER-WRITES")
    void required_shutdownReadDoesNotStopThePeer() throws Exception {
        Connection c = connect();
        c.server().shutdown(StackInstance.SHUT_RD);
        c.client().write(HELLO, 0, HELLO.length, WAIT);
        LockSupport.parkNanos(SHORT);
        assertEquals(0, c.client().read(new byte[8], 0, 8, NOW),
            "shutdown(SHUT_RD) sends nothing (Linux): the peer's write is not answered by a reset or FIN");
        assertEquals(0, c.client().getOption(SocketOption.SO_ERROR), "and the peer has no error");
        c.server().write(HELLO, 0, HELLO.length, WAIT);
        assertArrayEquals(HELLO, readFully(c.client(), HELLO.length), "the read-shut side still sends");
    }

    /**
     * Writes without blocking until the send buffer stays full: it accepted nothing and did not become
     * writable again for {@link #SHORT} (the peer's window closed, so nothing more drains).
     *
     * @return the bytes written
     */
    private static long fillSendBuffer(GuestSocket socket) throws IOException {
        byte[] chunk = new byte[64 << 10];
        long written = 0;
        long deadline = System.nanoTime() + WAIT;
        do {
            assertTrue(System.nanoTime() - deadline < 0, "the send buffer of a silent peer's connection stays full within "
                + TimeUnit.NANOSECONDS.toSeconds(WAIT) + " s (the stack keeps reporting WRITE readiness)");
            int n;
            while ((n = socket.write(chunk, 0, chunk.length, NOW)) > 0) {
                written += n;
                assertTrue(written < (256L << 20), "a non-blocking writer with a silent reader is stopped before 256 MiB");
            }
        } while (becomesWritable(socket, SHORT));
        return written;
    }

    private static boolean becomesWritable(GuestSocket socket, long withinNanos) {
        long deadline = System.nanoTime() + withinNanos;
        while (System.nanoTime() - deadline < 0) {
            if ((socket.readyOps() & Readiness.WRITE) != 0) {
                return true;
            }
            LockSupport.parkNanos(100_000);
        }
        return false;
    }

    private static boolean drainedAndNotReadable(GuestSocket socket) {
        try {
            return socket.read(new byte[8], 0, 8, NOW) == 0 && (socket.readyOps() & Readiness.READ) == 0;
        } catch (IOException e) {
            throw new AssertionError("a non-blocking read of a drained connection threw " + e, e);
        }
    }

    /** Writes (blocking) until the socket reports an error, failing after {@link #WAIT}. */
    private static void writeUntilError(GuestSocket socket) throws IOException {
        long deadline = System.nanoTime() + WAIT;
        while (System.nanoTime() - deadline < 0) {
            socket.write(HELLO, 0, HELLO.length, WAIT);
            LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("writes kept succeeding for " + TimeUnit.NANOSECONDS.toSeconds(WAIT)
            + " s after the peer closed its socket");
    }

    /** Reads (blocking) until the socket reports an error; EOF is a failure of the caller's expectation. */
    private static void readUntilError(GuestSocket socket) throws IOException {
        byte[] sink = new byte[4096];
        while (true) {
            int n = socket.read(sink, 0, sink.length, WAIT);
            if (n < 0) {
                return;
            }
        }
    }
}
