package io.nsaas.host.fabric.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.TestPackets;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import org.agrona.BufferUtil;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TunDevice} without privilege: open errors, and packet I/O over a datagram pair. */
class TunDeviceTest {
    private static final int A = Endpoint.parseAddress("10.213.0.2");
    private static final int B = Endpoint.parseAddress("10.213.0.1");

    private final DatagramPair pair = new DatagramPair("pair0");
    private final TunDevice device = pair.device();

    @AfterEach
    void close() {
        pair.close();
    }

    @Test
    void nameLongerThanFifteenBytesIsRefusedBeforeAnySystemCall() {
        TunException e = assertThrows(TunException.class, () -> TunDevice.open("nsaas-much-too-long", "/nonexistent"));
        assertEquals("TUN device name 'nsaas-much-too-long' is 19 bytes long; Linux interface names are at most"
            + " 15 bytes: pick a shorter name", e.getMessage());
    }

    @Test
    void missingCloneDeviceTellsToLoadTheModule() {
        TunException e = assertThrows(TunException.class, () -> TunDevice.open("nsaas0", "/nonexistent/net/tun"));
        assertEquals("/nonexistent/net/tun is missing: load the tun module (modprobe tun)", e.getMessage());
    }

    @Test
    void fileThatIsNotTheCloneDeviceIsRefused() {
        TunException e = assertThrows(TunException.class, () -> TunDevice.open("nsaas0", "/dev/null"));
        assertEquals("/dev/null is not the TUN clone device (TUNSETIFF is not supported on it): use /dev/net/tun",
            e.getMessage());
    }

    @Test
    void readReturnsZeroWhenNothingIsWaiting() {
        assertEquals(0, device.read(new UnsafeBuffer(new byte[2048]), 0, 2048));
    }

    @Test
    void readsOnePacketPerCallIntoDirectAndHeapBuffers() {
        UnsafeBuffer first = TestPackets.packet(B, A, new byte[] {1, 2, 3});
        UnsafeBuffer second = TestPackets.packet(B, A, new byte[] {4, 5, 6, 7});
        pair.inject(first, 0, first.capacity());
        pair.inject(second, 0, second.capacity());

        UnsafeBuffer direct = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
        assertEquals(first.capacity(), device.read(direct, 16, 2000));
        byte[] got = new byte[first.capacity()];
        direct.getBytes(16, got);
        assertArrayEquals(first.byteArray(), got);

        ExpandableArrayBuffer heap = new ExpandableArrayBuffer(2048);
        assertEquals(second.capacity(), device.read(heap, 7, 2000));
        got = new byte[second.capacity()];
        heap.getBytes(7, got);
        assertArrayEquals(second.byteArray(), got);
        assertEquals(0, device.read(heap, 0, 2048));
    }

    @Test
    void writesExactlyTheGivenRangeAsOnePacket() {
        UnsafeBuffer packet = TestPackets.packet(A, B, new byte[] {9, 9});
        UnsafeBuffer framed = new UnsafeBuffer(new byte[packet.capacity() + 10]);
        framed.putBytes(5, packet, 0, packet.capacity());
        assertEquals(packet.capacity(), device.write(framed, 5, packet.capacity()));
        assertArrayEquals(packet.byteArray(), pair.take());
        assertNull(pair.take());
    }

    @Test
    void rangesOutsideTheBufferAreEinval() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        assertEquals(-Errno.EINVAL, device.read(buffer, 90, 20));
        assertEquals(-Errno.EINVAL, device.read(buffer, -1, 10));
        assertEquals(-Errno.EINVAL, device.write(buffer, 50, 51));
        assertEquals(-Errno.EINVAL, device.write(buffer, 0, 0));
    }

    @Test
    void closedDeviceAnswersEbadfAndCloseIsIdempotent() {
        device.close();
        device.close();
        assertTrue(device.isClosed());
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        assertEquals(-Errno.EBADF, device.read(buffer, 0, 100));
        assertEquals(-Errno.EBADF, device.write(buffer, 0, 20));
    }
}
