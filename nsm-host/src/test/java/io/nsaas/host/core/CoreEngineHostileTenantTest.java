package io.nsaas.host.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.NqeValidator;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionRing;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

/** A tenant that writes garbage: bad NQEs, foreign socket ids, corrupt rings, unread completion rings. */
class CoreEngineHostileTenantTest {
    private static final long SEED = 0x636F_7265_4675_7A7AL;
    private final EngineFixture f = new EngineFixture();
    private final UnsafeBuffer raw = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
    private final NqeFlyweight nqe = new NqeFlyweight().wrap(raw, 0);

    private TestGuest.Completion rawCall() {
        long requestId = nqe.requestId();
        f.guest.submitRaw(raw);
        f.cycle();
        TestGuest.Completion c = f.guest.completion(requestId);
        assertNotNull(c, "no completion for " + nqe);
        return c;
    }

    @Test
    void aNonRequestOpcodeIsRejectedWithItsRequestIdEchoed() {
        nqe.reset().opcode(Opcode.EV_READABLE).requestId(77).socketId(3);
        TestGuest.Completion c = rawCall();
        assertEquals(Opcode.REJECTED, c.opcode());
        assertEquals(-Errno.EINVAL, c.result());
        assertEquals(3, c.socketId());
    }

    @Test
    void badFieldsGetTheValidatorsErrnoAndNeverReachTheStack() {
        int socket = f.socket();
        f.stack.calls.clear();
        nqe.reset().opcode(Opcode.NOP).flags(0x80).requestId(1).socketId(-1);
        assertEquals(-Errno.EINVAL, rawCall().result(), "unknown flag");
        nqe.reset().opcode(Opcode.RECV).flags(NqeDescriptor.FLAG_MORE).requestId(2).socketId(socket).operand(10);
        assertEquals(-Errno.EINVAL, rawCall().result(), "MORE on RECV");
        nqe.reset().opcode(Opcode.NOP).queueSet(1).requestId(3).socketId(-1);
        assertEquals(-Errno.EINVAL, rawCall().result(), "queue set");
        nqe.reset().opcode(Opcode.RECV).requestId(4).socketId(socket).operand(f.guest.layout.chunkSize() + 1);
        assertEquals(-Errno.EINVAL, rawCall().result(), "RECV larger than a chunk");
        nqe.reset().opcode(Opcode.GETSOCKOPT).requestId(5).socketId(socket).operand(0x0001_0063);
        assertEquals(-Errno.ENOPROTOOPT, rawCall().result(), "unknown option");
        nqe.reset().opcode(Opcode.SEND).requestId(6).socketId(socket).dataOffset(f.guest.layout.rxAreaOffset()).dataLength(1);
        assertEquals(-Errno.EFAULT, rawCall().result(), "SEND from the rx area");
        nqe.reset().opcode(Opcode.SEND).requestId(7).socketId(socket).dataOffset(1000).dataLength(100);
        assertEquals(-Errno.EFAULT, rawCall().result(), "SEND across a chunk end");
        nqe.reset().opcode(Opcode.CLOSE).requestId(8).socketId(socket).dataLength(4);
        assertEquals(-Errno.EINVAL, rawCall().result(), "data on CLOSE");
        assertEquals(List.of(), f.stack.calls, "no bad NQE reached the stack");
        assertEquals(1, f.engine.socketsOpen());
    }

    @Test
    void aRejectedSendStillReturnsItsTxChunk() {
        int socket = f.socket();
        int chunk = f.guest.takeTxChunk();
        nqe.reset().opcode(Opcode.SEND).flags(0x40).requestId(9).socketId(socket)
            .dataOffset(f.guest.layout.txChunkOffset(chunk)).dataLength(10);
        assertEquals(-Errno.EINVAL, rawCall().result());
        assertEquals(f.guest.layout.txChunkCount(), f.guest.freeTxChunks());
    }

    @Test
    void idsNeverIssuedClosedOrFromAnotherAttachmentAnswerEbadf() {
        int socket = f.socket();
        EngineFixture other = new EngineFixture();
        int foreign = other.socket();
        for (int id : new int[] {0, 1, 5, foreign, socket + 1, socket ^ (1 << 20), Integer.MAX_VALUE, -2}) {
            if (id == socket) {
                continue;
            }
            assertEquals(-Errno.EBADF, f.result(Opcode.GETSOCKNAME, id, 0), "socket id " + id);
        }
        assertEquals(0, f.result(Opcode.CLOSE, socket, 0));
        assertEquals(-Errno.EBADF, f.result(Opcode.LISTEN, socket, 1));
    }

    @Test
    void fuzzedNqesEachGetOneCompletionAndNeverHurtTheHost() {
        SplittableRandom random = new SplittableRandom(SEED);
        NqeValidator validator = new NqeValidator(f.guest.layout, Integer.MAX_VALUE);
        int[] sockets = {f.socket(), f.socket(), f.socket()};
        f.stack.record = false;
        UnsafeBuffer copy = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
        NqeFlyweight expected = new NqeFlyweight().wrap(copy, 0);
        int rounds = 20_000;
        int accepted = 0;
        for (int round = 0; round < rounds; round++) {
            fuzz(random, sockets);
            nqe.requestId(1_000_000L + round);
            copy.putBytes(0, raw, 0, NqeDescriptor.LENGTH);
            int verdict = validator.validate(expected);
            f.guest.submitRaw(raw);
            f.engine.doWork(f.stack, 64);
            f.engine.doWork(f.stack, 64); // agrona reads stop where the job ring wraps
            f.guest.poll();
            for (TestGuest.Completion held : f.guest.completionsInOrder()) {
                if (held.opcode() == (Opcode.RECV | Opcode.COMPLETION_BIT) && held.result() > 0) {
                    f.guest.returnRxChunk(held);
                }
            }
            f.guest.completionsInOrder().clear();
            TestGuest.Completion c = f.guest.completion(1_000_000L + round);
            if (verdict != 0) {
                assertNotNull(c, "round " + round + ": invalid NQE unanswered: " + expected);
                assertEquals(verdict, c.result(), "round " + round + ": " + expected);
            } else {
                accepted++;
            }
            // a held request is answered later; close every socket now and then so nothing stays held forever
            if (round % 500 == 499) {
                for (int i = 0; i < sockets.length; i++) {
                    f.result(Opcode.CLOSE, sockets[i], 0);
                    sockets[i] = f.socket();
                }
            }
        }
        assertTrue(f.fatal.isEmpty(), "no fatal from well-framed garbage: " + f.fatal);
        assertTrue(accepted > 100, "fuzzing reached the stack " + accepted + " times");
        for (int socket : sockets) {
            f.result(Opcode.CLOSE, socket, 0);
        }
        assertEquals(0, f.engine.heldRequests());
    }

    /** Random bytes with fields biased toward valid values, like the validator's own fuzz test. */
    private void fuzz(SplittableRandom random, int[] sockets) {
        for (int i = 0; i < NqeDescriptor.LENGTH; i += 8) {
            raw.putLong(i, random.nextLong());
        }
        int opcode = random.nextInt(4) == 0 ? random.nextInt(256) : 1 + random.nextInt(Opcode.INFO);
        nqe.opcode(opcode);
        if (random.nextInt(4) != 0) {
            nqe.flags(random.nextInt(3) == 0 ? NqeDescriptor.FLAG_NONBLOCK : 0);
        }
        if (random.nextInt(5) != 0) {
            nqe.queueSet(0);
        }
        if (random.nextInt(5) != 0) {
            nqe.socketId(opcode == Opcode.NOP || opcode == Opcode.SOCKET ? -1 : sockets[random.nextInt(sockets.length)]);
        }
        if (random.nextInt(4) != 0) {
            long operand;
            switch (opcode) {
                case Opcode.RECV -> operand = 1 + random.nextInt(f.guest.layout.chunkSize());
                case Opcode.SHUTDOWN -> operand = random.nextInt(3);
                case Opcode.SETSOCKOPT, Opcode.GETSOCKOPT -> operand = SocketOption.values()[random.nextInt(10)].code();
                case Opcode.BIND, Opcode.CONNECT, Opcode.LISTEN -> operand = random.nextInt(1 << 20);
                default -> operand = 0;
            }
            nqe.operand(operand);
        }
        if (random.nextInt(4) != 0) {
            boolean data = opcode == Opcode.SEND || opcode == Opcode.SETSOCKOPT;
            nqe.dataOffset(data ? random.nextInt(f.guest.layout.txAreaLength()) : 0);
            nqe.dataLength(data ? random.nextInt(64) : 0);
        }
        // NONBLOCK keeps the scripted stack from piling up held requests; CLOSE now and then frees the rest
        if (opcode == Opcode.SOCKET && f.engine.socketsOpen() > 50) {
            nqe.opcode(Opcode.NOP);
        }
    }

    @Test
    void aJobRecordOfTheWrongLengthIsFatalOnceAndTheRegionIsLeftAlone() {
        f.socket();
        f.guest.job.write(NqeDescriptor.MSG_TYPE_ID, new UnsafeBuffer(new byte[40]), 0, 40);
        f.engine.doWork(f.stack, 64);
        assertEquals(1, f.fatal.size());
        assertTrue(f.fatal.get(0).contains("job ring is corrupt"), f.fatal.get(0));
        byte[] before = new byte[f.guest.layout.regionLength()];
        f.guest.region.getBytes(0, before);
        f.guest.submit(Opcode.NOP, -1, 0);
        f.guest.region.getBytes(0, before);
        f.engine.onReadable(f.lastStackSocket());
        assertEquals(0, f.engine.doWork(f.stack, 64));
        byte[] after = new byte[before.length];
        f.guest.region.getBytes(0, after);
        assertArrayEquals(before, after, "nothing written after the fatal call");
        assertEquals(1, f.fatal.size(), "onFatal once");
    }

    @Test
    void impossibleJobRingPositionsAreFatal() {
        int trailer = f.guest.layout.ringOffset(RegionRing.JOB) + f.guest.layout.ringCapacity(RegionRing.JOB);
        f.guest.region.putLong(trailer + RingBufferDescriptor.HEAD_POSITION_OFFSET, 1_000_003);
        f.engine.doWork(f.stack, 64);
        assertEquals(1, f.fatal.size());
        assertTrue(f.fatal.get(0).contains("job ring is corrupt: consumer position 1000003"), f.fatal.get(0));
    }

    @Test
    void aGarbageRecordHeaderIsFatal() {
        f.guest.submit(Opcode.NOP, -1, 0);
        int ring = f.guest.layout.ringOffset(RegionRing.JOB);
        f.guest.region.putInt(ring, 0x7FFF_FFF0);
        f.engine.doWork(f.stack, 64);
        assertEquals(1, f.fatal.size(), f.fatal.toString());
    }

    @Test
    void aFullCompletionRingKeepsEveryCompletionInOrderAndPausesTheJobRing() {
        List<Long> ids = new ArrayList<>();
        int sent = 0;
        UnsafeBuffer nop = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
        NqeFlyweight request = new NqeFlyweight().wrap(nop, 0).opcode(Opcode.NOP).socketId(-1);
        for (long id = 1; f.guest.submitRaw(nopWithId(request, nop, id)); id++) {
            ids.add(id);
            sent++;
            f.engine.doWork(f.stack, 64);
        }
        assertTrue(f.engine.completionBacklog() > 0, "the unread completion ring filled up");
        assertTrue(f.engine.nqesProcessed() < sent, "the job ring was not drained while completions waited");
        assertTrue(f.fatal.isEmpty());
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 100 && seen.size() < sent; i++) {
            f.guest.pollCompletions(10);
            f.engine.doWork(f.stack, 64);
            for (TestGuest.Completion c : f.guest.completionsInOrder()) {
                if (seen.add(c.requestId())) {
                    order.add(c.requestId());
                }
            }
        }
        f.guest.poll();
        for (TestGuest.Completion c : f.guest.completionsInOrder()) {
            if (seen.add(c.requestId())) {
                order.add(c.requestId());
            }
        }
        assertEquals(ids, order, "every completion, in order");
    }

    @Test
    void aTenantThatNeverReadsItsCompletionsIsFatalWhenTheBacklogOverflows() {
        EngineFixture g = new EngineFixture(TestGuest.smallLayout(), new CoreSettings(64, 8, 4));
        int[] s = g.connected();
        g.guest.poll();
        for (int i = 0; i < 8; i++) {
            g.guest.submit(Opcode.RECV, s[0], 1);
        }
        g.engine.doWork(g.stack, 64);
        UnsafeBuffer nop = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
        NqeFlyweight request = new NqeFlyweight().wrap(nop, 0).opcode(Opcode.NOP).socketId(-1);
        for (long id = 100; g.guest.submitRaw(nopWithId(request, nop, id)); id++) {
            g.engine.doWork(g.stack, 64);
        }
        g.engine.doWork(g.stack, 64);
        assertTrue(g.fatal.isEmpty(), "jobs pause; the backlog does not overflow from the job ring alone");
        g.stack.deliver(s[1], new byte[64]);
        g.engine.onReadable(s[1]);
        g.engine.doWork(g.stack, 64);
        g.guest.hoardRxChunks();
        assertEquals(List.of("tenant 'tenant-a': tenant stopped reading its completion ring (4 completions waiting on the host)"),
            g.fatal);
    }

    private static UnsafeBuffer nopWithId(NqeFlyweight request, UnsafeBuffer bytes, long id) {
        request.requestId(id);
        return bytes;
    }
}
