package io.nsaas.nqe;

import static io.nsaas.nqe.RegionHeaderDescriptor.HEADER_LENGTH;
import static io.nsaas.nqe.RegionLayout.DATA_AREA_ALIGNMENT;
import static io.nsaas.nqe.RegionLayout.MAX_CHUNK_SIZE;
import static io.nsaas.nqe.RegionLayout.MAX_RING_CAPACITY;
import static io.nsaas.nqe.RegionLayout.MIN_CHUNK_SIZE;
import static io.nsaas.nqe.RegionLayout.MIN_RING_CAPACITY;
import static io.nsaas.nqe.RegionLayout.RING_ALIGNMENT;
import static org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Validates a region header read from shared memory, field by field, and builds the
 * {@link RegionLayout} it describes. Every number is handled as a {@code long} so no hostile value
 * can overflow a check. One use per instance; see {@link RegionLayout#read} for the order of checks.
 */
final class RegionHeaderCheck {
    private static final int AREAS = RegionRing.COUNT + 1;
    private static final int DATA_AREA = RegionRing.COUNT;

    private final AtomicBuffer region;
    private final RegionHeaderFlyweight header = new RegionHeaderFlyweight();
    private final long[] areaStart = new long[AREAS];
    private final long[] areaEnd = new long[AREAS];

    RegionHeaderCheck(AtomicBuffer region) {
        this.region = region;
    }

    RegionLayout check() {
        int mappingLength = region.capacity();
        if (mappingLength < HEADER_LENGTH) {
            throw fail("region of " + mappingLength + " bytes is truncated: the header alone is "
                + HEADER_LENGTH + " bytes; map the whole region file");
        }
        header.wrap(region, 0);
        checkIdentity();
        long headerLength = header.headerLength();
        if (headerLength < HEADER_LENGTH || headerLength > mappingLength || headerLength % 8 != 0) {
            throw fail("region header length " + headerLength + " must be a multiple of 8 in ["
                + HEADER_LENGTH + ", " + mappingLength + "]");
        }
        long regionLength = header.regionLength();
        if (regionLength != mappingLength) {
            throw fail("region length field says " + regionLength + " bytes but the mapping is " + mappingLength
                + " bytes; the region file is truncated or the header is corrupt");
        }
        header.tenantId();
        long chunkSize = header.chunkSize();
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE || !BitUtil.isPowerOfTwo(chunkSize)) {
            throw fail("region chunk size " + chunkSize + " must be a power of two in ["
                + MIN_CHUNK_SIZE + ", " + MAX_CHUNK_SIZE + "]");
        }
        long txChunks = checkChunkCount("tx", header.txChunkCount());
        long rxChunks = checkChunkCount("rx", header.rxChunkCount());
        int[] offsets = new int[RegionRing.COUNT];
        int[] capacities = new int[RegionRing.COUNT];
        for (int i = 0; i < RegionRing.COUNT; i++) {
            checkRing(RegionRing.of(i), headerLength, regionLength, txChunks, rxChunks);
            offsets[i] = (int) areaStart[i];
            capacities[i] = (int) (areaEnd[i] - areaStart[i] - TRAILER_LENGTH);
        }
        long dataAreaOffset = header.dataAreaOffset();
        long dataAreaLength = (txChunks + rxChunks) * chunkSize;
        if (dataAreaOffset % DATA_AREA_ALIGNMENT != 0) {
            throw fail("region data area offset " + dataAreaOffset + " is not " + DATA_AREA_ALIGNMENT + "-aligned");
        }
        checkInside("data area", dataAreaOffset, dataAreaLength, headerLength, regionLength);
        areaStart[DATA_AREA] = dataAreaOffset;
        areaEnd[DATA_AREA] = dataAreaOffset + dataAreaLength;
        checkNoOverlap();
        return RegionLayout.of(header.abiMinor(), (int) headerLength, offsets, capacities, (int) dataAreaOffset,
            (int) chunkSize, (int) txChunks, (int) rxChunks, (int) regionLength);
    }

    private void checkIdentity() {
        long magic = header.magic();
        if (magic != RegionHeaderDescriptor.MAGIC) {
            throw fail("region magic 0x" + Long.toHexString(magic) + " is not \"NSAASNQE\" (0x"
                + Long.toHexString(RegionHeaderDescriptor.MAGIC) + "): this is not an nsaas NQE region");
        }
        int major = header.abiMajor();
        int minor = header.abiMinor();
        if (!AbiVersion.compatible(major, minor)) {
            throw fail("region ABI " + AbiVersion.format(major, minor) + " is incompatible with this ABI "
                + AbiVersion.format(AbiVersion.MAJOR, AbiVersion.MINOR)
                + " (major versions differ); use a host and guest of the same major version");
        }
    }

    private long checkChunkCount(String area, long count) {
        if (count <= 0) {
            throw fail("region " + area + " chunk count " + count + " must be > 0");
        }
        return count;
    }

    private void checkRing(RegionRing ring, long headerLength, long regionLength, long txChunks, long rxChunks) {
        long capacity = header.ringCapacity(ring);
        if (capacity < MIN_RING_CAPACITY || capacity > MAX_RING_CAPACITY || !BitUtil.isPowerOfTwo(capacity)) {
            throw fail("region " + ring.description() + " capacity " + capacity + " must be a power of two in ["
                + MIN_RING_CAPACITY + ", " + MAX_RING_CAPACITY + "]");
        }
        if (ring.carriesChunkIndexes()) {
            long chunks = ring == RegionRing.TX_FREE_CHUNKS ? txChunks : rxChunks;
            long needed = RegionLayout.freeChunkRingBytesNeeded(chunks);
            if (capacity < needed) {
                throw fail("region " + ring.description() + " capacity " + capacity + " cannot hold all " + chunks
                    + " chunk indexes (needs " + needed + " bytes)");
            }
        }
        long offset = header.ringOffset(ring);
        if (offset % RING_ALIGNMENT != 0) {
            throw fail("region " + ring.description() + " offset " + offset + " is not " + RING_ALIGNMENT + "-aligned");
        }
        long length = capacity + TRAILER_LENGTH;
        checkInside(ring.description(), offset, length, headerLength, regionLength);
        areaStart[ring.ordinal()] = offset;
        areaEnd[ring.ordinal()] = offset + length;
    }

    private void checkInside(String area, long offset, long length, long headerLength, long regionLength) {
        if (offset < headerLength || offset > regionLength || length > regionLength - offset) {
            throw fail("region " + area + " [" + offset + ", " + (offset + length) + ") is outside ["
                + headerLength + ", " + regionLength + "), the region after its header");
        }
    }

    private void checkNoOverlap() {
        for (int a = 0; a < AREAS; a++) {
            for (int b = a + 1; b < AREAS; b++) {
                if (areaStart[a] < areaEnd[b] && areaStart[b] < areaEnd[a]) {
                    throw fail("region " + areaName(a) + " [" + areaStart[a] + ", " + areaEnd[a] + ") overlaps "
                        + areaName(b) + " [" + areaStart[b] + ", " + areaEnd[b] + ")");
                }
            }
        }
    }

    private static String areaName(int area) {
        return area == DATA_AREA ? "data area" : RegionRing.of(area).description();
    }

    private static RegionFormatException fail(String message) {
        return new RegionFormatException(message);
    }
}
