package io.nsaas.host.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.Opcode;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request opcode on the engine with a scripted stack: success and the stack's errors. */
class CoreEngineRequestsTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void nopCompletesWithZero() {
        TestGuest.Completion c = f.call(Opcode.NOP, -1, 0);
        assertEquals(Opcode.NOP | Opcode.COMPLETION_BIT, c.opcode());
        assertEquals(0, c.result());
        assertEquals(1, f.engine.nqesProcessed());
    }

    @Test
    void socketReturnsHostAssignedIdsThatDifferFromTheStacks() {
        int first = f.socket();
        int second = f.socket();
        assertNotEquals(first, second);
        assertTrue(first >= 0 && second >= 0);
        assertNotEquals(500, first, "the tenant sees host ids, not the stack's");
        assertEquals(2, f.engine.socketsOpen());
    }

    @Test
    void socketPassesTheStacksErrorAndAnswersEmfileWhenTheTableIsFull() {
        f.stack.openResult = -Errno.ENOBUFS;
        assertEquals(-Errno.ENOBUFS, f.result(Opcode.SOCKET, -1, 0));

        EngineFixture small = new EngineFixture(TestGuest.smallLayout(), new CoreSettings(2, 4, 64));
        small.socket();
        small.socket();
        assertEquals(-Errno.EMFILE, small.result(Opcode.SOCKET, -1, 0));
        assertEquals(2, small.stack.sockets.size(), "the stack was not asked for a third socket");
    }

    @Test
    void bindListenAndGetsocknameReachTheStack() {
        int socket = f.socket();
        long endpoint = Endpoint.pack(0x0A00_0001, 8080);
        assertEquals(0, f.result(Opcode.BIND, socket, endpoint));
        assertEquals(endpoint, f.result(Opcode.GETSOCKNAME, socket, 0));
        assertEquals(0, f.result(Opcode.LISTEN, socket, 128));
        assertTrue(f.stack.sock(f.lastStackSocket()).listening);
        f.stack.bindResult = -Errno.EADDRINUSE;
        assertEquals(-Errno.EADDRINUSE, f.result(Opcode.BIND, f.socket(), endpoint));
    }

    @Test
    void acceptReturnsANewHostIdAndGetpeernameNamesThePeer() {
        int listener = f.socket();
        int stackListener = f.lastStackSocket();
        f.result(Opcode.LISTEN, listener, 16);
        assertEquals(-Errno.EAGAIN, f.call(Opcode.ACCEPT, NqeDescriptor.FLAG_NONBLOCK, listener, 0, 0, 0).result());
        long peer = Endpoint.pack(0x0A00_0009, 5555);
        f.stack.incoming(stackListener, peer);
        long child = f.result(Opcode.ACCEPT, listener, 0);
        assertTrue(child >= 0 && child != listener, "child id " + child);
        assertEquals(peer, f.result(Opcode.GETPEERNAME, (int) child, 0));
        assertEquals(2, f.engine.socketsOpen());
        assertTrue(f.guest.events().contains(new TestGuest.Event(Opcode.EV_WRITABLE, (int) child, 0)),
            "accepted socket announced writable: " + f.guest.events());
    }

    @Test
    void acceptOnASocketThatDoesNotListenPassesEinval() {
        assertEquals(-Errno.EINVAL, f.result(Opcode.ACCEPT, f.socket(), 0));
    }

    @Test
    void nonBlockingConnectAnswersEinprogressThenEvConnected() {
        int socket = f.socket();
        int stackSocket = f.lastStackSocket();
        long endpoint = Endpoint.pack(0x0A00_0002, 80);
        assertEquals(-Errno.EINPROGRESS, f.call(Opcode.CONNECT, NqeDescriptor.FLAG_NONBLOCK, socket, endpoint, 0, 0).result());
        f.engine.onConnected(stackSocket);
        f.cycle();
        assertEquals(List.of(new TestGuest.Event(Opcode.EV_CONNECTED, socket, 0)), f.guest.events());
        assertEquals(endpoint, f.result(Opcode.GETPEERNAME, socket, 0));
    }

    @Test
    void connectPassesImmediateResults() {
        f.stack.connectResult = -Errno.ECONNREFUSED;
        assertEquals(-Errno.ECONNREFUSED, f.result(Opcode.CONNECT, f.socket(), 1));
        f.stack.connectResult = 0;
        assertEquals(0, f.result(Opcode.CONNECT, f.socket(), 1));
    }

    @Test
    void sendMovesTheChunkBytesToTheStackAndReturnsTheChunkBeforeTheCompletion() {
        int[] s = f.connected();
        byte[] payload = "hello, stack".getBytes(StandardCharsets.US_ASCII);
        int freeBefore = f.guest.freeTxChunks();
        long id = f.guest.send(s[0], 0, payload, 0, payload.length);
        assertEquals(freeBefore - 1, f.guest.freeTxChunks());
        f.engine.doWork(f.stack, 64);
        assertEquals(freeBefore, f.guest.freeTxChunks(), "chunk back on the free ring once the completion is posted");
        f.guest.poll();
        assertEquals(payload.length, f.guest.completion(id).result());
        assertArrayEquals(payload, f.stack.sock(s[1]).sent.toByteArray());
        assertEquals(payload.length, f.engine.bytesSent());
    }

    @Test
    void nonblockingSendReportsAPartialAcceptAndTheStacksErrors() {
        int[] s = f.connected();
        f.stack.sock(s[1]).sendSpace = 3;
        long id = f.guest.send(s[0], NqeDescriptor.FLAG_NONBLOCK, new byte[10], 0, 10);
        f.cycle();
        assertEquals(3, f.guest.completion(id).result());
        f.stack.sock(s[1]).writeShut = true;
        long broken = f.guest.send(s[0], 0, new byte[10], 0, 10);
        f.cycle();
        assertEquals(-Errno.EPIPE, f.guest.completion(broken).result());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks(), "every chunk came back");
    }

    @Test
    void zeroLengthSendCompletesWithZero() {
        int[] s = f.connected();
        long id = f.guest.send(s[0], 0, new byte[0], 0, 0);
        f.cycle();
        assertEquals(0, f.guest.completion(id).result());
    }

    @Test
    void recvFillsAHostRxChunkNamedByTheCompletion() {
        int[] s = f.connected();
        byte[] payload = "bytes from the wire".getBytes(StandardCharsets.US_ASCII);
        f.stack.deliver(s[1], payload);
        TestGuest.Completion c = f.call(Opcode.RECV, s[0], 1024);
        assertEquals(payload.length, c.result());
        assertEquals(payload.length, c.dataLength());
        assertTrue(f.guest.layout.rxChunkIndex(c.dataOffset()) >= 0, "offset in the rx area: " + c.dataOffset());
        assertArrayEquals(payload, f.guest.bytes(c));
        assertEquals(payload.length, f.engine.bytesReceived());
    }

    @Test
    void recvTakesAtMostTheOperandBytes() {
        int[] s = f.connected();
        f.stack.deliver(s[1], new byte[100]);
        assertEquals(10, f.result(Opcode.RECV, s[0], 10));
        assertEquals(90, f.result(Opcode.RECV, s[0], 1024));
    }

    @Test
    void recvAtEndOfStreamAnswersZeroWithoutAChunk() {
        int[] s = f.connected();
        f.stack.sock(s[1]).eof = true;
        TestGuest.Completion c = f.call(Opcode.RECV, s[0], 1024);
        assertEquals(0, c.result());
        assertEquals(0, c.dataOffset());
        assertEquals(0, c.dataLength());
        // the chunk stays with the host: four RECVs with data still find chunks
        f.stack.sock(s[1]).eof = false;
        for (int i = 0; i < f.guest.layout.rxChunkCount(); i++) {
            f.stack.deliver(s[1], new byte[] {(byte) i});
            assertEquals(1, f.result(Opcode.RECV, s[0], 1024), "RECV " + i);
        }
    }

    @Test
    void recvPassesConnectionErrors() {
        int[] s = f.connected();
        f.stack.sock(s[1]).recvErrno = Errno.ECONNRESET;
        assertEquals(-Errno.ECONNRESET, f.result(Opcode.RECV, s[0], 1024));
    }

    @Test
    void shutdownReachesTheStack() {
        int[] s = f.connected();
        assertEquals(0, f.result(Opcode.SHUTDOWN, s[0], 1));
        assertTrue(f.stack.sock(s[1]).writeShut);
    }

    @Test
    void closeReleasesTheIdSoLaterRequestsGetEbadf() {
        int[] s = f.connected();
        assertEquals(0, f.result(Opcode.CLOSE, s[0], 0));
        assertEquals(List.of(s[1]), f.stack.closed);
        assertEquals(0, f.engine.socketsOpen());
        assertEquals(-Errno.EBADF, f.result(Opcode.RECV, s[0], 10));
        assertEquals(-Errno.EBADF, f.result(Opcode.CLOSE, s[0], 0));
        int reused = f.socket();
        assertNotEquals(s[0], reused, "a reused slot gets a new generation");
        assertEquals(-Errno.EBADF, f.result(Opcode.GETSOCKNAME, s[0], 0), "the old id still names nothing");
    }

    @Test
    void numericOptionsRoundTrip() {
        int socket = f.socket();
        int code = SocketOption.TCP_NODELAY.code();
        long nodelay = f.guest.submit(Opcode.SETSOCKOPT, 0, socket, code, 1, 0);
        long linger = f.guest.submit(Opcode.SETSOCKOPT, 0, socket, SocketOption.SO_LINGER.code(), 5, 1);
        f.cycle();
        assertEquals(0, f.guest.completion(nodelay).result());
        assertEquals(0, f.guest.completion(linger).result());
        assertEquals(1, f.result(Opcode.GETSOCKOPT, socket, code));
        assertEquals(SocketOption.linger(true, 5), f.result(Opcode.GETSOCKOPT, socket, SocketOption.SO_LINGER.code()));
        long error = f.guest.submit(Opcode.SETSOCKOPT, 0, socket, SocketOption.SO_ERROR.code(), 0, 0);
        f.cycle();
        assertEquals(-Errno.ENOPROTOOPT, f.guest.completion(error).result());
    }

    @Test
    void bytesOptionsUseATxChunkInAndAnRxChunkOut() {
        int socket = f.socket();
        int code = SocketOption.TCP_CONGESTION.code();
        byte[] cubic = "cubic".getBytes(StandardCharsets.US_ASCII);
        int chunk = f.guest.takeTxChunk();
        int offset = f.guest.layout.txChunkOffset(chunk);
        f.guest.data.putBytes(offset, cubic);
        assertEquals(0, f.call(Opcode.SETSOCKOPT, 0, socket, code, offset, cubic.length).result());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks(), "tx chunk returned");
        TestGuest.Completion got = f.call(Opcode.GETSOCKOPT, socket, code);
        assertEquals(5, got.result());
        assertArrayEquals(cubic, f.guest.bytes(got));

        int bad = f.guest.takeTxChunk();
        int badOffset = f.guest.layout.txChunkOffset(bad);
        f.guest.data.putStringWithoutLengthAscii(badOffset, "bbrx");
        assertEquals(-Errno.ENOENT, f.call(Opcode.SETSOCKOPT, 0, socket, code, badOffset, 4).result());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks(), "tx chunk returned after an error too");
    }

    @Test
    void getsockoptAndInfoAnswerEnobufsWhenTheGuestHoldsEveryRxChunk() {
        int socket = f.socket();
        assertEquals(f.guest.layout.rxChunkCount(), f.guest.hoardRxChunks());
        assertEquals(-Errno.ENOBUFS, f.result(Opcode.GETSOCKOPT, socket, SocketOption.TCP_CONGESTION.code()));
        assertEquals(-Errno.ENOBUFS, f.result(Opcode.INFO, socket, 0));
        f.guest.returnRxChunk(2);
        assertTrue(f.result(Opcode.INFO, socket, 0) > 0);
    }

    @Test
    void infoWritesAnInfoRecordIntoAnRxChunk() {
        int[] s = f.connected();
        f.guest.send(s[0], 0, new byte[77], 0, 77);
        f.cycle();
        TestGuest.Completion c = f.call(Opcode.INFO, s[0], 0);
        assertEquals(InfoRecord.FIXED_LENGTH + InfoRecord.VALUE_LENGTH, c.result());
        assertEquals(c.result(), c.dataLength());
        TcpInfo read = new TcpInfo();
        InfoRecord.read(f.guest.data, c.dataOffset(), read);
        assertEquals(TcpState.ESTABLISHED, read.state);
        assertEquals("reno", read.algorithm);
        assertEquals(10, read.sndCwnd);
        assertEquals(1234, read.rttUs);
        assertEquals(77, read.bytesAcked);
        assertEquals(0.5, read.algorithmValue("alpha"));
        assertEquals(Integer.MAX_VALUE, read.sndSsthresh);
    }

    @Test
    void infoOfAnUnknownStackSocketPassesEbadf() {
        int socket = f.socket();
        f.stack.sockets.clear();
        assertEquals(-Errno.EBADF, f.result(Opcode.INFO, socket, 0));
    }
}
