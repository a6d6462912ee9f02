package io.nsaas.nqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class NqeFlyweightTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final NqeFlyweight nqe = new NqeFlyweight();

    @Test
    void descriptorOffsetsMatchTheDiagram() {
        assertEquals(0, NqeDescriptor.OPCODE_OFFSET);
        assertEquals(1, NqeDescriptor.FLAGS_OFFSET);
        assertEquals(2, NqeDescriptor.QUEUE_SET_OFFSET);
        assertEquals(4, NqeDescriptor.SOCKET_ID_OFFSET);
        assertEquals(8, NqeDescriptor.REQUEST_ID_OFFSET);
        assertEquals(16, NqeDescriptor.OPERAND_OFFSET);
        assertEquals(24, NqeDescriptor.DATA_OFFSET_OFFSET);
        assertEquals(28, NqeDescriptor.DATA_LENGTH_OFFSET);
        assertEquals(32, NqeDescriptor.LENGTH);
    }

    @Test
    void roundTripsEveryFieldIncludingExtremes() {
        long[] longs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L};
        int[] ints = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x01020304};
        int[] bytes = {0, 1, 0x7F, 0x80, 0xFF};
        int[] shorts = {0, 1, 0x7FFF, 0x8000, 0xFFFF};
        nqe.wrap(buffer, 40);
        for (int i = 0; i < longs.length; i++) {
            nqe.opcode(bytes[i % bytes.length]).flags(bytes[(i + 2) % bytes.length])
                .queueSet(shorts[i % shorts.length]).socketId(ints[i]).requestId(longs[i])
                .operand(longs[(i + 1) % longs.length]).dataOffset(ints[(i + 2) % ints.length])
                .dataLength(ints[(i + 3) % ints.length]);
            NqeFlyweight reader = new NqeFlyweight().wrap(buffer, 40);
            assertEquals(bytes[i % bytes.length], reader.opcode());
            assertEquals(bytes[(i + 2) % bytes.length], reader.flags());
            assertEquals(shorts[i % shorts.length], reader.queueSet());
            assertEquals(ints[i], reader.socketId());
            assertEquals(longs[i], reader.requestId());
            assertEquals(longs[(i + 1) % longs.length], reader.operand());
            assertEquals(longs[(i + 1) % longs.length], reader.result());
            assertEquals(ints[(i + 2) % ints.length], reader.dataOffset());
            assertEquals(ints[(i + 3) % ints.length], reader.dataLength());
        }
    }

    @Test
    void writesLittleEndianBytesAtTheDescriptorOffsets() {
        nqe.wrap(buffer, 8).opcode(0x07).flags(0x03).queueSet(0x1234).socketId(0x0A0B0C0D)
            .requestId(0x1122334455667788L).operand(-2L).dataOffset(0x00000100).dataLength(-3);
        byte[] expected = {
            0x07, 0x03, 0x34, 0x12, 0x0D, 0x0C, 0x0B, 0x0A,
            (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
            (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            0x00, 0x01, 0x00, 0x00, (byte) 0xFD, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], buffer.getByte(8 + i), "byte " + i);
        }
        assertEquals(0, buffer.getByte(7));
        assertEquals(0, buffer.getByte(40));
    }

    @Test
    void wrapRejectsAnNqeThatDoesNotFit() {
        assertThrows(IndexOutOfBoundsException.class, () -> nqe.wrap(buffer, 97));
        assertThrows(IndexOutOfBoundsException.class, () -> nqe.wrap(buffer, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> nqe.wrap(new UnsafeBuffer(new byte[31]), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> nqe.wrap(buffer, Integer.MAX_VALUE));
        nqe.wrap(buffer, 96).operand(5);
        assertEquals(5, buffer.getLong(96 + 16, NqeDescriptor.BYTE_ORDER));
    }

    @Test
    void settersRejectValuesTheirFieldCannotHold() {
        nqe.wrap(buffer, 0);
        assertThrows(IllegalArgumentException.class, () -> nqe.opcode(256));
        assertThrows(IllegalArgumentException.class, () -> nqe.opcode(-1));
        assertThrows(IllegalArgumentException.class, () -> nqe.flags(0x100));
        assertThrows(IllegalArgumentException.class, () -> nqe.queueSet(0x10000));
        assertThrows(IllegalArgumentException.class, () -> nqe.queueSet(-1));
    }

    @Test
    void resetZeroesOnlyItsOwnThirtyTwoBytes() {
        buffer.setMemory(0, buffer.capacity(), (byte) 0x5A);
        nqe.wrap(buffer, 32).reset();
        for (int i = 0; i < buffer.capacity(); i++) {
            assertEquals(i >= 32 && i < 64 ? 0 : 0x5A, buffer.getByte(i), "byte " + i);
        }
    }

    @Test
    void optionValueSplitsLowIntoDataOffsetAndHighIntoDataLength() {
        long linger = SocketOption.linger(true, 5);
        nqe.wrap(buffer, 0).optionValue(linger);
        assertEquals(5, nqe.dataOffset());
        assertEquals(1, nqe.dataLength());
        assertEquals(linger, nqe.optionValue());
        nqe.optionValue(Long.MIN_VALUE);
        assertEquals(0, nqe.dataOffset());
        assertEquals(Integer.MIN_VALUE, nqe.dataLength());
        nqe.dataOffset(-1).dataLength(0);
        assertEquals(0xFFFF_FFFFL, nqe.optionValue());
    }

    @Test
    void completionEchoesTheRequestAndClearsData() {
        NqeFlyweight request = new NqeFlyweight().wrap(buffer, 0);
        request.opcode(Opcode.SEND).flags(NqeDescriptor.FLAG_MORE).queueSet(0).socketId(3).requestId(99)
            .dataOffset(256).dataLength(100);
        nqe.wrap(buffer, 64).completionOf(request, 100);
        assertEquals(Opcode.SEND | Opcode.COMPLETION_BIT, nqe.opcode());
        assertEquals(0, nqe.flags());
        assertEquals(3, nqe.socketId());
        assertEquals(99, nqe.requestId());
        assertEquals(100, nqe.result());
        assertEquals(0, nqe.dataOffset());
        assertEquals(0, nqe.dataLength());
    }

    @Test
    void completionOfAnUnknownOpcodeIsRejectedInPlace() {
        nqe.wrap(buffer, 0).opcode(0x44).flags(0xFF).socketId(7).requestId(-5).operand(9).dataOffset(1).dataLength(2);
        nqe.completionOf(nqe, -Errno.EINVAL);
        assertEquals(Opcode.REJECTED, nqe.opcode());
        assertEquals(0, nqe.flags());
        assertEquals(7, nqe.socketId());
        assertEquals(-5, nqe.requestId());
        assertEquals(-Errno.EINVAL, nqe.result());
    }

    @Test
    void copyFromTakesExactlyThirtyTwoBytes() {
        UnsafeBuffer shared = new UnsafeBuffer(new byte[64]);
        shared.setMemory(0, 64, (byte) 0x11);
        nqe.wrap(buffer, 0).copyFrom(shared, 16);
        assertEquals(0x11, buffer.getByte(31));
        assertEquals(0, buffer.getByte(32));
    }

    @Test
    void toStringNamesOpcodeAndErrno() {
        nqe.wrap(buffer, 0).opcode(Opcode.CONNECT | Opcode.COMPLETION_BIT).socketId(4).requestId(12)
            .result(-Errno.ECONNREFUSED);
        String text = nqe.toString();
        assertTrue(text.startsWith("CONNECT_COMPLETION"), text);
        assertTrue(text.contains("result=-ECONNREFUSED"), text);
        nqe.opcode(Opcode.SEND).operand(0).dataOffset(64).dataLength(10);
        assertTrue(nqe.toString().contains("data=64+10"), nqe.toString());
    }
}
