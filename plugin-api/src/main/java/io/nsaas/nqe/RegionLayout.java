package io.nsaas.nqe;

import static io.nsaas.nqe.RegionHeaderDescriptor.HEADER_LENGTH;
import static org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;

import java.util.Arrays;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Where everything lives in a tenant's shared region: header, the five rings of the one queue set
 * ({@link RegionRing}) and the data area of fixed-size chunks, tx chunks (written by the guest for
 * SEND) first, then rx chunks (written by the host for RECV, EV_DATA and option or info replies).
 *
 * <pre>
 *  0        320 384                                            data area offset (4096-aligned)
 *  +--------+---+-----+------------+-------+---------+---------+-----------------+-----------------+
 *  | header |pad| job | completion | event | tx free | rx free | tx chunks       | rx chunks       |
 *  +--------+---+-----+------------+-------+---------+---------+-----------------+-----------------+
 *               each ring 128-aligned: capacity + agrona trailer  data offset 0    data offset
 *                                                                                  txCount*chunkSize
 * </pre>
 *
 * <p>NQE data offsets count from the start of the data area: tx chunk {@code i} is at
 * {@code i * chunkSize}, rx chunk {@code j} at {@code (txChunkCount + j) * chunkSize}. The free-chunk
 * rings carry one record per free chunk: message type {@link #CHUNK_INDEX_MSG_TYPE_ID}, payload the
 * chunk's index within its own area as a little-endian i32; each ring can hold every index of its
 * area at once ({@link #freeChunkRingBytesNeeded}).
 *
 * <p>Immutable and thread-safe. {@link #compute} throws {@link IllegalArgumentException} for bad
 * parameters (configuration errors); {@link #read} throws {@link RegionFormatException} for a bad
 * header (hostile or corrupt memory).
 */
public final class RegionLayout {
    /** Queue sets per region in ABI 1.0; an NQE's queue set must be below this. */
    public static final int QUEUE_SET_COUNT = 1;
    /** Alignment of every ring: two cache lines, so no ring shares an adjacent-line prefetch pair. */
    public static final int RING_ALIGNMENT = 2 * BitUtil.CACHE_LINE_LENGTH;
    /** Alignment of the data area: a page. */
    public static final int DATA_AREA_ALIGNMENT = 4096;
    public static final int MIN_CHUNK_SIZE = 256;
    public static final int MAX_CHUNK_SIZE = 1 << 20;
    public static final int MIN_RING_CAPACITY = 1024;
    public static final int MAX_RING_CAPACITY = 1 << 30;
    /** Largest region: agrona buffers are int-indexed. */
    public static final long MAX_REGION_LENGTH = Integer.MAX_VALUE;
    /** Message type id of a free-chunk ring record. */
    public static final int CHUNK_INDEX_MSG_TYPE_ID = 2;
    /** Payload length of a free-chunk ring record: one i32 chunk index. */
    public static final int CHUNK_INDEX_LENGTH = 4;
    /** Bytes one free-chunk record takes in a ring: agrona header plus payload, 8-aligned. */
    public static final int CHUNK_INDEX_RECORD_LENGTH =
        BitUtil.align(RecordDescriptor.HEADER_LENGTH + CHUNK_INDEX_LENGTH, RecordDescriptor.ALIGNMENT);

    private final int abiMinor;
    private final int headerLength;
    private final int[] ringOffsets;
    private final int[] ringCapacities;
    private final int dataAreaOffset;
    private final int chunkSize;
    private final int txChunkCount;
    private final int rxChunkCount;
    private final int regionLength;

    private RegionLayout(int abiMinor, int headerLength, int[] ringOffsets, int[] ringCapacities,
                         int dataAreaOffset, int chunkSize, int txChunkCount, int rxChunkCount, int regionLength) {
        this.abiMinor = abiMinor;
        this.headerLength = headerLength;
        this.ringOffsets = ringOffsets;
        this.ringCapacities = ringCapacities;
        this.dataAreaOffset = dataAreaOffset;
        this.chunkSize = chunkSize;
        this.txChunkCount = txChunkCount;
        this.rxChunkCount = rxChunkCount;
        this.regionLength = regionLength;
    }

    /** Same as {@link #compute(int, int, int, int, int, int)} with one capacity for the three NQE rings. */
    public static RegionLayout compute(int nqeRingCapacity, int chunkSize, int txChunkCount, int rxChunkCount) {
        return compute(nqeRingCapacity, nqeRingCapacity, nqeRingCapacity, chunkSize, txChunkCount, rxChunkCount);
    }

    /**
     * Lays out a region for this ABI version. The free-chunk rings get the smallest power-of-two
     * capacity (at least {@link #MIN_RING_CAPACITY}) that holds every chunk index of their area.
     *
     * @param jobRingCapacity        power of two in [{@link #MIN_RING_CAPACITY}, {@link #MAX_RING_CAPACITY}]
     * @param completionRingCapacity the same; should be at least the job ring's, so completions never wait
     * @param eventRingCapacity      the same
     * @param chunkSize              power of two in [{@link #MIN_CHUNK_SIZE}, {@link #MAX_CHUNK_SIZE}]
     * @param txChunkCount           guest-tx chunks, {@code > 0}
     * @param rxChunkCount           host-rx chunks, {@code > 0}
     * @throws IllegalArgumentException naming the bad parameter, or when the region would exceed
     *                                  {@link #MAX_REGION_LENGTH}
     */
    public static RegionLayout compute(int jobRingCapacity, int completionRingCapacity, int eventRingCapacity,
                                       int chunkSize, int txChunkCount, int rxChunkCount) {
        checkChunkSize(chunkSize);
        checkPositive("tx chunk count", txChunkCount);
        checkPositive("rx chunk count", rxChunkCount);
        int[] capacities = new int[RegionRing.COUNT];
        capacities[RegionRing.JOB.ordinal()] = checkRingCapacity(RegionRing.JOB, jobRingCapacity);
        capacities[RegionRing.COMPLETION.ordinal()] = checkRingCapacity(RegionRing.COMPLETION, completionRingCapacity);
        capacities[RegionRing.EVENT.ordinal()] = checkRingCapacity(RegionRing.EVENT, eventRingCapacity);
        capacities[RegionRing.TX_FREE_CHUNKS.ordinal()] = freeChunkRingCapacity(txChunkCount);
        capacities[RegionRing.RX_FREE_CHUNKS.ordinal()] = freeChunkRingCapacity(rxChunkCount);

        int[] offsets = new int[RegionRing.COUNT];
        long next = BitUtil.align((long) HEADER_LENGTH, RING_ALIGNMENT);
        for (int i = 0; i < RegionRing.COUNT; i++) {
            offsets[i] = (int) next;
            next = BitUtil.align(next + capacities[i] + TRAILER_LENGTH, RING_ALIGNMENT);
        }
        long dataAreaOffset = BitUtil.align(next, DATA_AREA_ALIGNMENT);
        long regionLength = dataAreaOffset + ((long) txChunkCount + rxChunkCount) * chunkSize;
        if (regionLength > MAX_REGION_LENGTH) {
            throw new IllegalArgumentException("region of " + regionLength + " bytes (" + txChunkCount + " tx + "
                + rxChunkCount + " rx chunks of " + chunkSize + " bytes) exceeds " + MAX_REGION_LENGTH
                + " bytes; use fewer or smaller chunks");
        }
        return new RegionLayout(AbiVersion.MINOR, HEADER_LENGTH, offsets, capacities, (int) dataAreaOffset,
            chunkSize, txChunkCount, rxChunkCount, (int) regionLength);
    }

    /** @return the capacity a free-chunk ring needs to hold {@code chunkCount} indexes at once */
    public static int freeChunkRingCapacity(int chunkCount) {
        checkPositive("chunk count", chunkCount);
        long needed = freeChunkRingBytesNeeded(chunkCount);
        if (needed > MAX_RING_CAPACITY) {
            throw new IllegalArgumentException(chunkCount + " chunks need a free-chunk ring over "
                + MAX_RING_CAPACITY + " bytes; use fewer chunks");
        }
        return Math.max(MIN_RING_CAPACITY, BitUtil.findNextPositivePowerOfTwo((int) needed));
    }

    /**
     * @return the ring capacity that holds {@code chunkCount} chunk indexes at once: one record more
     *         than the chunks, because agrona's {@code OneToOneRingBuffer} keeps one record's room free
     */
    public static long freeChunkRingBytesNeeded(long chunkCount) {
        return (chunkCount + 1) * CHUNK_INDEX_RECORD_LENGTH;
    }

    /**
     * Writes this layout, the magic, the ABI version and the header length into {@code header}.
     * The tenant id and the host state word are left as they are (set them with the flyweight).
     */
    public void write(RegionHeaderFlyweight header) {
        header.magic(RegionHeaderDescriptor.MAGIC)
            .abiMajor(AbiVersion.MAJOR)
            .abiMinor(abiMinor)
            .headerLength(headerLength)
            .regionLength(regionLength)
            .dataAreaOffset(dataAreaOffset)
            .chunkSize(chunkSize)
            .txChunkCount(txChunkCount)
            .rxChunkCount(rxChunkCount);
        for (int i = 0; i < RegionRing.COUNT; i++) {
            header.ringOffset(RegionRing.of(i), ringOffsets[i]);
            header.ringCapacity(RegionRing.of(i), ringCapacities[i]);
        }
    }

    /**
     * Reads and validates the header at offset 0 of a mapped region whose mapping is exactly
     * {@code region.capacity()} bytes. Checks, in order: the buffer holds a header; magic; ABI major;
     * header length; region length equals the mapping; tenant id; chunk size; chunk counts; each
     * ring's capacity, alignment and bounds; free-chunk ring capacities; the data area's alignment
     * and bounds; no two areas overlap.
     *
     * @return the layout the header describes
     * @throws RegionFormatException describing the first problem found
     */
    public static RegionLayout read(AtomicBuffer region) {
        return new RegionHeaderCheck(region).check();
    }

    static RegionLayout of(int abiMinor, int headerLength, int[] ringOffsets, int[] ringCapacities,
                           int dataAreaOffset, int chunkSize, int txChunkCount, int rxChunkCount, int regionLength) {
        return new RegionLayout(abiMinor, headerLength, ringOffsets.clone(), ringCapacities.clone(),
            dataAreaOffset, chunkSize, txChunkCount, rxChunkCount, regionLength);
    }

    /**
     * @return a view of {@code ring}'s bytes (capacity + trailer) in {@code region}, ready for an
     *         agrona ring buffer; allocates, so call at attach time
     */
    public AtomicBuffer ringBuffer(AtomicBuffer region, RegionRing ring) {
        checkRegion(region);
        return new UnsafeBuffer(region, ringOffset(ring), ringLength(ring));
    }

    /**
     * @return the agrona ring buffer for {@code ring} over {@code region}: {@link ManyToOneRingBuffer}
     *         for {@link RegionRing#manyProducers()} rings, otherwise {@link OneToOneRingBuffer}
     */
    public RingBuffer newRingBuffer(AtomicBuffer region, RegionRing ring) {
        AtomicBuffer view = ringBuffer(region, ring);
        return ring.manyProducers() ? new ManyToOneRingBuffer(view) : new OneToOneRingBuffer(view);
    }

    /** @return a view of the data area, whose index 0 is NQE data offset 0; allocates */
    public AtomicBuffer dataArea(AtomicBuffer region) {
        checkRegion(region);
        return new UnsafeBuffer(region, dataAreaOffset, dataAreaLength());
    }

    /** @return the ABI minor version of the header this layout was read from, or this code's */
    public int abiMinor() {
        return abiMinor;
    }

    public int headerLength() {
        return headerLength;
    }

    /** @return the region offset of {@code ring} */
    public int ringOffset(RegionRing ring) {
        return ringOffsets[ring.ordinal()];
    }

    /** @return the data capacity of {@code ring}, a power of two */
    public int ringCapacity(RegionRing ring) {
        return ringCapacities[ring.ordinal()];
    }

    /** @return the bytes {@code ring} occupies: capacity + agrona trailer */
    public int ringLength(RegionRing ring) {
        return ringCapacities[ring.ordinal()] + TRAILER_LENGTH;
    }

    /** @return the region offset of the data area */
    public int dataAreaOffset() {
        return dataAreaOffset;
    }

    /** @return the bytes of both chunk areas */
    public int dataAreaLength() {
        return (txChunkCount + rxChunkCount) * chunkSize;
    }

    /** @return the bytes of the guest-tx area, which starts at data offset 0 */
    public int txAreaLength() {
        return txChunkCount * chunkSize;
    }

    /** @return the data offset where the host-rx area starts (equal to {@link #txAreaLength()}) */
    public int rxAreaOffset() {
        return txAreaLength();
    }

    /** @return the bytes of the host-rx area */
    public int rxAreaLength() {
        return rxChunkCount * chunkSize;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public int txChunkCount() {
        return txChunkCount;
    }

    public int rxChunkCount() {
        return rxChunkCount;
    }

    /** @return the total region length, which is also the mapping length */
    public int regionLength() {
        return regionLength;
    }

    /** @return the data offset of tx chunk {@code index} */
    public int txChunkOffset(int index) {
        java.util.Objects.checkIndex(index, txChunkCount);
        return index * chunkSize;
    }

    /** @return the data offset of rx chunk {@code index} */
    public int rxChunkOffset(int index) {
        java.util.Objects.checkIndex(index, rxChunkCount);
        return (txChunkCount + index) * chunkSize;
    }

    /** @return the tx chunk index holding data offset {@code dataOffset}, or -1 when it is outside the tx area */
    public int txChunkIndex(int dataOffset) {
        return dataOffset >= 0 && dataOffset < txAreaLength() ? dataOffset / chunkSize : -1;
    }

    /** @return the rx chunk index holding data offset {@code dataOffset}, or -1 when it is outside the rx area */
    public int rxChunkIndex(int dataOffset) {
        long relative = (long) dataOffset - rxAreaOffset();
        return relative >= 0 && relative < rxAreaLength() ? (int) (relative / chunkSize) : -1;
    }

    private void checkRegion(AtomicBuffer region) {
        if (region.capacity() < regionLength) {
            throw new IllegalArgumentException("region buffer of " + region.capacity() + " bytes is shorter than the "
                + regionLength + "-byte layout");
        }
    }

    static int checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE || !BitUtil.isPowerOfTwo(chunkSize)) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " must be a power of two in ["
                + MIN_CHUNK_SIZE + ", " + MAX_CHUNK_SIZE + "]");
        }
        return chunkSize;
    }

    private static int checkRingCapacity(RegionRing ring, int capacity) {
        if (capacity < MIN_RING_CAPACITY || capacity > MAX_RING_CAPACITY || !BitUtil.isPowerOfTwo(capacity)) {
            throw new IllegalArgumentException(ring.description() + " capacity " + capacity
                + " must be a power of two in [" + MIN_RING_CAPACITY + ", " + MAX_RING_CAPACITY + "]");
        }
        return capacity;
    }

    private static void checkPositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " " + value + " must be > 0");
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RegionLayout)) {
            return false;
        }
        RegionLayout that = (RegionLayout) other;
        return abiMinor == that.abiMinor && headerLength == that.headerLength
            && Arrays.equals(ringOffsets, that.ringOffsets) && Arrays.equals(ringCapacities, that.ringCapacities)
            && dataAreaOffset == that.dataAreaOffset && chunkSize == that.chunkSize
            && txChunkCount == that.txChunkCount && rxChunkCount == that.rxChunkCount
            && regionLength == that.regionLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ringOffsets) * 31 + regionLength;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(200).append("RegionLayout{abi=").append(AbiVersion.MAJOR).append('.')
            .append(abiMinor).append(" header=").append(headerLength);
        for (int i = 0; i < RegionRing.COUNT; i++) {
            text.append(' ').append(RegionRing.of(i).name().toLowerCase(java.util.Locale.ROOT)).append('=')
                .append(ringOffsets[i]).append('/').append(ringCapacities[i]);
        }
        return text.append(" data=").append(dataAreaOffset).append(" chunk=").append(chunkSize)
            .append(" tx=").append(txChunkCount).append(" rx=").append(rxChunkCount)
            .append(" length=").append(regionLength).append('}').toString();
    }
}
