package io.nsaas.host.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Endpoint;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchTest {
    private static final int A = Endpoint.parseAddress("10.0.0.1");
    private static final int B = Endpoint.parseAddress("10.0.0.2");
    private static final int C = Endpoint.parseAddress("10.0.0.3");
    private static final int OUTSIDE = Endpoint.parseAddress("192.0.2.7");

    private final Switch fabric = new Switch();
    private final SwitchPort a = fabric.attach("a", A, 24, 64 * 1024);
    private final SwitchPort b = fabric.attach("b", B, 24, 64 * 1024);

    /** Collects copies of delivered packets. */
    private static final class Collector implements PacketSink {
        final List<byte[]> packets = new ArrayList<>();

        @Override
        public void onPacket(DirectBuffer packet, int offset, int length) {
            byte[] copy = new byte[length];
            packet.getBytes(offset, copy);
            packets.add(copy);
        }
    }

    @AfterEach
    void close() {
        fabric.close();
    }

    @Test
    void deliversPacketToThePortOwningTheDestination() {
        UnsafeBuffer packet = TestPackets.packet(A, B, new byte[] {7, 8, 9});
        assertTrue(a.transmit(packet, 0, packet.capacity()));

        Collector atA = new Collector();
        Collector atB = new Collector();
        assertEquals(0, a.poll(atA, 10));
        assertEquals(1, b.poll(atB, 10));
        assertArrayEquals(packet.byteArray(), atB.packets.get(0));
        assertEquals(1, fabric.forwarded());
        assertEquals(1, a.packetsSent());
        assertEquals(1, b.packetsReceived());
        assertEquals(0, fabric.totalDrops());
    }

    @Test
    void copiesThePacketSoTheSenderMayReuseItsBuffer() {
        UnsafeBuffer packet = TestPackets.packet(A, B, new byte[] {1});
        a.transmit(packet, 0, packet.capacity());
        packet.putByte(20, (byte) 99);

        Collector atB = new Collector();
        b.poll(atB, 10);
        assertEquals(1, atB.packets.get(0)[20]);
    }

    @Test
    void dropsAndCountsPacketsForUnknownDestinations() {
        UnsafeBuffer packet = TestPackets.packet(A, C, new byte[4]);
        assertFalse(a.transmit(packet, 0, packet.capacity()));
        assertEquals(1, fabric.drops(DropReason.NO_ROUTE));
        assertEquals(0, a.packetsSent());
        assertEquals(0, b.poll(new Collector(), 10));
    }

    @Test
    void sendsUnknownDestinationsToTheUplinkAndUplinkPacketsToTenants() {
        SwitchPort uplink = fabric.attachUplink("tun0", 64 * 1024);
        UnsafeBuffer out = TestPackets.packet(A, OUTSIDE, new byte[4]);
        assertTrue(a.transmit(out, 0, out.capacity()));
        Collector atUplink = new Collector();
        assertEquals(1, uplink.poll(atUplink, 10));

        UnsafeBuffer in = TestPackets.packet(OUTSIDE, A, new byte[4]);
        assertTrue(uplink.transmit(in, 0, in.capacity()));
        assertEquals(1, a.poll(new Collector(), 10));

        UnsafeBuffer hairpin = TestPackets.packet(OUTSIDE, C, new byte[4]);
        assertFalse(uplink.transmit(hairpin, 0, hairpin.capacity()), "the uplink's own unknowns are not sent back");
        assertEquals(1, fabric.drops(DropReason.NO_ROUTE));
        assertThrows(IllegalStateException.class, () -> fabric.attachUplink("tun1", 64 * 1024));
    }

    @Test
    void dropsMalformedPacketsByReasonWithoutThrowing() {
        UnsafeBuffer good = TestPackets.packet(A, B, new byte[8]);

        assertFalse(a.transmit(good, 0, 12));
        assertEquals(1, fabric.drops(DropReason.TRUNCATED));

        UnsafeBuffer badVersion = copy(good);
        badVersion.putByte(0, (byte) 0x65);
        TestPackets.fixChecksum(badVersion, 0);
        assertFalse(a.transmit(badVersion, 0, 28));
        assertEquals(1, fabric.drops(DropReason.BAD_VERSION));

        UnsafeBuffer shortIhl = copy(good);
        shortIhl.putByte(0, (byte) 0x43);
        assertFalse(a.transmit(shortIhl, 0, 28));
        assertEquals(1, fabric.drops(DropReason.BAD_HEADER_LENGTH));

        UnsafeBuffer tooLong = copy(good);
        tooLong.putShort(2, (short) 1500, ByteOrder.BIG_ENDIAN);
        TestPackets.fixChecksum(tooLong, 0);
        assertFalse(a.transmit(tooLong, 0, 28));
        assertEquals(2, fabric.drops(DropReason.TRUNCATED));

        UnsafeBuffer badChecksum = copy(good);
        badChecksum.putByte(8, (byte) 1);
        assertFalse(a.transmit(badChecksum, 0, 28));
        assertEquals(1, fabric.drops(DropReason.BAD_CHECKSUM));

        assertFalse(a.transmit(good, 20, 28));
        assertEquals(1, fabric.drops(DropReason.BAD_BUFFER_RANGE));

        assertEquals(6, fabric.totalDrops());
        assertEquals(0, b.poll(new Collector(), 10));
        assertEquals(0, fabric.forwarded());
    }

    @Test
    void survivesRandomGarbageWithoutThrowing() {
        Random random = new Random(42);
        UnsafeBuffer garbage = new UnsafeBuffer(new byte[128]);
        int taken = 0;
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(garbage.byteArray());
            garbage.putByte(0, (byte) (random.nextBoolean() ? 0x45 : garbage.getByte(0)));
            if (a.transmit(garbage, random.nextInt(64), random.nextInt(80))) {
                taken++;
            }
        }
        assertEquals(10_000, fabric.totalDrops() + taken);
        assertEquals(taken, fabric.forwarded());
    }

    @Test
    void dropsSpoofedSourceAddresses() {
        UnsafeBuffer spoofed = TestPackets.packet(C, B, new byte[4]);
        assertFalse(a.transmit(spoofed, 0, spoofed.capacity()));
        assertEquals(1, fabric.drops(DropReason.SPOOFED_SOURCE));
        assertEquals(0, b.poll(new Collector(), 10));
    }

    @Test
    void dropsAndCountsWhenTheDestinationQueueIsFull() {
        Switch small = new Switch();
        SwitchPort from = small.attach("from", A, 24, 1024);
        SwitchPort to = small.attach("to", B, 24, 1024);
        UnsafeBuffer packet = TestPackets.packet(A, B, new byte[100]); // 120 bytes + 8 header = 128 per record
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            if (from.transmit(packet, 0, packet.capacity())) {
                taken++;
            }
        }
        assertEquals(8, taken, "a 1 KiB ring holds eight 128-byte records");
        assertEquals(12, small.drops(DropReason.QUEUE_FULL));
        assertEquals(12, to.inboundDrops());
        assertEquals(8, to.poll(new Collector(), 100));
        assertTrue(from.transmit(packet, 0, packet.capacity()), "space is back after the owner drained");
        UnsafeBuffer jumbo = TestPackets.packet(A, B, new byte[200]);
        assertFalse(from.transmit(jumbo, 0, jumbo.capacity()));
        assertEquals(1, small.drops(DropReason.TOO_BIG), "a record may take at most an eighth of the ring");
        small.close();
    }

    @Test
    void pollDeliversAtMostTheLimitInArrivalOrder() {
        for (int i = 0; i < 5; i++) {
            UnsafeBuffer packet = TestPackets.packet(A, B, new byte[] {(byte) i});
            a.transmit(packet, 0, packet.capacity());
        }
        Collector atB = new Collector();
        assertEquals(3, b.poll(atB, 3));
        assertEquals(2, b.poll(atB, 3));
        for (int i = 0; i < 5; i++) {
            assertEquals(i, atB.packets.get(i)[20]);
        }
    }

    @Test
    void forwardsOnlyTheTotalLengthOfAPaddedBuffer() {
        UnsafeBuffer padded = new UnsafeBuffer(new byte[64]);
        int length = TestPackets.write(padded, 0, A, B, new byte[] {5, 6});
        assertTrue(a.transmit(padded, 0, 64));
        Collector atB = new Collector();
        b.poll(atB, 1);
        assertEquals(length, atB.packets.get(0).length);
    }

    @Test
    void closedPortsNeitherSendNorReceive() {
        b.close();
        UnsafeBuffer toB = TestPackets.packet(A, B, new byte[4]);
        assertFalse(a.transmit(toB, 0, toB.capacity()));
        assertEquals(1, fabric.drops(DropReason.NO_ROUTE));
        UnsafeBuffer fromB = TestPackets.packet(B, A, new byte[4]);
        assertFalse(b.transmit(fromB, 0, fromB.capacity()));
        assertEquals(1, fabric.drops(DropReason.PORT_CLOSED));
        SwitchPort again = fabric.attach("b2", B, 24, 64 * 1024);
        assertTrue(a.transmit(toB, 0, toB.capacity()), "a closed port's address can be reused");
        assertEquals(1, again.poll(new Collector(), 10));
    }

    @Test
    void rejectsClashingOrInvalidAttachments() {
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
            () -> fabric.attach("c", A, 24, 64 * 1024));
        assertEquals("address 10.0.0.1 of port 'c' is already used by port 'a'; give each tenant its own address",
            clash.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fabric.attach("d", 0, 24, 64 * 1024));
        assertThrows(IllegalArgumentException.class, () -> fabric.attach("e", C, 33, 64 * 1024));
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class,
            () -> fabric.attach("f", C, 24, 1000));
        assertTrue(queue.getMessage().contains("power of two"), queue.getMessage());
    }

    @Test
    void deliversEveryPacketFromConcurrentSenders() throws Exception {
        Switch shared = new Switch();
        SwitchPort sink = shared.attach("sink", C, 24, 1 << 20);
        int senders = 4;
        int perSender = 2_000;
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < senders; s++) {
            int address = Endpoint.parseAddress("10.0.1." + (s + 1));
            SwitchPort port = shared.attach("s" + s, address, 24, 64 * 1024);
            Thread thread = new Thread(() -> {
                UnsafeBuffer packet = TestPackets.packet(address, C, new byte[16]);
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perSender; i++) {
                    packet.putInt(20, i, ByteOrder.BIG_ENDIAN);
                    port.transmit(packet, 0, packet.capacity());
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        int[] nextSeq = new int[senders];
        int[] received = new int[1];
        PacketSink check = (packet, offset, length) -> {
            int sender = (packet.getByte(offset + 15) & 0xFF) - 1;
            assertEquals(nextSeq[sender]++, packet.getInt(offset + 20, ByteOrder.BIG_ENDIAN), "per-sender order");
            received[0]++;
        };
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (received[0] + sink.inboundDrops() < senders * perSender && System.nanoTime() < deadline) {
            sink.poll(check, 256);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        sink.poll(check, Integer.MAX_VALUE);
        assertEquals(0, sink.inboundDrops(), "8000 records of 48 bytes fit in 1 MiB");
        assertEquals(senders * perSender, received[0]);
        assertEquals(received[0], sink.packetsReceived());
        shared.close();
    }

    private static UnsafeBuffer copy(UnsafeBuffer buffer) {
        return new UnsafeBuffer(buffer.byteArray().clone());
    }
}
