package io.nsaas.host.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.Opcode;
import java.lang.management.ManagementFactory;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The engine's duty cycle allocates nothing once warm: SEND, RECV with a chunk, events, NOP. */
class CoreEngineAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;

    @Test
    void sendRecvAndEventsAllocateNothingAfterWarmUp() {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
            "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        EngineFixture f = new EngineFixture();
        f.stack.nextId = 10; // small ids: the double's Integer map keys come from the Integer cache
        int[] s = f.connected();
        f.stack.record = false;
        f.stack.sock(s[1]).keepSent = false;
        f.guest.poll();
        UnsafeBuffer chunkIndex = new UnsafeBuffer(new byte[4]);
        long[] counts = new long[3];
        MessageHandler completions = (type, buffer, index, length) -> {
            counts[0]++;
            int op = buffer.getByte(index + NqeDescriptor.OPCODE_OFFSET) & 0xFF;
            int dataOffset = buffer.getInt(index + NqeDescriptor.DATA_OFFSET_OFFSET, NqeDescriptor.BYTE_ORDER);
            if (op == (Opcode.RECV | Opcode.COMPLETION_BIT)) {
                chunkIndex.putInt(0, f.guest.layout.rxChunkIndex(dataOffset), NqeDescriptor.BYTE_ORDER);
                f.guest.rxFree.write(2, chunkIndex, 0, 4);
            }
        };
        MessageHandler events = (type, buffer, index, length) -> counts[1]++;
        MessageHandler txFree = (type, buffer, index, length) -> counts[2] = buffer.getInt(index, NqeDescriptor.BYTE_ORDER);
        UnsafeBuffer nqes = new UnsafeBuffer(new byte[3 * NqeDescriptor.LENGTH]);
        io.nsaas.nqe.NqeFlyweight w = new io.nsaas.nqe.NqeFlyweight();
        w.wrap(nqes, 0).opcode(Opcode.SEND).socketId(s[0]).dataLength(100);
        w.wrap(nqes, 32).opcode(Opcode.RECV).socketId(s[0]).operand(100);
        w.wrap(nqes, 64).opcode(Opcode.NOP).socketId(-1);
        byte[] payload = new byte[100];

        long allocated = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            f.guest.txFree.read(txFree, 1);
            w.wrap(nqes, 0).requestId(i).dataOffset(f.guest.layout.txChunkOffset((int) counts[2]));
            f.guest.job.write(1, nqes, 0, 32);
            f.guest.job.write(1, nqes, 32, 32);
            f.guest.job.write(1, nqes, 64, 32);
            f.stack.deliver(s[1], payload);
            long before = threads.getThreadAllocatedBytes(thread);
            f.engine.onReadable(s[1]);
            f.engine.doWork(f.stack, 64);
            f.engine.doWork(f.stack, 64);
            long after = threads.getThreadAllocatedBytes(thread);
            if (i >= WARM_UP) {
                allocated += after - before;
            }
            f.guest.completions.read(completions, 100);
            f.guest.completions.read(completions, 100);
            f.guest.events.read(events, 100);
            f.guest.events.read(events, 100);
        }
        assertTrue(f.fatal.isEmpty(), f.fatal.toString());
        assertEquals(3L * (WARM_UP + MEASURED), counts[0], "every request completed");
        assertTrue(counts[1] > 0, "events were posted");
        assertEquals(100L * (WARM_UP + MEASURED), f.engine.bytesReceived());
        assertTrue(allocated < 4096, allocated + " bytes allocated in " + MEASURED + " warm duty cycles");
    }
}
