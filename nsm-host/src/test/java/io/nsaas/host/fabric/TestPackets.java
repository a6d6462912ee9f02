package io.nsaas.host.fabric;

import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds IPv4 packets for tests: header with a correct checksum, experimental protocol 253 (RFC 3692). */
public final class TestPackets {
    public static final int PROTOCOL_EXPERIMENT = 253;

    private TestPackets() {
    }

    /** @return a buffer holding exactly one packet from {@code source} to {@code destination} */
    public static UnsafeBuffer packet(int source, int destination, byte[] payload) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[Ipv4HeaderDescriptor.MIN_HEADER_LENGTH + payload.length]);
        write(buffer, 0, source, destination, payload);
        return buffer;
    }

    /**
     * Writes a 20-byte header and {@code payload} at {@code offset}.
     *
     * @return the packet length
     */
    public static int write(MutableDirectBuffer buffer, int offset, int source, int destination, byte[] payload) {
        int total = Ipv4HeaderDescriptor.MIN_HEADER_LENGTH + payload.length;
        buffer.putByte(offset, (byte) 0x45);
        buffer.putByte(offset + 1, (byte) 0);
        buffer.putShort(offset + 2, (short) total, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 4, (short) 0x1234, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + 6, (short) 0x4000, ByteOrder.BIG_ENDIAN); // don't fragment
        buffer.putByte(offset + 8, (byte) 64);
        buffer.putByte(offset + 9, (byte) PROTOCOL_EXPERIMENT);
        buffer.putShort(offset + 10, (short) 0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 12, source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 16, destination, ByteOrder.BIG_ENDIAN);
        buffer.putBytes(offset + 20, payload);
        fixChecksum(buffer, offset);
        return total;
    }

    /** Recomputes the header checksum after a test changed a header field. */
    public static void fixChecksum(MutableDirectBuffer buffer, int offset) {
        buffer.putShort(offset + Ipv4HeaderDescriptor.CHECKSUM_OFFSET, (short) 0, ByteOrder.BIG_ENDIAN);
        int headerLength = Ipv4HeaderDescriptor.headerLength(buffer, offset);
        int checksum = Ipv4HeaderDescriptor.checksum(buffer, offset, Math.max(headerLength, 20));
        buffer.putShort(offset + Ipv4HeaderDescriptor.CHECKSUM_OFFSET, (short) checksum, ByteOrder.BIG_ENDIAN);
    }
}
