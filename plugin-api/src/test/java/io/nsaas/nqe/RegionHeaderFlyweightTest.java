package io.nsaas.nqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RegionHeaderFlyweightTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RegionHeaderDescriptor.HEADER_LENGTH + 64]);
    private final RegionHeaderFlyweight header = new RegionHeaderFlyweight().wrap(buffer, 0);

    @Test
    void magicIsTheAsciiBytesNsaasnqe() {
        header.magic(RegionHeaderDescriptor.MAGIC);
        byte[] raw = new byte[8];
        buffer.getBytes(0, raw);
        assertEquals("NSAASNQE", new String(raw, StandardCharsets.US_ASCII));
    }

    @Test
    void ringTableAndFieldsFitInsideTheHeaderWithoutOverlap() {
        int end = RegionHeaderDescriptor.ringOffsetOffset(RegionRing.RX_FREE_CHUNKS) + RegionHeaderDescriptor.RING_ENTRY_LENGTH;
        assertTrue(end <= RegionHeaderDescriptor.HEADER_LENGTH);
        assertEquals(RegionHeaderDescriptor.RING_TABLE_OFFSET, RegionHeaderDescriptor.ringOffsetOffset(RegionRing.JOB));
        assertEquals(RegionHeaderDescriptor.RING_TABLE_OFFSET + 8, RegionHeaderDescriptor.ringCapacityOffset(RegionRing.JOB));
        assertEquals(RegionHeaderDescriptor.RING_TABLE_OFFSET + 16, RegionHeaderDescriptor.ringOffsetOffset(RegionRing.COMPLETION));
        assertTrue(RegionHeaderDescriptor.TENANT_ID_OFFSET + RegionHeaderDescriptor.TENANT_ID_LENGTH
            <= RegionHeaderDescriptor.HOST_STATE_OFFSET);
        assertEquals(0, RegionHeaderDescriptor.HOST_STATE_OFFSET % 64, "host state word on its own cache line");
    }

    @Test
    void roundTripsEveryFieldIncludingExtremes() {
        header.wrap(buffer, 64);
        header.magic(-1L).abiMajor(0xFFFF).abiMinor(0).headerLength(Integer.MIN_VALUE).regionLength(Long.MAX_VALUE)
            .dataAreaOffset(Long.MIN_VALUE).chunkSize(-1).txChunkCount(Integer.MAX_VALUE).rxChunkCount(0);
        long base = 1L << 40;
        for (int i = 0; i < RegionRing.COUNT; i++) {
            header.ringOffset(RegionRing.of(i), base + i).ringCapacity(RegionRing.of(i), -i - 1);
        }
        RegionHeaderFlyweight reader = new RegionHeaderFlyweight().wrap(buffer, 64);
        assertEquals(-1L, reader.magic());
        assertEquals(0xFFFF, reader.abiMajor());
        assertEquals(0, reader.abiMinor());
        assertEquals(Integer.MIN_VALUE, reader.headerLength());
        assertEquals(Long.MAX_VALUE, reader.regionLength());
        assertEquals(Long.MIN_VALUE, reader.dataAreaOffset());
        assertEquals(-1, reader.chunkSize());
        assertEquals(Integer.MAX_VALUE, reader.txChunkCount());
        assertEquals(0, reader.rxChunkCount());
        for (int i = 0; i < RegionRing.COUNT; i++) {
            assertEquals(base + i, reader.ringOffset(RegionRing.of(i)));
            assertEquals(-i - 1, reader.ringCapacity(RegionRing.of(i)));
        }
    }

    @Test
    void writesLittleEndianBytes() {
        header.abiMajor(0x0102).abiMinor(0x0304).headerLength(0x05060708).chunkSize(0x00001000);
        assertEquals(0x02, buffer.getByte(8));
        assertEquals(0x01, buffer.getByte(9));
        assertEquals(0x04, buffer.getByte(10));
        assertEquals(0x03, buffer.getByte(11));
        assertEquals(0x08, buffer.getByte(12));
        assertEquals(0x05, buffer.getByte(15));
        assertEquals(0x00, buffer.getByte(32));
        assertEquals(0x10, buffer.getByte(33));
    }

    @Test
    void tenantIdRoundTripsAndIsNulPadded() {
        buffer.setMemory(RegionHeaderDescriptor.TENANT_ID_OFFSET, 64, (byte) 'x');
        header.tenantId("tenant-a");
        assertEquals("tenant-a", header.tenantId());
        assertEquals(0, buffer.getByte(RegionHeaderDescriptor.TENANT_ID_OFFSET + 8));
        assertEquals(0, buffer.getByte(RegionHeaderDescriptor.TENANT_ID_OFFSET + 63));
        String longest = "t".repeat(64);
        header.tenantId(longest);
        assertEquals(longest, header.tenantId());
    }

    @Test
    void tenantIdSetterRejectsEmptyTooLongAndNonPrintable() {
        assertThrows(IllegalArgumentException.class, () -> header.tenantId(""));
        assertThrows(IllegalArgumentException.class, () -> header.tenantId("t".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> header.tenantId("ten ant"));
        assertThrows(IllegalArgumentException.class, () -> header.tenantId("tenant\n"));
        assertThrows(IllegalArgumentException.class, () -> header.tenantId("t\u00e9nant"));
    }

    @Test
    void tenantIdGetterRejectsHostileBytes() {
        header.tenantId("abc");
        buffer.putByte(RegionHeaderDescriptor.TENANT_ID_OFFSET + 1, (byte) 0x07);
        assertThrows(RegionFormatException.class, header::tenantId);
        header.tenantId("abc");
        buffer.putByte(RegionHeaderDescriptor.TENANT_ID_OFFSET + 10, (byte) 'z');
        assertThrows(RegionFormatException.class, header::tenantId);
        buffer.setMemory(RegionHeaderDescriptor.TENANT_ID_OFFSET, 64, (byte) 0);
        assertThrows(RegionFormatException.class, header::tenantId);
        buffer.putByte(RegionHeaderDescriptor.TENANT_ID_OFFSET, (byte) 0xC3);
        assertThrows(RegionFormatException.class, header::tenantId);
    }

    @Test
    void hostStateWordPacksStateAndGeneration() {
        long word = RegionHeaderDescriptor.hostStateWord(RegionHeaderDescriptor.HOST_ATTACHED, 41);
        assertEquals(RegionHeaderDescriptor.HOST_ATTACHED, RegionHeaderDescriptor.hostState(word));
        assertEquals(41, RegionHeaderDescriptor.hostGeneration(word));
        long max = RegionHeaderDescriptor.hostStateWord(RegionHeaderDescriptor.HOST_DETACHED, RegionHeaderDescriptor.MAX_GENERATION);
        assertEquals(RegionHeaderDescriptor.MAX_GENERATION, RegionHeaderDescriptor.hostGeneration(max));
        assertEquals(RegionHeaderDescriptor.HOST_DETACHED, RegionHeaderDescriptor.hostState(max));
        assertThrows(IllegalArgumentException.class, () -> RegionHeaderDescriptor.hostStateWord(3, 0));
        assertThrows(IllegalArgumentException.class, () -> RegionHeaderDescriptor.hostStateWord(1, -1));
        assertThrows(IllegalArgumentException.class,
            () -> RegionHeaderDescriptor.hostStateWord(1, RegionHeaderDescriptor.MAX_GENERATION + 1));
        assertEquals("ATTACHED", RegionHeaderDescriptor.hostStateName(1));
        assertEquals("UNKNOWN(9)", RegionHeaderDescriptor.hostStateName(9));
    }

    @Test
    void hostStateWordCompareAndSetAndHeartbeat() {
        assertEquals(0, header.hostStateWord(), "zeroed memory reads as INITIALIZING generation 0");
        long attached = RegionHeaderDescriptor.hostStateWord(RegionHeaderDescriptor.HOST_ATTACHED, 1);
        assertTrue(header.compareAndSetHostStateWord(0, attached));
        assertFalse(header.compareAndSetHostStateWord(0, attached));
        assertEquals(attached, header.hostStateWord());
        header.hostHeartbeat(12345);
        assertEquals(12345, header.hostHeartbeat());
        assertEquals(12345, buffer.getLong(RegionHeaderDescriptor.HOST_HEARTBEAT_OFFSET, RegionHeaderDescriptor.BYTE_ORDER));
        assertEquals(1, buffer.getByte(RegionHeaderDescriptor.HOST_STATE_OFFSET));
        assertEquals(1, buffer.getByte(RegionHeaderDescriptor.HOST_STATE_OFFSET + 1));
    }

    @Test
    void wrapRejectsABufferShorterThanTheHeader() {
        UnsafeBuffer small = new UnsafeBuffer(new byte[RegionHeaderDescriptor.HEADER_LENGTH - 1]);
        assertThrows(IndexOutOfBoundsException.class, () -> new RegionHeaderFlyweight().wrap(small, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> new RegionHeaderFlyweight().wrap(buffer, 65));
    }

    @Test
    void settersRejectVersionsOutsideU16() {
        assertThrows(IllegalArgumentException.class, () -> header.abiMajor(0x10000));
        assertThrows(IllegalArgumentException.class, () -> header.abiMinor(-1));
    }
}
