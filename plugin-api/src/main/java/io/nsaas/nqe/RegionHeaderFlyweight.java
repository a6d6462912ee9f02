package io.nsaas.nqe;

import static io.nsaas.nqe.RegionHeaderDescriptor.ABI_MAJOR_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.ABI_MINOR_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.BYTE_ORDER;
import static io.nsaas.nqe.RegionHeaderDescriptor.CHUNK_SIZE_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.DATA_AREA_OFFSET_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.HEADER_LENGTH;
import static io.nsaas.nqe.RegionHeaderDescriptor.HEADER_LENGTH_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.HOST_HEARTBEAT_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.HOST_STATE_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.MAGIC_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.REGION_LENGTH_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.RX_CHUNK_COUNT_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.TENANT_ID_LENGTH;
import static io.nsaas.nqe.RegionHeaderDescriptor.TENANT_ID_OFFSET;
import static io.nsaas.nqe.RegionHeaderDescriptor.TX_CHUNK_COUNT_OFFSET;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Reads and writes a region header ({@link RegionHeaderDescriptor}) in place.
 *
 * <p>Static fields are plain reads and writes, for setup time. The host state word and heartbeat
 * are written with release semantics and read volatile, so they may be used across processes while
 * the region is live. Getters return the raw bytes: use {@link RegionLayout#read} to validate a
 * header from shared memory before trusting any of it. Not thread-safe; one flyweight per thread.
 */
public final class RegionHeaderFlyweight {
    private AtomicBuffer buffer;
    private int offset;

    /**
     * @return this, pointed at the header starting at {@code offset}
     * @throws IndexOutOfBoundsException when the 320-byte header does not fit in the buffer
     */
    public RegionHeaderFlyweight wrap(AtomicBuffer buffer, int offset) {
        if (offset < 0 || (long) offset + HEADER_LENGTH > buffer.capacity()) {
            throw new IndexOutOfBoundsException("region header at offset " + offset + " needs " + HEADER_LENGTH
                + " bytes but the buffer holds " + buffer.capacity());
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public AtomicBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** Zeroes the whole ABI 1.0 header. @return this */
    public RegionHeaderFlyweight reset() {
        buffer.setMemory(offset, HEADER_LENGTH, (byte) 0);
        return this;
    }

    public long magic() {
        return buffer.getLong(offset + MAGIC_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight magic(long magic) {
        buffer.putLong(offset + MAGIC_OFFSET, magic, BYTE_ORDER);
        return this;
    }

    /** @return the ABI major version, u16 */
    public int abiMajor() {
        return buffer.getShort(offset + ABI_MAJOR_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    public RegionHeaderFlyweight abiMajor(int major) {
        buffer.putShort(offset + ABI_MAJOR_OFFSET, u16("ABI major", major), BYTE_ORDER);
        return this;
    }

    /** @return the ABI minor version, u16 */
    public int abiMinor() {
        return buffer.getShort(offset + ABI_MINOR_OFFSET, BYTE_ORDER) & 0xFFFF;
    }

    public RegionHeaderFlyweight abiMinor(int minor) {
        buffer.putShort(offset + ABI_MINOR_OFFSET, u16("ABI minor", minor), BYTE_ORDER);
        return this;
    }

    public int headerLength() {
        return buffer.getInt(offset + HEADER_LENGTH_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight headerLength(int length) {
        buffer.putInt(offset + HEADER_LENGTH_OFFSET, length, BYTE_ORDER);
        return this;
    }

    public long regionLength() {
        return buffer.getLong(offset + REGION_LENGTH_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight regionLength(long length) {
        buffer.putLong(offset + REGION_LENGTH_OFFSET, length, BYTE_ORDER);
        return this;
    }

    public long dataAreaOffset() {
        return buffer.getLong(offset + DATA_AREA_OFFSET_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight dataAreaOffset(long dataAreaOffset) {
        buffer.putLong(offset + DATA_AREA_OFFSET_OFFSET, dataAreaOffset, BYTE_ORDER);
        return this;
    }

    public int chunkSize() {
        return buffer.getInt(offset + CHUNK_SIZE_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight chunkSize(int chunkSize) {
        buffer.putInt(offset + CHUNK_SIZE_OFFSET, chunkSize, BYTE_ORDER);
        return this;
    }

    public int txChunkCount() {
        return buffer.getInt(offset + TX_CHUNK_COUNT_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight txChunkCount(int count) {
        buffer.putInt(offset + TX_CHUNK_COUNT_OFFSET, count, BYTE_ORDER);
        return this;
    }

    public int rxChunkCount() {
        return buffer.getInt(offset + RX_CHUNK_COUNT_OFFSET, BYTE_ORDER);
    }

    public RegionHeaderFlyweight rxChunkCount(int count) {
        buffer.putInt(offset + RX_CHUNK_COUNT_OFFSET, count, BYTE_ORDER);
        return this;
    }

    public long ringOffset(RegionRing ring) {
        return buffer.getLong(offset + RegionHeaderDescriptor.ringOffsetOffset(ring), BYTE_ORDER);
    }

    public RegionHeaderFlyweight ringOffset(RegionRing ring, long ringOffset) {
        buffer.putLong(offset + RegionHeaderDescriptor.ringOffsetOffset(ring), ringOffset, BYTE_ORDER);
        return this;
    }

    /** @return the ring's data capacity (without the agrona trailer) */
    public int ringCapacity(RegionRing ring) {
        return buffer.getInt(offset + RegionHeaderDescriptor.ringCapacityOffset(ring), BYTE_ORDER);
    }

    public RegionHeaderFlyweight ringCapacity(RegionRing ring, int capacity) {
        buffer.putInt(offset + RegionHeaderDescriptor.ringCapacityOffset(ring), capacity, BYTE_ORDER);
        return this;
    }

    /**
     * Writes the tenant id, NUL-padded to 64 bytes.
     *
     * @return this
     * @throws IllegalArgumentException when the id is empty, longer than 64 characters or holds a
     *                                  character outside printable ASCII 0x21..0x7E
     */
    public RegionHeaderFlyweight tenantId(String tenantId) {
        if (tenantId.isEmpty() || tenantId.length() > TENANT_ID_LENGTH) {
            throw new IllegalArgumentException(
                "tenant id '" + tenantId + "' must have 1.." + TENANT_ID_LENGTH + " characters");
        }
        for (int i = 0; i < tenantId.length(); i++) {
            char c = tenantId.charAt(i);
            if (!printable(c)) {
                throw new IllegalArgumentException("tenant id '" + tenantId + "' has character 0x"
                    + Integer.toHexString(c) + " at index " + i + "; use printable ASCII without spaces");
            }
        }
        buffer.setMemory(offset + TENANT_ID_OFFSET, TENANT_ID_LENGTH, (byte) 0);
        for (int i = 0; i < tenantId.length(); i++) {
            buffer.putByte(offset + TENANT_ID_OFFSET + i, (byte) tenantId.charAt(i));
        }
        return this;
    }

    /**
     * @return the tenant id
     * @throws RegionFormatException when the field is empty, holds a byte outside printable ASCII, or
     *                               holds a non-NUL byte after the first NUL
     */
    public String tenantId() {
        int length = 0;
        while (length < TENANT_ID_LENGTH && buffer.getByte(offset + TENANT_ID_OFFSET + length) != 0) {
            byte b = buffer.getByte(offset + TENANT_ID_OFFSET + length);
            if (!printable(b)) {
                throw new RegionFormatException("region tenant id has byte 0x" + Integer.toHexString(b & 0xFF)
                    + " at index " + length + "; a tenant id is printable ASCII 0x21..0x7E, NUL-padded");
            }
            length++;
        }
        if (length == 0) {
            throw new RegionFormatException("region tenant id is empty; the host must write the tenant id");
        }
        for (int i = length; i < TENANT_ID_LENGTH; i++) {
            if (buffer.getByte(offset + TENANT_ID_OFFSET + i) != 0) {
                throw new RegionFormatException("region tenant id has a non-NUL byte at index " + i
                    + " after its end at " + length + "; the field must be NUL-padded");
            }
        }
        return buffer.getStringWithoutLengthAscii(offset + TENANT_ID_OFFSET, length);
    }

    /** @return the host state word, read volatile ({@link RegionHeaderDescriptor#hostState(long)}) */
    public long hostStateWord() {
        return buffer.getLongVolatile(offset + HOST_STATE_OFFSET);
    }

    /** Publishes a host state word with release semantics. @return this */
    public RegionHeaderFlyweight hostStateWord(long stateWord) {
        buffer.putLongRelease(offset + HOST_STATE_OFFSET, stateWord);
        return this;
    }

    /** @return whether the state word was {@code expected} and is now {@code update} */
    public boolean compareAndSetHostStateWord(long expected, long update) {
        return buffer.compareAndSetLong(offset + HOST_STATE_OFFSET, expected, update);
    }

    /** @return the host heartbeat counter, read volatile */
    public long hostHeartbeat() {
        return buffer.getLongVolatile(offset + HOST_HEARTBEAT_OFFSET);
    }

    /** Publishes the host heartbeat counter with release semantics. @return this */
    public RegionHeaderFlyweight hostHeartbeat(long heartbeat) {
        buffer.putLongRelease(offset + HOST_HEARTBEAT_OFFSET, heartbeat);
        return this;
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "RegionHeader(unwrapped)";
        }
        long stateWord = hostStateWord();
        StringBuilder text = new StringBuilder(256)
            .append("magic=0x").append(Long.toHexString(magic()))
            .append(" abi=").append(abiMajor()).append('.').append(abiMinor())
            .append(" header=").append(headerLength())
            .append(" region=").append(regionLength())
            .append(" data=").append(dataAreaOffset())
            .append(" chunk=").append(chunkSize())
            .append(" tx=").append(txChunkCount())
            .append(" rx=").append(rxChunkCount())
            .append(" host=").append(RegionHeaderDescriptor.hostStateName(RegionHeaderDescriptor.hostState(stateWord)))
            .append('/').append(RegionHeaderDescriptor.hostGeneration(stateWord));
        for (int i = 0; i < RegionRing.COUNT; i++) {
            RegionRing ring = RegionRing.of(i);
            text.append(' ').append(ring.name().toLowerCase(java.util.Locale.ROOT))
                .append('=').append(ringOffset(ring)).append('/').append(ringCapacity(ring));
        }
        return text.toString();
    }

    private static boolean printable(int c) {
        return c >= 0x21 && c <= 0x7E;
    }

    private static short u16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0..65535");
        }
        return (short) value;
    }
}
