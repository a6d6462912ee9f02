package io.nsaas.host.fabric.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.tun.TcpSegments.Segment;
import io.nsaas.spi.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real kernel through a TUN device made with {@code ip tuntap add}: needs root and
 * {@code /dev/net/tun} (skipped otherwise, with the reason). Traffic only ever goes between the
 * kernel's 10.213.X.1 on the test device and the test's 10.213.X.2 behind it.
 */
class TunKernelTest {
    private static final int PEER_PORT = 40000;
    private static final int ISN = 0x1234_5678;
    private static final long DEADLINE_NANOS = 5_000_000_000L;

    private KernelTunFixture fixture;
    private TunDevice device;
    private final UnsafeBuffer packet = new UnsafeBuffer(BufferUtil.allocateDirectAligned(65536, 64));

    @AfterEach
    void tearDown() {
        try {
            if (device != null) {
                device.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    private void openDevice(int mtu) {
        fixture = KernelTunFixture.create(mtu);
        device = TunDevice.open(fixture.name);
        assertTrue(device.awaitLinkUp(5000), "the kernel did not bring " + fixture.name + " up within 5 s");
    }

    @Test
    void attachesToDeviceMadeWithIpTuntapAndReportsItsMtu() {
        openDevice(1400);
        assertEquals(fixture.name, device.name());
        assertEquals(1400, device.mtu());
    }

    @Test
    void kernelAnswersSynToListeningPortWithSynAck() throws IOException {
        openDevice(1500);
        try (ServerSocket server = listenOnKernelSide()) {
            int length = TcpSegments.writeSyn(packet, fixture.peerAddress, PEER_PORT, fixture.kernelAddress,
                server.getLocalPort(), ISN);
            assertEquals(length, device.write(packet, 0, length));

            Segment reply = awaitSegment(s -> s.destinationPort() == PEER_PORT && s.sourcePort() == server.getLocalPort());
            assertTrue(reply.has(TcpSegments.SYN | TcpSegments.ACK), "flags " + Integer.toHexString(reply.flags()));
            assertEquals(fixture.kernelAddress, reply.source());
            assertEquals(fixture.peerAddress, reply.destination());
            assertEquals(ISN + 1, reply.ack());
            assertTrue(reply.checksumOk());
        }
    }

    @Test
    void kernelAnswersSynToClosedPortWithRst() throws IOException {
        openDevice(1500);
        int closedPort;
        try (ServerSocket probe = listenOnKernelSide()) {
            closedPort = probe.getLocalPort();
        }
        int length = TcpSegments.writeSyn(packet, fixture.peerAddress, PEER_PORT, fixture.kernelAddress, closedPort, ISN);
        assertEquals(length, device.write(packet, 0, length));

        Segment reply = awaitSegment(s -> s.destinationPort() == PEER_PORT && s.sourcePort() == closedPort);
        assertTrue(reply.has(TcpSegments.RST | TcpSegments.ACK), "flags " + Integer.toHexString(reply.flags()));
        assertFalse(reply.has(TcpSegments.SYN));
        assertEquals(ISN + 1, reply.ack());
    }

    @Test
    void bridgeCarriesTenantSynToKernelAndSynAckBackToTenant() throws IOException {
        openDevice(1500);
        try (Switch fabric = new Switch(); ServerSocket server = listenOnKernelSide()) {
            SwitchPort tenant = fabric.attach("tenant", fixture.peerAddress, 24, Switch.DEFAULT_QUEUE_BYTES);
            SwitchPort uplink = fabric.attachUplink("tun", Switch.DEFAULT_QUEUE_BYTES);
            TunBridge bridge = new TunBridge(device, uplink, 8);
            UnsafeBuffer syn = new UnsafeBuffer(new byte[64]);
            int length = TcpSegments.writeSyn(syn, fixture.peerAddress, PEER_PORT, fixture.kernelAddress,
                server.getLocalPort(), ISN);
            assertTrue(tenant.transmit(syn, 0, length));

            List<Segment> atTenant = new ArrayList<>();
            PacketSink collect = (buffer, offset, len) -> atTenant.add(TcpSegments.parse(buffer, offset, len));
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (atTenant.isEmpty() && System.nanoTime() < deadline) {
                if (bridge.doWork() + tenant.poll(collect, 8) == 0) {
                    pause();
                }
            }

            assertEquals(1, atTenant.size(), "the tenant should receive the kernel's SYN-ACK");
            Segment reply = atTenant.get(0);
            assertNotNull(reply);
            assertTrue(reply.has(TcpSegments.SYN | TcpSegments.ACK));
            assertEquals(server.getLocalPort(), reply.sourcePort());
            assertEquals(PEER_PORT, reply.destinationPort());
            assertEquals(ISN + 1, reply.ack());
            assertEquals(1, bridge.packetsToDevice());
            assertTrue(bridge.packetsFromDevice() >= 1);
        }
    }

    @Test
    void secondOpenOfAnAttachedDeviceSaysItIsBusy() {
        openDevice(1500);
        TunException e = assertThrows(TunException.class, () -> TunDevice.open(fixture.name).close());
        assertEquals("TUN device " + fixture.name + " is busy: another process has it open; stop that process or use"
            + " another device", e.getMessage());
    }

    @Test
    void openingALoopbackInterfaceSaysItIsNotATunDevice() {
        KernelTunFixture.assumeRootWithTun();
        TunException e = assertThrows(TunException.class, () -> TunDevice.open("lo").close());
        assertTrue(e.getMessage().startsWith("device lo exists and is not a TUN device"), e.getMessage());
    }

    @Test
    void createsADeviceThatDoesNotExistAndItDisappearsOnClose() {
        KernelTunFixture.assumeRootWithTun();
        String name = String.format("nsaasTC%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        Path sysfs = Path.of("/sys/class/net", name);
        try {
            try (TunDevice created = TunDevice.open(name)) {
                assertEquals(name, created.name());
                assertTrue(Files.exists(sysfs), "the kernel should list " + name);
            }
            assertFalse(Files.exists(sysfs), "a device the host created is not persistent");
        } finally {
            if (Files.exists(sysfs)) {
                KernelTunFixture.ip("link", "del", "dev", name);
            }
        }
    }

    @Test
    void awaitLinkUpTimesOutWhileTheInterfaceIsAdministrativelyDown() {
        openDevice(1500);
        KernelTunFixture.ip("link", "set", "dev", fixture.name, "down");
        assertFalse(device.awaitLinkUp(50));
    }

    @Test
    void readReturnsZeroWhenNoPacketIsWaitingAndEbadfAfterClose() {
        openDevice(1500);
        KernelTunFixture.ip("link", "set", "dev", fixture.name, "down"); // no IPv6 chatter while we look
        drain();
        assertEquals(0, device.read(packet, 0, packet.capacity()));
        device.close();
        assertEquals(-io.nsaas.spi.Errno.EBADF, device.read(packet, 0, packet.capacity()));
    }

    private ServerSocket listenOnKernelSide() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(Endpoint.formatAddress(fixture.kernelAddress)), 0));
        return server;
    }

    private void drain() {
        while (device.read(packet, 0, packet.capacity()) > 0) {
            // discard
        }
    }

    /** @return the first TCP segment read from the device that {@code wanted} accepts; fails after 5 s */
    private Segment awaitSegment(Predicate<Segment> wanted) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            int n = device.read(packet, 0, packet.capacity());
            assertTrue(n >= 0, "read failed: " + n);
            if (n == 0) {
                pause();
                continue;
            }
            Segment segment = TcpSegments.parse(packet, 0, n);
            if (segment != null && wanted.test(segment)) {
                return segment;
            }
        }
        throw new AssertionError("no matching segment from the kernel within 5 s");
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
