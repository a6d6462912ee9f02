package io.nsaas.nqe;

import static org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** {@link RegionLayout#read} against one corrupted field at a time; each must name the problem. */
class RegionHeaderValidationTest {
    private final RegionLayout layout = RegionLayout.compute(1024, 256, 4, 4);
    private final UnsafeBuffer region = TestRegions.written(layout);
    private final RegionHeaderFlyweight header = new RegionHeaderFlyweight().wrap(region, 0);

    @Test
    void acceptsTheHeaderItsLayoutWrote() {
        assertEquals(layout, RegionLayout.read(region));
    }

    @Test
    void rejectsATruncatedBuffer() {
        UnsafeBuffer truncated = new UnsafeBuffer(region, 0, RegionHeaderDescriptor.HEADER_LENGTH - 1);
        assertRejected(truncated, "is truncated");
        assertRejected(new UnsafeBuffer(new byte[0]), "region of 0 bytes is truncated");
    }

    @Test
    void rejectsAMappingShorterThanTheRegionLengthField() {
        assertRejected(new UnsafeBuffer(region, 0, layout.regionLength() - 1), "but the mapping is");
    }

    @Test
    void rejectsAMappingLongerThanTheRegionLengthField() {
        UnsafeBuffer longer = TestRegions.allocate(layout.regionLength() + 4096);
        longer.putBytes(0, region, 0, layout.regionLength());
        assertRejected(longer, "region length field says " + layout.regionLength());
    }

    @Test
    void rejectsBadMagic() {
        header.magic(0x45514E5341415346L);
        assertRejected("is not \"NSAASNQE\"");
    }

    @Test
    void rejectsAbiMajorMismatch() {
        header.abiMajor(AbiVersion.MAJOR + 1);
        assertRejected("region ABI 2.0 is incompatible");
        header.abiMajor(0);
        assertRejected("region ABI 0.0 is incompatible");
    }

    @Test
    void acceptsANewerMinorVersion() {
        header.abiMinor(7);
        assertEquals(7, RegionLayout.read(region).abiMinor());
    }

    @Test
    void rejectsHeaderLengthShorterThanAbiOneZero() {
        header.headerLength(RegionHeaderDescriptor.HEADER_LENGTH - 8);
        assertRejected("header length 312");
    }

    @Test
    void rejectsHeaderLengthBeyondTheRegion() {
        header.headerLength(Integer.MAX_VALUE - 7);
        assertRejected("header length 2147483640");
    }

    @Test
    void rejectsUnalignedHeaderLength() {
        header.headerLength(RegionHeaderDescriptor.HEADER_LENGTH + 4);
        assertRejected("multiple of 8");
    }

    @Test
    void rejectsAHeaderThatReachesIntoARing() {
        header.headerLength(layout.ringOffset(RegionRing.JOB) + 8);
        assertRejected("job ring");
    }

    @Test
    void rejectsNegativeRegionLength() {
        header.regionLength(-1);
        assertRejected("region length field says -1");
    }

    @Test
    void rejectsNonPrintableTenantId() {
        region.putByte(RegionHeaderDescriptor.TENANT_ID_OFFSET + 2, (byte) 0x1B);
        assertRejected("tenant id has byte 0x1b at index 2");
    }

    @Test
    void rejectsEmptyTenantId() {
        region.setMemory(RegionHeaderDescriptor.TENANT_ID_OFFSET, RegionHeaderDescriptor.TENANT_ID_LENGTH, (byte) 0);
        assertRejected("tenant id is empty");
    }

    @Test
    void rejectsNonPowerOfTwoChunkSize() {
        header.chunkSize(384);
        assertRejected("chunk size 384 must be a power of two");
    }

    @Test
    void rejectsChunkSizeOutsideTheAllowedRange() {
        header.chunkSize(128);
        assertRejected("chunk size 128");
        header.chunkSize(2 << 20);
        assertRejected("chunk size 2097152");
        header.chunkSize(Integer.MIN_VALUE);
        assertRejected("chunk size -2147483648");
    }

    @Test
    void rejectsNonPositiveChunkCounts() {
        header.txChunkCount(0);
        assertRejected("tx chunk count 0");
        header.txChunkCount(4).rxChunkCount(-3);
        assertRejected("rx chunk count -3");
    }

    @Test
    void rejectsNonPowerOfTwoRingCapacity() {
        header.ringCapacity(RegionRing.EVENT, 1000);
        assertRejected("event ring capacity 1000 must be a power of two");
    }

    @Test
    void rejectsRingCapacityBelowTheMinimum() {
        header.ringCapacity(RegionRing.COMPLETION, 512);
        assertRejected("completion ring capacity 512");
        header.ringCapacity(RegionRing.COMPLETION, Integer.MIN_VALUE);
        assertRejected("completion ring capacity -2147483648");
    }

    @Test
    void rejectsAFreeChunkRingTooSmallForItsChunks() {
        header.txChunkCount(64).rxChunkCount(1);
        assertRejected("guest-tx free-chunk ring capacity 1024 cannot hold all 64 chunk indexes");
    }

    @Test
    void rejectsUnalignedRingOffset() {
        header.ringOffset(RegionRing.TX_FREE_CHUNKS, layout.ringOffset(RegionRing.TX_FREE_CHUNKS) + 64);
        assertRejected("guest-tx free-chunk ring offset " + (layout.ringOffset(RegionRing.TX_FREE_CHUNKS) + 64)
            + " is not 128-aligned");
    }

    @Test
    void rejectsRingOffsetInsideTheHeader() {
        header.ringOffset(RegionRing.JOB, 128);
        assertRejected("job ring [128, ");
    }

    @Test
    void rejectsRingOffsetBeyondTheRegion() {
        header.ringOffset(RegionRing.EVENT, (long) layout.regionLength() / 128 * 128 + 128);
        assertRejected("event ring [");
    }

    @Test
    void rejectsRingThatRunsPastTheRegionEnd() {
        long offset = (layout.regionLength() - 1024 - TRAILER_LENGTH) / 128 * 128 + 128;
        header.ringOffset(RegionRing.RX_FREE_CHUNKS, offset);
        assertRejected("host-rx free-chunk ring [" + offset + ", " + (offset + 1024 + TRAILER_LENGTH) + ") is outside");
    }

    @Test
    void rejectsRingOffsetThatWouldOverflow() {
        header.ringOffset(RegionRing.JOB, Long.MAX_VALUE - 127);
        assertRejected("job ring [");
        header.ringOffset(RegionRing.JOB, Long.MIN_VALUE);
        assertRejected("job ring [");
    }

    @Test
    void rejectsUnalignedDataArea() {
        header.dataAreaOffset(layout.dataAreaOffset() - 128);
        assertRejected("data area offset " + (layout.dataAreaOffset() - 128) + " is not 4096-aligned");
    }

    @Test
    void rejectsDataAreaPastTheRegionEnd() {
        header.txChunkCount(8);
        assertRejected("data area [");
        header.txChunkCount(4).dataAreaOffset(layout.dataAreaOffset() + 4096L);
        assertRejected("data area [");
        header.dataAreaOffset(-4096);
        assertRejected("data area [-4096");
    }

    @Test
    void rejectsOverlappingRings() {
        header.ringOffset(RegionRing.COMPLETION, layout.ringOffset(RegionRing.JOB) + 128);
        assertRejected("job ring [" + layout.ringOffset(RegionRing.JOB));
        RegionFormatException e = assertThrows(RegionFormatException.class, () -> RegionLayout.read(region));
        assertTrue(e.getMessage().contains("overlaps completion ring"), e.getMessage());
    }

    @Test
    void rejectsRingOverlappingTheDataArea() {
        header.dataAreaOffset(8192);
        assertRejected("overlaps data area [8192, ");
    }

    @Test
    void rejectsTwoRingsAtTheSameOffset() {
        header.ringOffset(RegionRing.RX_FREE_CHUNKS, layout.ringOffset(RegionRing.TX_FREE_CHUNKS));
        assertRejected("guest-tx free-chunk ring");
        assertRejected("overlaps host-rx free-chunk ring");
    }

    private void assertRejected(String expected) {
        assertRejected(region, expected);
    }

    private static void assertRejected(UnsafeBuffer buffer, String expected) {
        RegionFormatException e = assertThrows(RegionFormatException.class, () -> RegionLayout.read(buffer));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
