package io.nsaas.conformance.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
