package io.nsaas.conformance.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.Requirement;
import io.nsaas.conformance.StackTck;
import io.nsaas.host.sim.BottleneckSpec;
import io.nsaas.host.sim.FlowSpec;
import io.nsaas.host.sim.FlowSummary;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Simulator fault runs: the stack under test moves a 2 MB transfer over an emulated 50 Mbps, 10 ms RTT
 * bottleneck that loses, reorders, duplicates or corrupts packets at random (each fault alone, then
 * all together), with fixed seeds in virtual time. Every byte must arrive intact and in order (the
 * simulator's receiver verifies the pattern), the transfer must finish, and where the fault destroys
 * segments the sender must have retransmitted them.
 *
 * <p>Also: two runs of one scenario and seed must be identical, as the SPI requires stacks to take
 * time and randomness only from their {@code StackHost}.
 *
 * <p>Packet-level stacks only: a socket-level stack uses the host's sockets, which the simulator
 * cannot put on an emulated link, so every test here skips for it.
 */
public abstract class FaultRunTck extends StackTck {
    /** Bytes each run transfers. */
    static final long TRANSFER_BYTES = 2_000_000;
    private static final long DURATION_NANOS = 6_000 * PathRun.MS;
    private static final BottleneckSpec PATH = PathRun.dropTail(50 * PathRun.MBPS, 5 * PathRun.MS, 64);

    private void requirePacketLevel() {
        Assumptions.assumeTrue(descriptor().packetLevel(), () -> "skipped: stack " + descriptor().id()
            + " is socket-level (it uses host sockets), so the simulator cannot run it on an emulated link");
    }

    /** Runs the transfer with the faults and checks that it completed intact; returns flow 0's summary. */
    private FlowSummary transferIntact(String name, long seed, double loss, double duplicate, double reorder,
                                       double corrupt) {
        requirePacketLevel();
        PathRun run = new PathRun(name, seed, DURATION_NANOS, PathRun.withFaults(PATH, loss, duplicate, reorder, corrupt),
            TRANSFER_BYTES, 1);
        FlowSummary flow = run.run(plugin().registry(), plugin().stack().pluginId()).flow(0);
        String where = name + " (seed " + seed + ", loss " + loss + ", duplicate " + duplicate + ", reorder " + reorder
            + ", corrupt " + corrupt + ")";
        assertEquals(FlowSummary.OK, flow.integrity(), where + ": the receiver must read all " + TRANSFER_BYTES
            + " bytes intact and in order within " + DURATION_NANOS / PathRun.MS + " ms of virtual time, but the "
            + "transfer is " + flow.integrity() + " after " + flow.bytesDelivered() + " bytes");
        assertEquals(TRANSFER_BYTES, flow.bytesDelivered(), where + ": bytes delivered");
        return flow;
    }

    @Test
    @Requirement({"RFC9293-3.8", "RFC6298-5"})
    void required_randomLossIsRepairedByRetransmission() {
        FlowSummary flow = transferIntact("random-loss", 11, 0.02, 0, 0, 0);
        assertTrue(flow.retransmits() > 0, "random-loss: the link dropped 2% of the data segments, so the sender must "
            + "have retransmitted some, but it reports " + flow.retransmits() + " retransmissions");
    }

    @Test
    @Requirement({"RFC9293-3.10.7.4"})
    void required_reorderedSegmentsAreDeliveredInOrder() {
        transferIntact("reordering", 12, 0, 0, 0.05, 0);
    }

    @Test
    @Requirement({"RFC9293-3.10.7.4", "RFC9293-3.4"})
    void required_duplicatedSegmentsAreDeliveredOnce() {
        transferIntact("duplication", 13, 0, 0.05, 0, 0);
    }

    @Test
    @Requirement({"RFC9293-MUST-2", "RFC9293-MUST-3", "RFC9293-3.8"})
    void required_corruptedSegmentsAreDiscardedByChecksumAndRetransmitted() {
        FlowSummary flow = transferIntact("corruption", 14, 0, 0, 0, 0.02);
        assertTrue(flow.retransmits() > 0, "corruption: the link flipped a bit in 2% of the packets; a receiver that "
            + "checks the checksum discards those segments, so the sender must have retransmitted some, but it reports "
            + flow.retransmits() + " retransmissions");
    }

    @Test
    @Requirement({"RFC9293-MUST-2", "RFC9293-MUST-3", "RFC9293-3.8", "RFC9293-3.4", "RFC9293-3.10.7.4", "RFC6298-5"})
    void required_allFaultsTogetherStillDeliverEveryByteIntact() {
        FlowSummary flow = transferIntact("all-faults", 15, 0.01, 0.02, 0.02, 0.01);
        assertTrue(flow.retransmits() > 0, "all-faults: lost and corrupted segments must have been retransmitted, but "
            + "the sender reports " + flow.retransmits() + " retransmissions");
    }

    @Test
    @Requirement({"SC-SPI-DETERMINISTIC"})
    void required_sameSeedGivesTheSameRunTwice() {
        requirePacketLevel();
        PathRun run = new PathRun("determinism", 16, DURATION_NANOS / 4,
            PathRun.withFaults(PATH, 0.01, 0.02, 0.02, 0.01), FlowSpec.BULK, 2);
        PathRun.Outcome first = run.run(plugin().registry(), plugin().stack().pluginId());
        PathRun.Outcome second = run.run(plugin().registry(), plugin().stack().pluginId());
        String why = "the stack must take time and randomness only from its StackHost (virtual clock, seeded random), "
            + "so two runs of one scenario and seed are identical; ";
        assertEquals(first.summary().withWallSeconds(0), second.summary().withWallSeconds(0), why + "the summaries differ");
        int difference = first.samples().firstDifference(second.samples());
        assertEquals(-1, difference, why + "flow 0's TcpInfo samples first differ at sample " + difference);
    }
}
