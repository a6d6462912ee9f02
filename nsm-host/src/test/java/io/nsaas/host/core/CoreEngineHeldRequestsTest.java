package io.nsaas.host.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.nsm.TenantState;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.Opcode;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocking requests held by the host and completed from the stack's events. */
class CoreEngineHeldRequestsTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void heldRecvCompletesWhenTheStackReportsReadable() {
        int[] s = f.connected();
        long id = f.guest.submit(Opcode.RECV, s[0], 1024);
        f.cycle();
        assertNull(f.guest.completion(id), "held, not answered");
        assertEquals(1, f.engine.heldRequests());
        f.stack.deliver(s[1], new byte[] {1, 2, 3});
        f.engine.onReadable(s[1]);
        f.cycle();
        assertEquals(3, f.guest.completion(id).result());
        assertArrayEquals(new byte[] {1, 2, 3}, f.guest.bytes(f.guest.completion(id)));
        assertEquals(List.of(new TestGuest.Event(Opcode.EV_READABLE, s[0], 0)), f.guest.events(),
            "the event follows the served request");
        assertEquals(0, f.engine.heldRequests());
    }

    @Test
    void heldRecvsCompleteInOrderAndASpuriousEventKeepsThemHeld() {
        int[] s = f.connected();
        long first = f.guest.submit(Opcode.RECV, s[0], 2);
        long second = f.guest.submit(Opcode.RECV, s[0], 2);
        f.cycle();
        f.engine.onReadable(s[1]);
        f.cycle();
        assertNull(f.guest.completion(first), "spurious readable: still nothing to read");
        f.stack.deliver(s[1], new byte[] {1, 2, 3});
        f.engine.onReadable(s[1]);
        f.cycle();
        assertArrayEquals(new byte[] {1, 2}, f.guest.bytes(f.guest.completion(first)));
        assertArrayEquals(new byte[] {3}, f.guest.bytes(f.guest.completion(second)));
    }

    @Test
    void recvBehindAHeldRecvWithNonblockAnswersEagain() {
        int[] s = f.connected();
        f.guest.submit(Opcode.RECV, s[0], 10);
        f.cycle();
        f.stack.deliver(s[1], new byte[4]);
        long nonblocking = f.guest.submit(Opcode.RECV, NqeDescriptor.FLAG_NONBLOCK, s[0], 10, 0, 0);
        f.cycle();
        assertEquals(-Errno.EAGAIN, f.guest.completion(nonblocking).result(), "the bytes belong to the earlier RECV");
    }

    @Test
    void heldRecvEndsWithEofOrTheErrorWhenTheConnectionCloses() {
        int[] s = f.connected();
        long id = f.guest.submit(Opcode.RECV, s[0], 10);
        f.cycle();
        f.stack.sock(s[1]).eof = true;
        f.engine.onClosed(s[1], 0);
        f.cycle();
        assertEquals(0, f.guest.completion(id).result());
        assertEquals(List.of(new TestGuest.Event(Opcode.EV_CLOSED, s[0], 0)), f.guest.events());

        int[] t = f.connected();
        long reset = f.guest.submit(Opcode.RECV, t[0], 10);
        f.cycle();
        f.engine.onClosed(t[1], Errno.ECONNRESET);
        f.cycle();
        assertEquals(-Errno.ECONNRESET, f.guest.completion(reset).result(), "the stack still said EAGAIN");
        assertTrue(f.guest.events().contains(new TestGuest.Event(Opcode.EV_CLOSED, t[0], Errno.ECONNRESET)));
    }

    @Test
    void heldAcceptCompletesWhenAConnectionArrives() {
        int listener = f.socket();
        int stackListener = f.lastStackSocket();
        f.result(Opcode.LISTEN, listener, 8);
        long id = f.guest.submit(Opcode.ACCEPT, listener, 0);
        f.cycle();
        assertNull(f.guest.completion(id));
        f.stack.incoming(stackListener, Endpoint.pack(0x0A00_0005, 999));
        f.engine.onAcceptable(stackListener);
        f.cycle();
        long child = f.guest.completion(id).result();
        assertTrue(child >= 0);
        assertEquals(Endpoint.pack(0x0A00_0005, 999), f.result(Opcode.GETPEERNAME, (int) child, 0));
    }

    @Test
    void heldConnectCompletesOnConnectedOrWithTheCloseReason() {
        int socket = f.socket();
        int stackSocket = f.lastStackSocket();
        long id = f.guest.submit(Opcode.CONNECT, socket, Endpoint.pack(0x0A00_0002, 80));
        f.cycle();
        assertNull(f.guest.completion(id));
        f.engine.onConnected(stackSocket);
        f.cycle();
        assertEquals(0, f.guest.completion(id).result());

        int refused = f.socket();
        int refusedStack = f.lastStackSocket();
        long second = f.guest.submit(Opcode.CONNECT, refused, Endpoint.pack(0x0A00_0002, 81));
        long again = f.guest.submit(Opcode.CONNECT, refused, Endpoint.pack(0x0A00_0002, 81));
        f.cycle();
        assertEquals(-Errno.EALREADY, f.guest.completion(again).result());
        f.engine.onClosed(refusedStack, Errno.ECONNREFUSED);
        f.cycle();
        assertEquals(-Errno.ECONNREFUSED, f.guest.completion(second).result());
    }

    @Test
    void heldSendCompletesWhenSpaceOpensAndKeepsItsChunkUntilThen() {
        int[] s = f.connected();
        f.stack.sock(s[1]).sendSpace = 0;
        long id = f.guest.send(s[0], 0, new byte[] {9, 8, 7}, 0, 3);
        f.cycle();
        assertNull(f.guest.completion(id));
        assertEquals(f.guest.layout.txChunkCount() - 1, f.guest.freeTxChunks(), "the host holds the chunk");
        f.stack.sock(s[1]).sendSpace = 100;
        f.engine.onWritable(s[1]);
        f.cycle();
        assertEquals(3, f.guest.completion(id).result());
        assertArrayEquals(new byte[] {9, 8, 7}, f.stack.sock(s[1]).sent.toByteArray());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks());
    }

    @Test
    void blockingSendsCompleteWholeAndInOrderAcrossPartialAccepts() {
        int[] s = f.connected();
        f.stack.sock(s[1]).sendSpace = 3;
        long first = f.guest.send(s[0], 0, new byte[] {1, 2, 3, 4, 5}, 0, 5);
        long second = f.guest.send(s[0], 0, new byte[] {6, 7}, 0, 2);
        f.cycle();
        assertNull(f.guest.completion(first), "3 of 5 bytes in: still held");
        assertNull(f.guest.completion(second), "behind the first");
        f.stack.sock(s[1]).sendSpace = 3;
        f.engine.onWritable(s[1]);
        f.cycle();
        assertEquals(5, f.guest.completion(first).result());
        assertNull(f.guest.completion(second), "1 of 2 bytes in");
        f.stack.sock(s[1]).sendSpace = 100;
        f.engine.onWritable(s[1]);
        f.cycle();
        assertEquals(2, f.guest.completion(second).result());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7}, f.stack.sock(s[1]).sent.toByteArray());
        assertEquals(7, f.engine.bytesSent());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks());
    }

    @Test
    void blockingSendTakenInShortPiecesCompletesWithoutWaitingForAnEvent() {
        // SPI: onWritable follows only a send that returned -EAGAIN; a short send alone earns none
        int[] s = f.connected();
        f.stack.sock(s[1]).maxPerSend = 2;
        long id = f.guest.send(s[0], 0, new byte[] {1, 2, 3, 4, 5}, 0, 5);
        f.cycle();
        assertEquals(5, f.guest.completion(id).result());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, f.stack.sock(s[1]).sent.toByteArray());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks());
    }

    @Test
    void shortSendIsHeldOnlyAfterTheStackAnsweredEagain() {
        int[] s = f.connected();
        f.stack.sock(s[1]).sendSpace = 3;
        long id = f.guest.send(s[0], 0, new byte[] {1, 2, 3, 4, 5}, 0, 5);
        f.cycle();
        assertNull(f.guest.completion(id), "3 of 5 bytes in: held");
        assertTrue(f.stack.sock(s[1]).owesWritable, "the engine sent until -EAGAIN, so the stack owes onWritable");
        f.stack.sock(s[1]).owesWritable = false;
        f.stack.sock(s[1]).sendSpace = 1;
        f.stack.sock(s[1]).maxPerSend = 1;
        f.engine.onWritable(s[1]);
        f.cycle();
        assertNull(f.guest.completion(id), "4 of 5 bytes in: held again");
        assertTrue(f.stack.sock(s[1]).owesWritable, "a held SEND's retry also sends until -EAGAIN");
        f.stack.sock(s[1]).sendSpace = 100;
        f.engine.onWritable(s[1]);
        f.cycle();
        assertEquals(5, f.guest.completion(id).result());
    }

    @Test
    void nonblockingSendOnAFullBufferAnswersEagainAndReturnsTheChunk() {
        int[] s = f.connected();
        f.stack.sock(s[1]).sendSpace = 0;
        long id = f.guest.send(s[0], NqeDescriptor.FLAG_NONBLOCK, new byte[3], 0, 3);
        f.cycle();
        assertEquals(-Errno.EAGAIN, f.guest.completion(id).result());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks());
    }

    @Test
    void closeFailsEveryHeldRequestWithEbadfFirst() {
        int[] s = f.connected();
        f.stack.sock(s[1]).sendSpace = 0;
        long recv = f.guest.submit(Opcode.RECV, s[0], 10);
        long send = f.guest.send(s[0], 0, new byte[5], 0, 5);
        f.cycle();
        long close = f.guest.submit(Opcode.CLOSE, s[0], 0);
        f.cycle();
        List<TestGuest.Completion> order = f.guest.completionsInOrder();
        int n = order.size();
        assertEquals(List.of(recv, send, close), List.of(order.get(n - 3).requestId(), order.get(n - 2).requestId(),
            order.get(n - 1).requestId()));
        assertEquals(-Errno.EBADF, f.guest.completion(recv).result());
        assertEquals(-Errno.EBADF, f.guest.completion(send).result());
        assertEquals(0, f.guest.completion(close).result());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks(), "the held SEND's chunk came back");
        assertEquals(0, f.engine.heldRequests());
    }

    @Test
    void moreThanMaxHeldPerSocketAnswersEagain() {
        EngineFixture g = new EngineFixture(TestGuest.smallLayout(), new CoreSettings(8, 2, 64));
        int[] s = g.connected();
        long a = g.guest.submit(Opcode.RECV, s[0], 1);
        long b = g.guest.submit(Opcode.RECV, s[0], 1);
        long c = g.guest.submit(Opcode.RECV, s[0], 1);
        g.cycle();
        assertNull(g.guest.completion(a));
        assertNull(g.guest.completion(b));
        assertEquals(-Errno.EAGAIN, g.guest.completion(c).result());
    }

    @Test
    void recvWithoutAFreeRxChunkIsHeldUntilTheGuestReturnsOne() {
        int[] s = f.connected();
        f.guest.hoardRxChunks();
        f.stack.deliver(s[1], new byte[] {42});
        long id = f.guest.submit(Opcode.RECV, s[0], 10);
        long nonblocking = f.guest.submit(Opcode.RECV, NqeDescriptor.FLAG_NONBLOCK, s[0], 10, 0, 0);
        f.cycle();
        assertNull(f.guest.completion(id));
        assertEquals(-Errno.EAGAIN, f.guest.completion(nonblocking).result());
        f.cycle();
        assertNull(f.guest.completion(id));
        f.guest.returnRxChunk(3);
        f.cycle();
        assertEquals(1, f.guest.completion(id).result());
        assertEquals(f.guest.layout.rxChunkOffset(3), f.guest.completion(id).dataOffset());
    }

    @Test
    void stackGoneAbortsHeldRequestsAndClosesEverySocket() {
        int[] s = f.connected();
        int other = f.socket();
        f.stack.sock(s[1]).sendSpace = 0;
        long recv = f.guest.submit(Opcode.RECV, s[0], 10);
        long send = f.guest.send(s[0], 0, new byte[5], 0, 5);
        f.cycle();
        f.engine.onStackGone(TenantState.FAILED, "plugin bug");
        f.guest.poll();
        assertEquals(-Errno.ECONNABORTED, f.guest.completion(recv).result());
        assertEquals(-Errno.ECONNABORTED, f.guest.completion(send).result());
        assertTrue(f.guest.events().containsAll(List.of(new TestGuest.Event(Opcode.EV_CLOSED, s[0], Errno.ECONNABORTED),
            new TestGuest.Event(Opcode.EV_CLOSED, other, Errno.ECONNABORTED))), f.guest.events().toString());
        assertEquals(0, f.engine.socketsOpen());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks());
        assertEquals(0, f.engine.doWork(f.stack, 64), "no work after the stack is gone");
        assertTrue(f.fatal.isEmpty());
    }

    @Test
    void eventsForSocketsTheTenantDoesNotHaveAreIgnored() {
        f.engine.onReadable(12345);
        f.engine.onClosed(777, Errno.ECONNRESET);
        f.cycle();
        assertTrue(f.guest.events().isEmpty());
    }

    @Test
    void eventsWaitWhileTheEventRingIsFullAndRepeatsMerge() {
        int[] s = f.connected();
        int events = 0;
        for (int i = 0; i < 10_000 && f.guest.events.write(1, new org.agrona.concurrent.UnsafeBuffer(new byte[32]), 0, 32); i++) {
            events++;
        }
        assertTrue(events > 10, "filled the event ring with " + events + " records");
        for (int i = 0; i < 100; i++) {
            f.engine.onReadable(s[1]);
            f.engine.doWork(f.stack, 64);
        }
        f.engine.onClosed(s[1], 0);
        f.engine.doWork(f.stack, 64);
        f.guest.poll();
        f.cycle();
        List<TestGuest.Event> real = f.guest.events().subList(events, f.guest.events().size());
        assertEquals(List.of(new TestGuest.Event(Opcode.EV_READABLE, s[0], 0), new TestGuest.Event(Opcode.EV_CLOSED, s[0], 0)),
            real);
    }
}
