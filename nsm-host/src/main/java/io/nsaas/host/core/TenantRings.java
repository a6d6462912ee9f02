package io.nsaas.host.core;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The host's end of one tenant region: it reads the job ring, posts completions (into a bounded
 * backlog while the completion ring is full) and events, returns guest-tx chunks and hands out
 * host-rx chunks. Everything in the region is hostile: ring positions are checked before each read,
 * and anything agrona throws while touching a ring becomes a {@link TenantFault}.
 *
 * <p>Threading: the tenant's NSM thread only; allocation-free after construction.
 */
final class TenantRings {
    private final RegionLayout layout;
    private final AtomicBuffer dataArea;
    private final RingBuffer job;
    private final RingBuffer completions;
    private final RingBuffer events;
    private final RingBuffer txFree;
    private final RingBuffer rxFree;
    private final NqeBacklog backlog;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
    private final NqeFlyweight event = new NqeFlyweight().wrap(scratch, 0);
    private final UnsafeBuffer chunkIndex = new UnsafeBuffer(new byte[RegionLayout.CHUNK_INDEX_LENGTH]);
    private final int[] rxSpare;
    private int rxSpareCount;
    private final MessageHandler rxFreeHandler = this::onRxFreeRecord;
    private long droppedChunkIndexes;

    TenantRings(RegionLayout layout, AtomicBuffer region, int completionBacklog) {
        this.layout = layout;
        this.dataArea = layout.dataArea(region);
        this.job = layout.newRingBuffer(region, RegionRing.JOB);
        this.completions = layout.newRingBuffer(region, RegionRing.COMPLETION);
        this.events = layout.newRingBuffer(region, RegionRing.EVENT);
        this.txFree = layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS);
        this.rxFree = layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS);
        this.backlog = new NqeBacklog(completionBacklog);
        this.rxSpare = new int[layout.rxChunkCount()];
    }

    /** @return the data area, index 0 = NQE data offset 0 */
    AtomicBuffer dataArea() {
        return dataArea;
    }

    /**
     * Reads up to {@code limit} job records with {@code handler}.
     *
     * @throws TenantFault when the ring's positions are impossible or agrona fails on its contents
     */
    int readJobs(ControlledMessageHandler handler, int limit) {
        checkPositions(job, "job ring");
        try {
            return job.controlledRead(handler, limit);
        } catch (RuntimeException e) {
            throw new TenantFault("job ring is corrupt", e);
        }
    }

    /** @return whether a job record of this type, offset and length is a well-formed NQE record */
    boolean wellFormedJob(int msgTypeId, int index, int length) {
        return msgTypeId == NqeDescriptor.MSG_TYPE_ID && length == NqeDescriptor.LENGTH
            && index >= RecordDescriptor.HEADER_LENGTH && index + length <= job.capacity();
    }

    /**
     * Posts a completion, or keeps it in the backlog behind earlier ones.
     *
     * @throws TenantFault when the backlog overflows: the tenant stopped reading its completion ring
     */
    void complete(NqeFlyweight completion) {
        if (backlog.isEmpty() && writeNqe(completions, completion.buffer(), completion.offset(), "completion ring")) {
            return;
        }
        if (!backlog.offer(completion.buffer(), completion.offset())) {
            throw new TenantFault("tenant stopped reading its completion ring (" + backlog.size()
                + " completions waiting on the host)");
        }
    }

    /** @return how many backlogged completions were posted */
    int flushCompletions() {
        int posted = 0;
        while (!backlog.isEmpty() && writeNqe(completions, backlog.buffer(), backlog.peekOffset(), "completion ring")) {
            backlog.remove();
            posted++;
        }
        return posted;
    }

    /** @return whether completions wait on the host for room in the completion ring */
    boolean completionsBacklogged() {
        return !backlog.isEmpty();
    }

    int backlogSize() {
        return backlog.size();
    }

    /** @return false when the event ring is full (the event was not posted) */
    boolean postEvent(int opcode, int socketId, long operand) {
        event.opcode(opcode).flags(0).queueSet(0).socketId(socketId).requestId(0).operand(operand)
            .dataOffset(0).dataLength(0);
        return writeNqe(events, scratch, 0, "event ring");
    }

    /**
     * Puts the guest-tx chunk holding {@code dataOffset} back on the guest's free-chunk ring; does
     * nothing when the offset is outside the tx area, drops the index when the ring is full.
     */
    void returnTxChunk(int dataOffset) {
        int index = layout.txChunkIndex(dataOffset);
        if (index < 0) {
            return;
        }
        chunkIndex.putInt(0, index, NqeDescriptor.BYTE_ORDER);
        if (!write(txFree, RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, chunkIndex, 0, RegionLayout.CHUNK_INDEX_LENGTH,
            "guest-tx free-chunk ring")) {
            droppedChunkIndexes++;
        }
    }

    /** @return a free host-rx chunk index (the host's own spares first), or -1 when none is free */
    int takeRxChunk() {
        if (rxSpareCount == 0) {
            refillRxSpare();
        }
        return rxSpareCount == 0 ? -1 : rxSpare[--rxSpareCount];
    }

    /** @return whether a host-rx chunk is free now (reads at most one index from the guest) */
    boolean rxChunkAvailable() {
        if (rxSpareCount == 0) {
            refillRxSpare();
        }
        return rxSpareCount > 0;
    }

    /** Keeps an unused host-rx chunk on the host's own free list. */
    void keepRxChunk(int index) {
        if (rxSpareCount < rxSpare.length) {
            rxSpare[rxSpareCount++] = index;
        }
    }

    /** @return the data offset of host-rx chunk {@code index} */
    int rxChunkOffset(int index) {
        return (layout.txChunkCount() + index) * layout.chunkSize();
    }

    /** @return chunk indexes the host dropped because the guest's free-chunk ring was full */
    long droppedChunkIndexes() {
        return droppedChunkIndexes;
    }

    private void refillRxSpare() {
        checkPositions(rxFree, "host-rx free-chunk ring");
        try {
            rxFree.read(rxFreeHandler, 1);
        } catch (RuntimeException e) {
            throw new TenantFault("host-rx free-chunk ring is corrupt", e);
        }
    }

    private void onRxFreeRecord(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (msgTypeId != RegionLayout.CHUNK_INDEX_MSG_TYPE_ID || length != RegionLayout.CHUNK_INDEX_LENGTH
            || index < 0 || index + length > rxFree.capacity()) {
            droppedChunkIndexes++;
            return;
        }
        int chunk = buffer.getInt(index, NqeDescriptor.BYTE_ORDER);
        if (chunk >= 0 && chunk < layout.rxChunkCount()) {
            keepRxChunk(chunk);
        } else {
            droppedChunkIndexes++;
        }
    }

    private static boolean write(RingBuffer ring, int msgTypeId, MutableDirectBuffer src, int offset, int length,
                                 String name) {
        checkPositions(ring, name);
        try {
            return ring.write(msgTypeId, src, offset, length);
        } catch (RuntimeException e) {
            throw new TenantFault(name + " is corrupt", e);
        }
    }

    private static boolean writeNqe(RingBuffer ring, MutableDirectBuffer src, int offset, String name) {
        return write(ring, NqeDescriptor.MSG_TYPE_ID, src, offset, NqeDescriptor.LENGTH, name);
    }

    /** A consumer position ahead of the producer, more than a ring apart, or unaligned, is corruption. */
    private static void checkPositions(RingBuffer ring, String name) {
        long head = ring.consumerPosition();
        long tail = ring.producerPosition();
        if (tail < head || tail - head > ring.capacity() || (head & (RecordDescriptor.ALIGNMENT - 1)) != 0
            || (tail & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
            throw new TenantFault(name + " is corrupt: consumer position " + head + ", producer position " + tail
                + ", capacity " + ring.capacity());
        }
    }
}
