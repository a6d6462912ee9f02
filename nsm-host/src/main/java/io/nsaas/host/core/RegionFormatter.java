package io.nsaas.host.core;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.nqe.RegionHeaderFlyweight;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Writes a fresh tenant region the way the host hands it to a guest: the header ({@link RegionLayout#write},
 * the tenant id, host state {@link RegionHeaderDescriptor#HOST_INITIALIZING}) and every chunk index on
 * its free-chunk ring, so the guest owns all tx chunks and the host all rx chunks. The rings are
 * otherwise empty. The one place regions are initialised (the NQE channel and the tests).
 */
public final class RegionFormatter {
    private RegionFormatter() {
    }

    /**
     * @param region     a zeroed buffer of at least {@link RegionLayout#regionLength()} bytes (a new
     *                   file or allocation); a reused one must be zeroed first, since ring trailers
     *                   and the data area are not cleared here
     * @param generation the attachment's generation, written into the host state word
     * @return a flyweight over the header, for publishing the host state later
     * @throws IllegalArgumentException for a malformed tenant id or a short buffer
     */
    public static RegionHeaderFlyweight format(RegionLayout layout, AtomicBuffer region, String tenantId,
                                               long generation) {
        if (region.capacity() < layout.regionLength()) {
            throw new IllegalArgumentException("region buffer of " + region.capacity() + " bytes is shorter than the "
                + layout.regionLength() + "-byte layout");
        }
        RegionHeaderFlyweight header = new RegionHeaderFlyweight().wrap(region, 0);
        header.reset();
        layout.write(header);
        header.tenantId(tenantId);
        fillFreeRing(layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS), layout.txChunkCount());
        fillFreeRing(layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS), layout.rxChunkCount());
        header.hostStateWord(RegionHeaderDescriptor.hostStateWord(RegionHeaderDescriptor.HOST_INITIALIZING, generation));
        return header;
    }

    private static void fillFreeRing(RingBuffer ring, int count) {
        UnsafeBuffer record = new UnsafeBuffer(new byte[RegionLayout.CHUNK_INDEX_LENGTH]);
        for (int i = 0; i < count; i++) {
            record.putInt(0, i, NqeDescriptor.BYTE_ORDER);
            if (!ring.write(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, record, 0, RegionLayout.CHUNK_INDEX_LENGTH)) {
                throw new IllegalStateException("free-chunk ring of " + ring.capacity() + " bytes cannot hold "
                    + count + " chunk indexes (RegionLayout.freeChunkRingCapacity disagrees)");
            }
        }
    }
}
