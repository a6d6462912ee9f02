package io.nsaas.nqe;

import static org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.junit.jupiter.api.Test;

class RegionLayoutTest {

    @Test
    void computesAlignedOrderedNonOverlappingAreas() {
        int[][] parameters = {
            {1024, 256, 1, 1}, {1024, 256, 4, 4}, {4096, 2048, 100, 300}, {65536, 16384, 64, 64},
            {1 << 20, 1 << 20, 16, 16}, {1024, 4096, 5000, 7}};
        for (int[] p : parameters) {
            RegionLayout layout = RegionLayout.compute(p[0], p[1], p[2], p[3]);
            long previousEnd = RegionHeaderDescriptor.HEADER_LENGTH;
            for (int i = 0; i < RegionRing.COUNT; i++) {
                RegionRing ring = RegionRing.of(i);
                assertEquals(0, layout.ringOffset(ring) % RegionLayout.RING_ALIGNMENT, ring + " alignment " + layout);
                assertEquals(0, layout.ringOffset(ring) % 64, "cache-line aligned");
                assertTrue(layout.ringOffset(ring) >= previousEnd, ring + " overlaps the area before it: " + layout);
                assertTrue(BitUtil.isPowerOfTwo(layout.ringCapacity(ring)));
                assertEquals(layout.ringCapacity(ring) + TRAILER_LENGTH, layout.ringLength(ring));
                previousEnd = layout.ringOffset(ring) + (long) layout.ringLength(ring);
            }
            assertEquals(p[0], layout.ringCapacity(RegionRing.JOB));
            assertEquals(p[0], layout.ringCapacity(RegionRing.COMPLETION));
            assertEquals(p[0], layout.ringCapacity(RegionRing.EVENT));
            assertTrue(layout.dataAreaOffset() >= previousEnd);
            assertEquals(0, layout.dataAreaOffset() % RegionLayout.DATA_AREA_ALIGNMENT);
            assertEquals(layout.dataAreaOffset() + (long) (p[2] + p[3]) * p[1], layout.regionLength());
            assertEquals((long) p[2] * p[1], layout.txAreaLength());
            assertEquals(layout.txAreaLength(), layout.rxAreaOffset());
        }
    }

    @Test
    void smallLayoutHasTheExpectedOffsets() {
        RegionLayout layout = RegionLayout.compute(1024, 256, 4, 4);
        int ringLength = BitUtil.align(1024 + TRAILER_LENGTH, 128);
        assertEquals(384, layout.ringOffset(RegionRing.JOB));
        assertEquals(384 + ringLength, layout.ringOffset(RegionRing.COMPLETION));
        assertEquals(384 + 4 * ringLength, layout.ringOffset(RegionRing.RX_FREE_CHUNKS));
        assertEquals(BitUtil.align(384 + 5 * ringLength, 4096), layout.dataAreaOffset());
        assertEquals(layout.dataAreaOffset() + 8 * 256, layout.regionLength());
    }

    @Test
    void freeChunkRingsAreSizedForEveryChunk() {
        assertEquals(RegionLayout.MIN_RING_CAPACITY, RegionLayout.freeChunkRingCapacity(1));
        assertEquals(RegionLayout.MIN_RING_CAPACITY, RegionLayout.freeChunkRingCapacity(63));
        assertEquals(2048, RegionLayout.freeChunkRingCapacity(64));
        assertEquals(16, RegionLayout.CHUNK_INDEX_RECORD_LENGTH);
        RegionLayout layout = RegionLayout.compute(1024, 256, 1023, 3);
        assertEquals(16384, layout.ringCapacity(RegionRing.TX_FREE_CHUNKS));
        assertEquals(1024, layout.ringCapacity(RegionRing.RX_FREE_CHUNKS));
    }

    @Test
    void aFreeChunkRingHoldsAllIndexesOfItsArea() {
        RegionLayout layout = RegionLayout.compute(1024, 256, 127, 63);
        UnsafeBuffer region = TestRegions.allocate(layout.regionLength());
        RingBuffer txFree = layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS);
        UnsafeBuffer index = new UnsafeBuffer(new byte[4]);
        for (int i = 0; i < layout.txChunkCount(); i++) {
            index.putInt(0, i, NqeDescriptor.BYTE_ORDER);
            assertTrue(txFree.write(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, index, 0, 4), "chunk " + i);
        }
        int[] next = {0};
        int read = txFree.read((type, buffer, offset, length) -> {
            assertEquals(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, type);
            assertEquals(next[0]++, buffer.getInt(offset, NqeDescriptor.BYTE_ORDER));
        }, Integer.MAX_VALUE);
        assertEquals(127, read);
        assertEquals(2048, layout.ringCapacity(RegionRing.TX_FREE_CHUNKS), "the tightest power of two");
    }

    @Test
    void ringTypesFollowTheirProducers() {
        RegionLayout layout = RegionLayout.compute(1024, 256, 4, 4);
        UnsafeBuffer region = TestRegions.allocate(layout.regionLength());
        assertInstanceOf(ManyToOneRingBuffer.class, layout.newRingBuffer(region, RegionRing.JOB));
        assertInstanceOf(OneToOneRingBuffer.class, layout.newRingBuffer(region, RegionRing.COMPLETION));
        assertInstanceOf(OneToOneRingBuffer.class, layout.newRingBuffer(region, RegionRing.EVENT));
        assertInstanceOf(OneToOneRingBuffer.class, layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS));
        assertInstanceOf(ManyToOneRingBuffer.class, layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS));
        assertThrows(IllegalArgumentException.class,
            () -> layout.newRingBuffer(TestRegions.allocate(layout.regionLength() - 1), RegionRing.JOB));
    }

    @Test
    void anNqeWrittenByTheGuestIsReadByTheHostThroughAReadLayout() {
        RegionLayout hostLayout = RegionLayout.compute(2048, 1024, 8, 8);
        UnsafeBuffer region = TestRegions.allocate(hostLayout.regionLength());
        hostLayout.write(new RegionHeaderFlyweight().wrap(region, 0).tenantId("t1"));

        RegionLayout guestLayout = RegionLayout.read(region);
        UnsafeBuffer record = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
        new NqeFlyweight().wrap(record, 0).opcode(Opcode.SEND).socketId(2).requestId(77)
            .dataOffset(guestLayout.txChunkOffset(3)).dataLength(10);
        assertTrue(guestLayout.newRingBuffer(region, RegionRing.JOB).write(NqeDescriptor.MSG_TYPE_ID, record, 0, 32));

        NqeFlyweight received = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[32]), 0);
        int count = hostLayout.newRingBuffer(region, RegionRing.JOB).read((type, buffer, offset, length) -> {
            assertEquals(NqeDescriptor.MSG_TYPE_ID, type);
            assertEquals(NqeDescriptor.LENGTH, length);
            received.copyFrom(buffer, offset);
        });
        assertEquals(1, count);
        assertEquals(77, received.requestId());
        assertEquals(0, new NqeValidator(hostLayout, 16).validate(received));
    }

    @Test
    void writeThenReadGivesTheSameLayout() {
        RegionLayout layout = RegionLayout.compute(4096, 2048, 1024, 8192, 33, 17);
        UnsafeBuffer region = TestRegions.allocate(layout.regionLength());
        RegionHeaderFlyweight header = new RegionHeaderFlyweight().wrap(region, 0);
        layout.write(header);
        header.tenantId("tenant-42");
        RegionLayout read = RegionLayout.read(region);
        assertEquals(layout, read);
        assertEquals(layout.hashCode(), read.hashCode());
        assertEquals(layout.toString(), read.toString());
        assertEquals(4096, read.ringCapacity(RegionRing.JOB));
        assertEquals(2048, read.ringCapacity(RegionRing.COMPLETION));
        assertEquals(1024, read.ringCapacity(RegionRing.EVENT));
        assertEquals(8192, read.chunkSize());
        assertEquals(RegionHeaderDescriptor.MAGIC, header.magic());
        assertEquals(AbiVersion.MAJOR, header.abiMajor());
        assertEquals(AbiVersion.MINOR, header.abiMinor());
    }

    @Test
    void chunkOffsetsAndIndexesAreInverse() {
        RegionLayout layout = RegionLayout.compute(1024, 512, 3, 5);
        assertEquals(0, layout.txChunkOffset(0));
        assertEquals(1024, layout.txChunkOffset(2));
        assertEquals(1536, layout.rxChunkOffset(0));
        assertEquals(1536 + 4 * 512, layout.rxChunkOffset(4));
        assertEquals(2, layout.txChunkIndex(1024 + 511));
        assertEquals(-1, layout.txChunkIndex(1536));
        assertEquals(-1, layout.txChunkIndex(-1));
        assertEquals(0, layout.rxChunkIndex(1536));
        assertEquals(4, layout.rxChunkIndex(layout.dataAreaLength() - 1));
        assertEquals(-1, layout.rxChunkIndex(layout.dataAreaLength()));
        assertEquals(-1, layout.rxChunkIndex(1535));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.txChunkOffset(3));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.rxChunkOffset(-1));
        UnsafeBuffer region = TestRegions.allocate(layout.regionLength());
        assertEquals(layout.dataAreaLength(), layout.dataArea(region).capacity());
    }

    @Test
    void computeRejectsBadChunkSizes() {
        assertMessage(() -> RegionLayout.compute(1024, 128, 1, 1), "chunk size 128");
        assertMessage(() -> RegionLayout.compute(1024, 384, 1, 1), "chunk size 384");
        assertMessage(() -> RegionLayout.compute(1024, 2 << 20, 1, 1), "chunk size 2097152");
    }

    @Test
    void computeRejectsBadCountsAndCapacities() {
        assertMessage(() -> RegionLayout.compute(1024, 256, 0, 1), "tx chunk count 0");
        assertMessage(() -> RegionLayout.compute(1024, 256, 1, -1), "rx chunk count -1");
        assertMessage(() -> RegionLayout.compute(1000, 256, 1, 1), "job ring capacity 1000");
        assertMessage(() -> RegionLayout.compute(1024, 512, 1024, 256, 1, 1), "completion ring capacity 512");
        assertMessage(() -> RegionLayout.compute(1024, 1024, 1 << 31 >>> 0, 256, 1, 1), "event ring capacity");
    }

    @Test
    void computeRejectsARegionOverTwoGigabytes() {
        assertMessage(() -> RegionLayout.compute(1024, 1 << 20, 1024, 1024), "exceeds 2147483647 bytes");
    }

    private static void assertMessage(Runnable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
