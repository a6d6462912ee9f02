package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Capability;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.util.EnumSet;
import java.util.Map;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

/**
 * The packet-level perf path with the toy stack: tenants on the in-host switch, and an uplink as the
 * switch's default route (a wire between two hosts standing in for the TUN device).
 */
class PacketPathTest {
    private static final NanoClock CLOCK = SystemNanoClock.INSTANCE;
    private static final long TIMEOUT = 10_000_000_000L;
    private static final int A = Endpoint.parseAddress("10.9.0.1");
    private static final int B = Endpoint.parseAddress("10.9.0.2");

    @Test
    void aClientOnOneHostSendsToAServerOnAnotherThroughBothUplinks() throws InterruptedException {
        int bytes = 3 * 1024 * 1024 + 5;
        WireUplink[] wire = WireUplink.pair();
        PerfOutcomes serverOutcomes = new PerfOutcomes();
        PerfOutcomes clientOutcomes = new PerfOutcomes();
        PerfServer server = new PerfServer(CLOCK, A, 5201, true, TIMEOUT, serverOutcomes);
        PerfClient client = new PerfClient(CLOCK, bytes, 5, Endpoint.ANY_ADDRESS, TIMEOUT, clientOutcomes);

        try (PerfHost hostA = PerfHost.builder(CLOCK).tenant("a", ToyPlugin.loaded(), A, 24, server).uplink(wire[0]).start();
             PerfHost hostB = PerfHost.builder(CLOCK).tenant("b", ToyPlugin.loaded(), B, 24, client).uplink(wire[1]).start()) {
            client.connect(Endpoint.pack(A, 5201));
            PerfOutcome sent = clientOutcomes.take(100, () -> { });
            PerfOutcome received = serverOutcomes.take(100, () -> { });

            assertTrue(sent.ok(), String.valueOf(sent.error()));
            assertTrue(received.ok(), String.valueOf(received.error()));
            String expected = ExpectedStream.sha256(bytes, 5);
            assertEquals(bytes, sent.result().bytes());
            assertEquals(expected, sent.result().sha256());
            assertEquals(bytes, received.result().bytes());
            assertEquals(expected, received.result().sha256());
            assertEquals(0, sent.result().retransmits());
            assertTrue(wire[0].packetsOut.get() > 0 && wire[1].packetsOut.get() > bytes / 1400,
                "packets crossed the wire: a->b " + wire[0].packetsOut + ", b->a " + wire[1].packetsOut);
            assertEquals(0, hostA.group().fabric().totalDrops());
            assertEquals(0, hostB.group().fabric().totalDrops());
        }
    }

    @Test
    void connectingToAPortNobodyListensOnFailsWithTheRefusal() throws InterruptedException {
        WireUplink[] wire = WireUplink.pair();
        PerfOutcomes serverOutcomes = new PerfOutcomes();
        PerfOutcomes clientOutcomes = new PerfOutcomes();
        PerfServer server = new PerfServer(CLOCK, A, 5201, true, TIMEOUT, serverOutcomes);
        PerfClient client = new PerfClient(CLOCK, 1000, 1, Endpoint.ANY_ADDRESS, TIMEOUT, clientOutcomes);

        try (PerfHost hostA = PerfHost.builder(CLOCK).tenant("a", ToyPlugin.loaded(), A, 24, server).uplink(wire[0]).start();
             PerfHost hostB = PerfHost.builder(CLOCK).tenant("b", ToyPlugin.loaded(), B, 24, client).uplink(wire[1]).start()) {
            client.connect(Endpoint.pack(A, 5999));
            PerfOutcome outcome = clientOutcomes.take(100, () -> { });

            assertTrue(outcome.fatal());
            assertEquals("cannot connect to 10.9.0.1:5999: connection refused (ECONNREFUSED)", outcome.error());
        }
    }

    @Test
    void localTransferBetweenTwoTenantsOfTheSwitchIsIntact() throws InterruptedException {
        LocalTransfer.Outcome outcome;
        long forwarded;
        try (LocalTransfer transfer = LocalTransfer.start(CLOCK, ToyPlugin.loaded(), ToyPlugin.loaded(), 2_000_000, 9,
            TIMEOUT)) {
            outcome = transfer.await(100, () -> { });
            forwarded = transfer.host().group().fabric().forwarded();
        }

        assertNull(outcome.problem());
        assertTrue(outcome.intact());
        assertEquals(ExpectedStream.sha256(2_000_000, 9), outcome.server().result().sha256());
        assertTrue(outcome.toJson().endsWith(",\"integrity\":\"ok\"}"), outcome.toJson());
        assertTrue(forwarded > 2_000_000 / 1400, "the switch forwarded " + forwarded + " packets");
    }

    @Test
    void localTransferRefusesAPacketLevelAndASocketLevelStackTogether() {
        PerfException e = assertThrows(PerfException.class,
            () -> LocalTransfer.start(CLOCK, ToyPlugin.loaded(), socketLevel(), 10, 1, TIMEOUT));

        assertEquals(PerfException.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("stack 'toy' is packet-level but stack 'sock' is socket-level"), e.getMessage());
    }

    private static LoadedStack socketLevel() {
        StackDescriptor descriptor = new StackDescriptor("sock", "1.0.0", "kernel", EnumSet.of(Capability.SOCKET_LEVEL));
        return new LoadedStack("sock", "1.0.0", new NetworkStack() {
            @Override
            public StackDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
                throw new AssertionError("never started: the levels are checked first");
            }
        });
    }
}
