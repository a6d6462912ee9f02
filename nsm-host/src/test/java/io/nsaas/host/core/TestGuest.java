package io.nsaas.host.core;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The guest end of an in-process region, written directly on agrona rings: what the channel does at
 * attach (header, every chunk index on its free ring) plus a minimal guest that submits NQEs and
 * collects completions and events. Test thread only.
 */
final class TestGuest {
    final RegionLayout layout;
    final UnsafeBuffer region;
    final AtomicBuffer data;
    final RingBuffer job;
    final RingBuffer completions;
    final RingBuffer events;
    final RingBuffer txFree;
    final RingBuffer rxFree;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
    private final NqeFlyweight out = new NqeFlyweight().wrap(scratch, 0);
    private final NqeFlyweight in = new NqeFlyweight();
    private final UnsafeBuffer index = new UnsafeBuffer(new byte[4]);
    private final Map<Long, Completion> completed = new LinkedHashMap<>();
    private final List<Completion> completionOrder = new ArrayList<>();
    private final List<Event> eventList = new ArrayList<>();
    private long nextRequestId = 1;

    /** One completion as the guest read it. */
    record Completion(int opcode, int socketId, long requestId, long result, int dataOffset, int dataLength) {
    }

    /** One event as the guest read it. */
    record Event(int opcode, int socketId, long operand) {
        @Override
        public String toString() {
            return Opcode.name(opcode) + "(" + socketId + "," + operand + ")";
        }
    }

    TestGuest(RegionLayout layout) {
        this(layout, "tenant-a");
    }

    TestGuest(RegionLayout layout, String tenantId) {
        this.layout = layout;
        this.region = new UnsafeBuffer(BufferUtil.allocateDirectAligned(layout.regionLength(), 4096));
        RegionFormatter.format(layout, region, tenantId, 1);
        this.data = layout.dataArea(region);
        this.job = layout.newRingBuffer(region, RegionRing.JOB);
        this.completions = layout.newRingBuffer(region, RegionRing.COMPLETION);
        this.events = layout.newRingBuffer(region, RegionRing.EVENT);
        this.txFree = layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS);
        this.rxFree = layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS);
    }

    /** A small layout: 4 KiB NQE rings, 1 KiB chunks, 4 tx and 4 rx chunks. */
    static RegionLayout smallLayout() {
        return RegionLayout.compute(4096, 1024, 4, 4);
    }

    private void putIndex(RingBuffer ring, int chunk) {
        index.putInt(0, chunk, NqeDescriptor.BYTE_ORDER);
        if (!ring.write(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, index, 0, 4)) {
            throw new IllegalStateException("free-chunk ring full");
        }
    }

    /** Submits a request; @return its request id. */
    long submit(int opcode, int flags, int socketId, long operand, int dataOffset, int dataLength) {
        long requestId = nextRequestId++;
        out.opcode(opcode).flags(flags).queueSet(0).socketId(socketId).requestId(requestId).operand(operand)
            .dataOffset(dataOffset).dataLength(dataLength);
        if (!submitRaw(scratch)) {
            throw new IllegalStateException("job ring full");
        }
        return requestId;
    }

    long submit(int opcode, int socketId, long operand) {
        return submit(opcode, 0, socketId, operand, 0, 0);
    }

    /** Writes 32 raw bytes as a job record. @return false when the ring is full */
    boolean submitRaw(UnsafeBuffer nqe) {
        return job.write(NqeDescriptor.MSG_TYPE_ID, nqe, 0, NqeDescriptor.LENGTH);
    }

    /** @return a tx chunk index taken from the free ring, or -1 */
    int takeTxChunk() {
        int[] taken = {-1};
        txFree.read((type, buffer, at, length) -> taken[0] = buffer.getInt(at, NqeDescriptor.BYTE_ORDER), 1);
        return taken[0];
    }

    /** Copies {@code bytes} into a free tx chunk and submits a SEND of them. @return the request id */
    long send(int socketId, int flags, byte[] bytes, int offset, int length) {
        int chunk = takeTxChunk();
        if (chunk < 0) {
            throw new IllegalStateException("no free tx chunk");
        }
        int dataOffset = layout.txChunkOffset(chunk);
        data.putBytes(dataOffset, bytes, offset, length);
        return submit(Opcode.SEND, flags, socketId, 0, dataOffset, length);
    }

    /** Reads every completion and event the host posted (twice round: agrona reads stop where a ring wraps). */
    void poll() {
        pollOnce();
        pollOnce();
    }

    private void pollOnce() {
        completions.read((type, buffer, at, length) -> {
            in.wrap(buffer, at);
            Completion c = new Completion(in.opcode(), in.socketId(), in.requestId(), in.result(), in.dataOffset(),
                in.dataLength());
            completed.put(in.requestId(), c);
            completionOrder.add(c);
        }, Integer.MAX_VALUE);
        events.read((type, buffer, at, length) -> {
            in.wrap(buffer, at);
            eventList.add(new Event(in.opcode(), in.socketId(), in.operand()));
        }, Integer.MAX_VALUE);
    }

    /** Reads completions only (events stay on their ring). */
    int pollCompletions(int limit) {
        return completions.read((type, buffer, at, length) -> {
            in.wrap(buffer, at);
            Completion c = new Completion(in.opcode(), in.socketId(), in.requestId(), in.result(), in.dataOffset(),
                in.dataLength());
            completed.put(in.requestId(), c);
            completionOrder.add(c);
        }, limit);
    }

    /** @return the completion of {@code requestId}, or null when none arrived yet */
    Completion completion(long requestId) {
        return completed.get(requestId);
    }

    List<Completion> completionsInOrder() {
        return completionOrder;
    }

    List<Event> events() {
        return eventList;
    }

    /** @return the bytes of a completion's host-rx chunk range */
    byte[] bytes(Completion c) {
        byte[] bytes = new byte[c.dataLength()];
        data.getBytes(c.dataOffset(), bytes);
        return bytes;
    }

    /** Puts the host-rx chunk of {@code c} back on the host-rx free ring. */
    void returnRxChunk(Completion c) {
        int chunk = layout.rxChunkIndex(c.dataOffset());
        if (chunk < 0) {
            throw new IllegalStateException("completion names no rx chunk: " + c);
        }
        putIndex(rxFree, chunk);
    }

    /** Takes every rx chunk off the host-rx free ring (the guest is holding them all). @return how many */
    int hoardRxChunks() {
        return rxFree.read((type, buffer, at, length) -> { }, Integer.MAX_VALUE);
    }

    /** Returns rx chunk {@code chunk} (for tests that hoarded them). */
    void returnRxChunk(int chunk) {
        putIndex(rxFree, chunk);
    }

    /** @return how many tx chunk indexes sit on the guest-tx free ring */
    int freeTxChunks() {
        return txFree.size() / RegionLayout.CHUNK_INDEX_RECORD_LENGTH;
    }
}
