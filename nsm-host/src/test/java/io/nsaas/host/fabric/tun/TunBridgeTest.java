package io.nsaas.host.fabric.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.DropReason;
import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.TestPackets;
import io.nsaas.host.fabric.link.LinkShaping;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TunBridge} between a real {@link Switch} and a datagram pair standing in for the device. */
class TunBridgeTest {
    private static final int TENANT = Endpoint.parseAddress("10.213.0.2");
    private static final int KERNEL = Endpoint.parseAddress("10.213.0.1");
    private static final int OTHER_TENANT_SUBNET_HOST = Endpoint.parseAddress("10.213.0.9");
    private static final int ECN_MASK = 0b11;
    private static final int ECT_0 = 0b10;
    private static final int CE = 0b11;

    private final DatagramPair pair = new DatagramPair("pair0");
    private final Switch fabric = new Switch();
    private final SwitchPort tenant = fabric.attach("tenant", TENANT, 24, 64 * 1024);
    private final SwitchPort uplink = fabric.attachUplink("tun", 64 * 1024);
    private final TunBridge bridge = new TunBridge(pair.device(), uplink, 4);
    private final List<byte[]> atTenant = new ArrayList<>();
    private final PacketSink collect = (buffer, offset, length) -> {
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        atTenant.add(copy);
    };

    @AfterEach
    void close() {
        fabric.close();
        pair.close();
    }

    @Test
    void tenantPacketForAnAddressNoTenantOwnsIsWrittenToTheDevice() {
        UnsafeBuffer packet = TestPackets.packet(TENANT, KERNEL, new byte[] {1, 2, 3, 4});
        assertTrue(tenant.transmit(packet, 0, packet.capacity()));

        assertEquals(1, bridge.doWork());
        assertArrayEquals(packet.byteArray(), pair.take());
        assertEquals(1, bridge.packetsToDevice());
        assertEquals(0, bridge.packetsFromDevice());
        assertEquals(0, bridge.drops());
    }

    @Test
    void ipv4PacketFromTheDeviceReachesTheTenantThatOwnsTheDestination() {
        UnsafeBuffer packet = TestPackets.packet(KERNEL, TENANT, new byte[] {5, 6});
        pair.inject(packet, 0, packet.capacity());

        assertEquals(1, bridge.doWork());
        assertEquals(1, tenant.poll(collect, 10));
        assertArrayEquals(packet.byteArray(), atTenant.get(0));
        assertEquals(1, bridge.packetsFromDevice());
        assertEquals(0, bridge.drops());
    }

    @Test
    void ipv6PacketFromTheDeviceIsDroppedAndCounted() {
        UnsafeBuffer ipv6 = new UnsafeBuffer(new byte[48]);
        ipv6.putByte(0, (byte) 0x60);
        pair.inject(ipv6, 0, ipv6.capacity());

        assertEquals(1, bridge.doWork());
        assertEquals(0, tenant.poll(collect, 10));
        assertEquals(1, bridge.drops());
        assertEquals(1, bridge.nonIpv4Drops());
        assertEquals(0, bridge.packetsFromDevice());
    }

    @Test
    void malformedIpv4FromTheDeviceIsDroppedByTheSwitch() {
        UnsafeBuffer packet = TestPackets.packet(KERNEL, TENANT, new byte[] {5, 6});
        packet.putByte(Ipv4HeaderDescriptor.TTL_OFFSET, (byte) 1); // checksum no longer matches
        pair.inject(packet, 0, packet.capacity());

        bridge.doWork();
        assertEquals(0, tenant.poll(collect, 10));
        assertEquals(1, bridge.drops());
        assertEquals(0, bridge.nonIpv4Drops());
        assertEquals(1, fabric.drops(DropReason.BAD_CHECKSUM));
    }

    @Test
    void packetFromTheDeviceForNoTenantIsNotSentBackToTheDevice() {
        UnsafeBuffer packet = TestPackets.packet(KERNEL, OTHER_TENANT_SUBNET_HOST, new byte[] {1});
        pair.inject(packet, 0, packet.capacity());

        bridge.doWork();
        bridge.doWork();
        assertNull(pair.take());
        assertEquals(1, fabric.drops(DropReason.NO_ROUTE));
        assertEquals(1, bridge.drops());
    }

    @Test
    void movesAtMostPacketsPerCycleInEachDirection() {
        for (int i = 0; i < 6; i++) {
            UnsafeBuffer in = TestPackets.packet(KERNEL, TENANT, new byte[] {(byte) i});
            pair.inject(in, 0, in.capacity());
            UnsafeBuffer out = TestPackets.packet(TENANT, KERNEL, new byte[] {(byte) i});
            assertTrue(tenant.transmit(out, 0, out.capacity()));
        }

        assertEquals(8, bridge.doWork());
        assertEquals(4, bridge.packetsFromDevice());
        assertEquals(4, bridge.packetsToDevice());
        assertEquals(4, bridge.doWork());
        assertEquals(0, bridge.doWork());
        assertEquals(6, tenant.poll(collect, 10));
        for (int i = 0; i < 6; i++) {
            assertEquals((byte) i, atTenant.get(i)[Ipv4HeaderDescriptor.MIN_HEADER_LENGTH], "arrival order");
        }
    }

    @Test
    void deviceWithoutRoomDropsAndCountsWithEagain() {
        int sent = 0;
        while (bridge.drops() == 0 && sent < 1000) {
            UnsafeBuffer out = TestPackets.packet(TENANT, KERNEL, new byte[] {1});
            assertTrue(tenant.transmit(out, 0, out.capacity()));
            sent++;
            bridge.doWork();
        }

        assertEquals(1, bridge.drops(), "the peer never reads, so its queue must fill");
        assertEquals(sent - 1, bridge.packetsToDevice());
        assertEquals(Errno.EAGAIN, bridge.lastErrno());
    }

    @Test
    void readErrorIsCountedAndStopsTheCycle() {
        pair.device().close();
        assertEquals(0, bridge.doWork());
        assertEquals(1, bridge.deviceErrors());
        assertEquals(Errno.EBADF, bridge.lastErrno());
    }

    @Test
    void impairedBridgeHoldsEachDirectionForTheDelay() {
        CachedNanoClock clock = new CachedNanoClock();
        TunBridge impaired = new TunBridge(pair.device(), uplink, 4, new Impairment(5_000_000, 0, 0, 0, 1), clock);
        UnsafeBuffer out = TestPackets.packet(TENANT, KERNEL, new byte[] {1});
        UnsafeBuffer in = TestPackets.packet(KERNEL, TENANT, new byte[] {2});
        assertTrue(tenant.transmit(out, 0, out.capacity()));
        pair.inject(in, 0, in.capacity());

        impaired.doWork();
        clock.update(4_999_999);
        impaired.doWork();
        assertNull(pair.take());
        assertEquals(0, tenant.poll(collect, 10));
        assertEquals(1, impaired.toDeviceImpairment().heldPackets());
        assertEquals(1, impaired.fromDeviceImpairment().heldPackets());

        clock.update(5_000_000);
        assertEquals(2, impaired.doWork());
        assertArrayEquals(out.byteArray(), pair.take());
        assertEquals(1, tenant.poll(collect, 10));
        assertArrayEquals(in.byteArray(), atTenant.get(0));
        assertEquals(1, impaired.packetsToDevice());
        assertEquals(1, impaired.packetsFromDevice());
    }

    @Test
    void impairedBridgeWithCertainLossPassesNothingAndCountsBothDirections() {
        TunBridge impaired = new TunBridge(pair.device(), uplink, 4, new Impairment(0, 1.0, 0, 0, 1), new CachedNanoClock());
        UnsafeBuffer out = TestPackets.packet(TENANT, KERNEL, new byte[] {1});
        UnsafeBuffer in = TestPackets.packet(KERNEL, TENANT, new byte[] {2});
        assertTrue(tenant.transmit(out, 0, out.capacity()));
        pair.inject(in, 0, in.capacity());

        impaired.doWork();
        impaired.doWork();
        assertNull(pair.take());
        assertEquals(0, tenant.poll(collect, 10));
        assertEquals(1, impaired.toDeviceImpairment().lossDrops());
        assertEquals(1, impaired.fromDeviceImpairment().lossDrops());
    }

    @Test
    void shapedBridgeSerializesAtTheRateAndMarksEctPacketsQueuedAtTheThreshold() {
        CachedNanoClock clock = new CachedNanoClock();
        // 8 Mbit/s: one byte per microsecond; K = 1: a packet that finds one or more queued is marked
        TunBridge shaped = new TunBridge(pair.device(), uplink, 4, Impairment.NONE, new LinkShaping(8_000_000L, 10, 1), clock);
        UnsafeBuffer[] sent = new UnsafeBuffer[3];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = TestPackets.packet(TENANT, KERNEL, new byte[80]);
            sent[i].putByte(1, (byte) ECT_0);
            TestPackets.fixChecksum(sent[i], 0);
            assertTrue(tenant.transmit(sent[i], 0, sent[i].capacity()));
        }
        long serialization = sent[0].capacity() * 1_000L;

        shaped.doWork();
        assertNull(pair.take(), "nothing is out before the first packet is serialized");
        clock.update(serialization);
        shaped.doWork();
        byte[] first = pair.take();
        assertEquals(ECT_0, first[1] & ECN_MASK, "the first packet found the queue empty: not marked");
        assertNull(pair.take(), "the second is still being serialized");
        clock.update(3 * serialization);
        shaped.doWork();
        assertEquals(CE, pair.take()[1] & ECN_MASK, "the second found one packet queued");
        assertEquals(CE, pair.take()[1] & ECN_MASK, "the third found two");
        assertEquals(2, shaped.toDeviceImpairment().ceMarks());
        assertEquals(3, shaped.packetsToDevice());
    }

    @Test
    void unimpairedBridgeHasNoStagesAndAnImpairmentNeedsAClock() {
        assertNull(bridge.toDeviceImpairment());
        assertNull(bridge.fromDeviceImpairment());
        IllegalArgumentException noClock = assertThrows(IllegalArgumentException.class,
            () -> new TunBridge(pair.device(), uplink, 4, new Impairment(0, 0.5, 0, 0, 1), null));
        assertTrue(noClock.getMessage().contains("no clock"), noClock.getMessage());
        IllegalArgumentException shapedNoClock = assertThrows(IllegalArgumentException.class,
            () -> new TunBridge(pair.device(), uplink, 4, Impairment.NONE, new LinkShaping(1_000_000L, 10, 1), null));
        assertTrue(shapedNoClock.getMessage().contains("no clock"), shapedNoClock.getMessage());
    }

    @Test
    void refusesATenantPortAndANonPositiveBound() {
        IllegalArgumentException tenantPort = assertThrows(IllegalArgumentException.class,
            () -> new TunBridge(pair.device(), tenant, 4));
        assertTrue(tenantPort.getMessage().contains("is a tenant port"));
        assertThrows(IllegalArgumentException.class, () -> new TunBridge(pair.device(), uplink, 0));
        assertEquals("tun-bridge-pair0", bridge.roleName());
    }
}
