package io.nsaas.stack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class NativeLayoutTest {

    @Test
    void epollEventIsPackedOnX86AndAlignedOnArm64() {
        assertEquals(new EpollEventDescriptor(12, 4), EpollEventDescriptor.forPlatform("Linux", "amd64"));
        assertEquals(new EpollEventDescriptor(16, 8), EpollEventDescriptor.forPlatform("Linux", "aarch64"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> EpollEventDescriptor.forPlatform("Linux", "riscv64"));
        assertTrue(e.getMessage().contains("x86-64 and arm64 only") && e.getMessage().contains("riscv64"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> EpollEventDescriptor.forPlatform("Mac OS X", "aarch64"));
    }

    @Test
    void epollEventWritesTheDatumWhereTheKernelReadsIt() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        EpollEventDescriptor.X86_64.write(buffer, 12, 0x8000_2001, 0x0000_0007_0000_0003L);
        assertEquals(0x8000_2001, EpollEventDescriptor.X86_64.events(buffer, 1));
        assertEquals(0x0000_0007_0000_0003L, EpollEventDescriptor.X86_64.data(buffer, 1));
        assertEquals(3, buffer.getByte(16), "x86-64: datum at byte 4 of the event, little-endian");
        EpollEventDescriptor.AARCH64.write(buffer, 0, 1, 42L);
        assertEquals(42L, buffer.getLong(8, ByteOrder.nativeOrder()));
    }

    @Test
    void sockaddrInHoldsPortAndAddressInNetworkOrder() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        int address = Endpoint.parseAddress("10.1.2.3");
        SockaddrInDescriptor.write(buffer, 0, address, 0x1F90);
        assertEquals(2, SockaddrInDescriptor.family(buffer, 0));
        assertEquals(0x1F, buffer.getByte(2));
        assertEquals((byte) 0x90, buffer.getByte(3));
        assertEquals(10, buffer.getByte(4));
        assertEquals(3, buffer.getByte(7));
        assertEquals(Endpoint.pack(address, 8080), SockaddrInDescriptor.readEndpoint(buffer, 0));
    }

    @Test
    void lingerRoundTripsAndRejectsValuesOutsideTheStruct() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        LingerDescriptor.write(buffer, 0, SocketOption.linger(true, 30));
        assertEquals(1, buffer.getInt(0, ByteOrder.nativeOrder()));
        assertEquals(30, buffer.getInt(4, ByteOrder.nativeOrder()));
        assertEquals(SocketOption.linger(true, 30), LingerDescriptor.read(buffer, 0));
        assertTrue(LingerDescriptor.isValid(SocketOption.linger(false, Integer.MAX_VALUE)));
        assertTrue(!LingerDescriptor.isValid(3L << 32) && !LingerDescriptor.isValid(0x8000_0000L));
    }

    @Test
    void tcpInfoReadsOnlyTheFieldsTheReturnedLengthCovers() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[TcpInfoDescriptor.BUFFER_LENGTH]);
        buffer.putByte(TcpInfoDescriptor.STATE_OFFSET, (byte) 1);
        buffer.putInt(TcpInfoDescriptor.SND_CWND_OFFSET, 10, ByteOrder.nativeOrder());
        buffer.putInt(TcpInfoDescriptor.SND_SSTHRESH_OFFSET, 0x7FFF_FFFF, ByteOrder.nativeOrder());
        buffer.putLong(TcpInfoDescriptor.BYTES_ACKED_OFFSET, 5_000_000_000L, ByteOrder.nativeOrder());
        buffer.putInt(TcpInfoDescriptor.MIN_RTT_OFFSET, -1, ByteOrder.nativeOrder());
        buffer.putInt(TcpInfoDescriptor.SND_WND_OFFSET, 65535, ByteOrder.nativeOrder());

        TcpInfo info = new TcpInfo();
        TcpInfoDescriptor.read(buffer, TcpInfoDescriptor.MIN_LENGTH, info);
        assertEquals(TcpState.ESTABLISHED, info.state);
        assertEquals(10, info.sndCwnd);
        assertEquals(Integer.MAX_VALUE, info.sndSsthresh);
        assertEquals(0, info.bytesAcked, "not covered by a 104-byte struct");
        assertEquals(0, info.sndWnd);

        info.clear();
        TcpInfoDescriptor.read(buffer, 232, info);
        assertEquals(5_000_000_000L, info.bytesAcked);
        assertEquals(0, info.minRttUs, "no RTT sample yet");
        assertEquals(65535, info.sndWnd);
    }
}
