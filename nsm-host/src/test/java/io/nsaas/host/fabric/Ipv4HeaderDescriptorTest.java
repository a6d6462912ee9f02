package io.nsaas.host.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nsaas.spi.Endpoint;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class Ipv4HeaderDescriptorTest {
    private static final int A = Endpoint.parseAddress("10.0.0.1");
    private static final int B = Endpoint.parseAddress("10.0.0.2");

    @Test
    void checksumMatchesRfc1071WorkedHeader() {
        // A header whose checksum is well known: 45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7
        int[] bytes = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
            0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        for (int i = 0; i < bytes.length; i++) {
            buffer.putByte(i, (byte) bytes[i]);
        }
        assertEquals(0xB861, Ipv4HeaderDescriptor.checksum(buffer, 0, 20));
        buffer.putShort(10, (short) 0xB861, ByteOrder.BIG_ENDIAN);
        assertEquals(0, Ipv4HeaderDescriptor.checksum(buffer, 0, 20));
    }

    @Test
    void readsFieldsOfWellFormedPacket() {
        UnsafeBuffer packet = TestPackets.packet(A, B, new byte[] {1, 2, 3});
        assertNull(Ipv4HeaderDescriptor.validate(packet, 0, packet.capacity()));
        assertEquals(4, Ipv4HeaderDescriptor.version(packet, 0));
        assertEquals(20, Ipv4HeaderDescriptor.headerLength(packet, 0));
        assertEquals(23, Ipv4HeaderDescriptor.totalLength(packet, 0));
        assertEquals(A, Ipv4HeaderDescriptor.source(packet, 0));
        assertEquals(B, Ipv4HeaderDescriptor.destination(packet, 0));
        assertEquals(TestPackets.PROTOCOL_EXPERIMENT, Ipv4HeaderDescriptor.protocol(packet, 0));
    }

    @Test
    void namesEachDefect() {
        UnsafeBuffer packet = TestPackets.packet(A, B, new byte[8]);
        assertEquals(DropReason.TRUNCATED, Ipv4HeaderDescriptor.validate(packet, 0, 19));
        assertEquals(DropReason.TRUNCATED, Ipv4HeaderDescriptor.validate(packet, 0, 27));
        assertEquals(DropReason.BAD_BUFFER_RANGE, Ipv4HeaderDescriptor.validate(packet, 4, 28));
        assertEquals(DropReason.BAD_BUFFER_RANGE, Ipv4HeaderDescriptor.validate(packet, -1, 8));

        packet.putByte(0, (byte) 0x65);
        TestPackets.fixChecksum(packet, 0);
        assertEquals(DropReason.BAD_VERSION, Ipv4HeaderDescriptor.validate(packet, 0, 28));

        packet.putByte(0, (byte) 0x44);
        assertEquals(DropReason.BAD_HEADER_LENGTH, Ipv4HeaderDescriptor.validate(packet, 0, 28));

        packet.putByte(0, (byte) 0x48); // 32-byte header in a 28-byte packet
        assertEquals(DropReason.TRUNCATED, Ipv4HeaderDescriptor.validate(packet, 0, 28));

        packet.putByte(0, (byte) 0x45);
        packet.putShort(2, (short) 12, ByteOrder.BIG_ENDIAN);
        TestPackets.fixChecksum(packet, 0);
        assertEquals(DropReason.BAD_TOTAL_LENGTH, Ipv4HeaderDescriptor.validate(packet, 0, 28));

        packet.putShort(2, (short) 28, ByteOrder.BIG_ENDIAN);
        TestPackets.fixChecksum(packet, 0);
        assertNull(Ipv4HeaderDescriptor.validate(packet, 0, 28));
        packet.putByte(8, (byte) 63);
        assertEquals(DropReason.BAD_CHECKSUM, Ipv4HeaderDescriptor.validate(packet, 0, 28));
    }
}
