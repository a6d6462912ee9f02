package io.nsaas.host.fabric.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.TestPackets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A tenant port behind an access link, driven by polls on a virtual clock as an NSM duty cycle drives it. */
class AccessLinkPortTest {
    private static final int A = 0x0A00_0001;
    private static final int B = 0x0A00_0002;
    private static final long MS = 1_000_000;
    private static final long MBPS = 1_000_000;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final Switch fabric = new Switch();
    private final SwitchPort direct = fabric.attach("vm-b", B, 24, Switch.DEFAULT_QUEUE_BYTES);
    private final List<Long> arrivals = new ArrayList<>();
    private final PacketSink recorder = (DirectBuffer packet, int offset, int length) -> arrivals.add(clock.nanoTime());

    @AfterEach
    void close() {
        fabric.close();
    }

    private static LinkProfile profile(long rate, long delay, int bufferPackets, double loss) {
        return new LinkProfile(rate, delay, bufferPackets, LinkSpec.NONE, LinkSpec.NONE, LinkSpec.NONE, loss, 0, 0, 0, 1500);
    }

    private AccessLinkPort linked(LinkProfile profile, long seed) {
        return new AccessLinkPort(fabric.attach("vm-a", A, 24, Switch.DEFAULT_QUEUE_BYTES), profile, seed, clock);
    }

    private static DirectBuffer packet(int from, int to, int length) {
        return TestPackets.packet(from, to, new byte[length - 20]);
    }

    @Test
    void aPacketReachesTheSwitchOnlyAfterTheDelayAndOnlyWhenTheOwnerPolls() {
        AccessLinkPort port = linked(profile(LinkSpec.UNLIMITED_RATE, 5 * MS, 100, 0), 7);

        assertTrue(port.transmit(packet(A, B, 100), 0, 100));
        clock.update(5 * MS - 1);
        port.poll(recorder, 64);
        assertEquals(0, direct.poll(recorder, 64), "not due yet");

        clock.update(5 * MS);
        assertEquals(0, direct.poll(recorder, 64), "due, but nobody polled the access port: nothing moves by itself");
        port.poll(recorder, 64);
        assertEquals(1, direct.poll(recorder, 64));
        assertEquals(List.of(5 * MS), arrivals);
        assertEquals(1, port.packetsSent());
    }

    @Test
    void aPacketFromTheSwitchReachesTheTenantAfterTheDelay() {
        AccessLinkPort port = linked(profile(LinkSpec.UNLIMITED_RATE, 5 * MS, 100, 0), 7);

        assertTrue(direct.transmit(packet(B, A, 100), 0, 100));
        clock.update(1 * MS);
        assertEquals(0, port.poll(recorder, 64), "taken off the switch queue at 1 ms, due at 6 ms");
        clock.update(6 * MS - 1);
        assertEquals(0, port.poll(recorder, 64));
        clock.update(6 * MS);
        assertEquals(1, port.poll(recorder, 64));
        assertEquals(List.of(6 * MS), arrivals);
        assertEquals(1, port.packetsReceived());
        assertEquals(1, port.fromSwitch().deliveredPackets());
    }

    @Test
    void theRateSpacesPacketsAndTheBufferDropsTheExcess() {
        // 8 Mbit/s: a 1000-byte packet takes 1 ms; 3 packets of buffer
        AccessLinkPort port = linked(profile(8 * MBPS, 0, 3, 0), 7);
        int accepted = 0;
        for (int i = 0; i < 5; i++) {
            accepted += port.transmit(packet(A, B, 1000), 0, 1000) ? 1 : 0;
        }
        assertEquals(3, accepted);
        assertEquals(2, port.toSwitch().queueDrops());
        for (long t = 0; t <= 4 * MS; t += MS / 4) {
            clock.update(t);
            port.poll(recorder, 64);
            direct.poll(recorder, 64);
        }
        assertEquals(List.of(1 * MS, 2 * MS, 3 * MS), arrivals);
    }

    @Test
    void aFullInboundLinkCountsAsAnInboundDrop() {
        AccessLinkPort port = linked(profile(8 * MBPS, 0, 2, 0), 7);
        for (int i = 0; i < 5; i++) {
            assertTrue(direct.transmit(packet(B, A, 1000), 0, 1000));
        }

        port.poll(recorder, 64);

        assertEquals(3, port.inboundDrops());
        assertEquals(3, port.fromSwitch().queueDrops());
    }

    @Test
    void lossIsDrawnFromTheSeedSoTheSameSeedLosesTheSamePackets() {
        assertEquals(lossPattern(42), lossPattern(42));
        assertNotEquals(lossPattern(42), lossPattern(43));
    }

    private List<Boolean> lossPattern(long seed) {
        Switch other = new Switch();
        try {
            AccessLinkPort port = new AccessLinkPort(other.attach("vm-a", A, 24, Switch.DEFAULT_QUEUE_BYTES),
                profile(LinkSpec.UNLIMITED_RATE, 0, 1000, 0.5), seed, clock);
            List<Boolean> taken = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                taken.add(port.transmit(packet(A, B, 100), 0, 100));
            }
            return taken;
        } finally {
            other.close();
        }
    }

    @Test
    void theTwoDirectionsDrawFromDifferentStreams() {
        LinkProfile profile = profile(LinkSpec.UNLIMITED_RATE, 0, 100, 0.5);

        assertNotEquals(profile.spec(9, AccessLinkPort.TO_SWITCH).seed(), profile.spec(9, AccessLinkPort.FROM_SWITCH).seed());
        assertEquals(profile.spec(9, AccessLinkPort.TO_SWITCH), profile.spec(9, AccessLinkPort.TO_SWITCH));
    }

    @Test
    void afterCloseNothingMovesAndTheSwitchPortIsDetached() {
        AccessLinkPort port = linked(profile(LinkSpec.UNLIMITED_RATE, 0, 100, 0), 7);

        port.close();

        assertFalse(port.transmit(packet(A, B, 100), 0, 100));
        assertEquals(0, port.poll(recorder, 64));
        assertTrue(port.switchPort().isClosed());
        assertFalse(direct.transmit(packet(B, A, 100), 0, 100), "the address is gone from the switch");
    }

    @Test
    void refusesTheUplinkPort() {
        SwitchPort uplink = fabric.attachUplink("tun0", Switch.DEFAULT_QUEUE_BYTES);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new AccessLinkPort(uplink, profile(LinkSpec.UNLIMITED_RATE, 0, 100, 0), 1, clock));
        assertTrue(e.getMessage().contains("uplink"), e.getMessage());
    }
}
