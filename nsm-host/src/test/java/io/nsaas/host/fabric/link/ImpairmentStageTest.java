package io.nsaas.host.fabric.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.PacketSink;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The {@code nsaas perf --impair-*} stage: an {@link EmulatedLink} without a rate made by
 * {@link LinkSpec#of(Impairment, int, int)}, in virtual time: packets are numbered, the clock moves only
 * when the test says.
 */
class ImpairmentStageTest {
    private static final long MS = 1_000_000L;
    private static final int PACKET_BYTES = 40;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[PACKET_BYTES]);
    /** Per released packet, in release order: its number and the clock reading at release. */
    private final List<Integer> releasedNumbers = new ArrayList<>();
    private final List<Long> releasedAt = new ArrayList<>();
    private final PacketSink record = (buffer, offset, length) -> {
        assertEquals(PACKET_BYTES, length);
        releasedNumbers.add(buffer.getInt(offset));
        releasedAt.add(clock.nanoTime());
    };

    private EmulatedLink stage(Impairment settings, int slots) {
        return stage(settings, 0, slots, 1500);
    }

    private EmulatedLink stage(Impairment settings, int direction, int slots, int maxPacketBytes) {
        return new EmulatedLink("stage", LinkSpec.of(settings, direction, slots), clock, maxPacketBytes);
    }

    private boolean offer(EmulatedLink stage, int number) {
        packet.putInt(0, number);
        packet.putInt(PACKET_BYTES - 4, ~number);
        return stage.offer(packet, 0, PACKET_BYTES);
    }

    @Test
    void packetIsHeldForExactlyTheDelay() {
        EmulatedLink stage = stage(new Impairment(5 * MS, 0, 0, 0, 1), 8);
        clock.update(100 * MS);
        assertTrue(offer(stage, 7));

        clock.update(105 * MS - 1);
        assertEquals(0, stage.poll(record, 10));
        assertEquals(105 * MS, stage.nextEventNanos());

        clock.update(105 * MS);
        assertEquals(1, stage.poll(record, 10));
        assertEquals(List.of(7), releasedNumbers);
        assertEquals(0, stage.heldPackets());
        assertEquals(Long.MAX_VALUE, stage.nextEventNanos());
    }

    @Test
    void releasedBytesAreACopyOfTheOfferedOnes() {
        EmulatedLink stage = stage(new Impairment(MS, 0, 0, 0, 1), 8);
        byte[][] seen = new byte[1][];
        offer(stage, 0x01020304);
        packet.putInt(0, 0); // the caller's buffer is reused at once

        clock.update(MS);
        stage.poll((buffer, offset, length) -> {
            seen[0] = new byte[length];
            buffer.getBytes(offset, seen[0]);
        }, 1);

        UnsafeBuffer copy = new UnsafeBuffer(seen[0]);
        assertEquals(0x01020304, copy.getInt(0));
        assertEquals(~0x01020304, copy.getInt(PACKET_BYTES - 4));
    }

    @Test
    void withoutReorderingPacketsLeaveInOfferOrderEachAfterTheDelay() {
        EmulatedLink stage = stage(new Impairment(3 * MS, 0, 0, 0, 1), 64);
        for (int i = 0; i < 50; i++) {
            clock.update(i * MS);
            offer(stage, i);
            stage.poll(record, 100);
        }
        for (long t = 50 * MS; t <= 60 * MS; t += MS) {
            clock.update(t);
            stage.poll(record, 100);
        }

        assertEquals(50, releasedNumbers.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, releasedNumbers.get(i));
            assertEquals(i * MS + 3 * MS, releasedAt.get(i));
        }
    }

    @Test
    void zeroDelayReleasesOnTheNextDrain() {
        EmulatedLink stage = stage(Impairment.NONE, 4);
        offer(stage, 1);

        assertEquals(1, stage.poll(record, 4));
        assertEquals(List.of(1), releasedNumbers);
    }

    @Test
    void lossRateOver100kPacketsIsCloseToTheProbability() {
        EmulatedLink stage = stage(new Impairment(0, 0.01, 0, 0, 42), 4);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (offer(stage, i)) {
                accepted++;
            }
            stage.poll(record, 4);
        }

        // Binomial(100000, 0.01): mean 1000, standard deviation 31.5; the bounds are over 3 sigma wide.
        long lost = stage.lossDrops();
        assertTrue(lost >= 900 && lost <= 1100, "lost " + lost + " of 100000 at p = 0.01");
        assertEquals(100_000, stage.offeredPackets());
        assertEquals(100_000 - lost, accepted);
        assertEquals(accepted, stage.deliveredPackets());
        assertEquals(accepted, releasedNumbers.size());
    }

    @Test
    void reorderedPacketsLeaveAtOnceAndOvertakeTheDelayedOnes() {
        EmulatedLink stage = stage(new Impairment(5 * MS, 0, 0.25, 0, 7), 64);
        long[] offeredAt = new long[200];
        for (int i = 0; i < 200; i++) {
            clock.update(i * MS);
            offeredAt[i] = clock.nanoTime();
            offer(stage, i);
            stage.poll(record, 100);
        }
        for (long t = 200 * MS; t <= 206 * MS; t += MS) {
            clock.update(t);
            stage.poll(record, 100);
        }

        assertEquals(200, releasedNumbers.size());
        int immediate = 0;
        for (int k = 0; k < releasedNumbers.size(); k++) {
            int number = releasedNumbers.get(k);
            long wait = releasedAt.get(k) - offeredAt[number];
            assertTrue(wait == 0 || wait == 5 * MS, "packet " + number + " waited " + wait + " ns");
            immediate += wait == 0 ? 1 : 0;
            if (k > 0) {
                assertTrue(releasedAt.get(k) >= releasedAt.get(k - 1), "released out of release-time order at " + k);
            }
        }
        assertEquals(stage.reorders(), immediate);
        assertTrue(immediate > 30 && immediate < 70, "reordered " + immediate + " of 200 at p = 0.25");
        assertTrue(countInversions() > 0, "no reordered packet overtook a delayed one");
    }

    private int countInversions() {
        int inversions = 0;
        for (int k = 1; k < releasedNumbers.size(); k++) {
            inversions += releasedNumbers.get(k) < releasedNumbers.get(k - 1) ? 1 : 0;
        }
        return inversions;
    }

    @Test
    void fullStageDropsArrivalsUntilAPacketIsReleased() {
        EmulatedLink stage = stage(new Impairment(MS, 0, 0, 0, 1), 4);
        for (int i = 0; i < 4; i++) {
            assertTrue(offer(stage, i));
        }

        assertFalse(offer(stage, 4));
        assertFalse(offer(stage, 5));
        assertEquals(2, stage.queueDrops());
        assertEquals(4, stage.heldPackets());

        clock.update(MS);
        assertEquals(4, stage.poll(record, 10));
        assertTrue(offer(stage, 6));
        assertEquals(List.of(0, 1, 2, 3), releasedNumbers);
    }

    @Test
    void drainReleasesAtMostTheLimit() {
        EmulatedLink stage = stage(Impairment.NONE, 16);
        for (int i = 0; i < 10; i++) {
            offer(stage, i);
        }

        assertEquals(3, stage.poll(record, 3));
        assertEquals(7, stage.heldPackets());
        assertEquals(7, stage.poll(record, 100));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), releasedNumbers);
    }

    @Test
    void duplicatedPacketLeavesTwiceBackToBack() {
        EmulatedLink stage = stage(new Impairment(0, 0, 0, 1.0, 1), 8);
        offer(stage, 1);
        offer(stage, 2);

        assertEquals(4, stage.poll(record, 10));
        assertEquals(List.of(1, 1, 2, 2), releasedNumbers);
        assertEquals(2, stage.duplicates());
    }

    @Test
    void packetLongerThanASlotIsDroppedAndCounted() {
        EmulatedLink stage = stage(Impairment.NONE, 0, 4, 32);

        assertFalse(offer(stage, 1));
        assertEquals(1, stage.sizeDrops());
        assertEquals(0, stage.poll(record, 4));
    }

    @Test
    void sameSeedGivesTheSameFateAndAnotherSeedOrDirectionAnother() {
        Impairment settings = new Impairment(2 * MS, 0.1, 0.2, 0.05, 99);
        String first = run(stage(settings, 0, 256, 1500));
        String again = run(stage(settings, 0, 256, 1500));
        String otherDirection = run(stage(settings, 1, 256, 1500));
        String otherSeed = run(stage(new Impairment(2 * MS, 0.1, 0.2, 0.05, 100), 0, 256, 1500));

        assertEquals(first, again);
        assertNotEquals(first, otherDirection);
        assertNotEquals(first, otherSeed);
    }

    /** @return the released packet numbers and times of 2000 packets, one per 100 µs */
    private String run(EmulatedLink stage) {
        releasedNumbers.clear();
        releasedAt.clear();
        for (int i = 0; i < 2000; i++) {
            clock.update(i * MS / 10);
            offer(stage, i);
            stage.poll(record, 64);
        }
        clock.update(1_000 * MS);
        stage.poll(record, 10_000);
        return releasedNumbers + " " + releasedAt;
    }

    @Test
    void offerAndDrainDoNotAllocatePerPacket() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EmulatedLink stage = stage(new Impairment(MS, 0.01, 0.25, 0.01, 5), 256);
        long[] bytes = {0};
        PacketSink count = (buffer, offset, length) -> bytes[0] += length;
        int packets = 100_000;
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < packets; i++) {
                clock.advance(10_000);
                stage.offer(packet, 0, PACKET_BYTES);
                stage.poll(count, 64);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertTrue(bytes[0] > 0);
        // One allocation per packet would be at least 16 bytes a packet; JIT and runtime noise is far less.
        assertTrue(fewest < packets, "the quietest round of " + packets + " packets allocated " + fewest + " bytes");
    }

    @Test
    void badSettingsAreRefusedNamingTheParameter() {
        assertEquals("impairment delay is -1 ns; it must be 0 or more",
            assertThrows(IllegalArgumentException.class, () -> new Impairment(-1, 0, 0, 0, 1)).getMessage());
        assertEquals("impairment loss probability 1.5 is outside [0, 1]; write e.g. 0.01 for 1 %",
            assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 1.5, 0, 0, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Impairment(MS, 0, Double.NaN, 0, 1))
            .getMessage().startsWith("impairment reorder probability NaN is outside [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Impairment(MS, 0, 0, -0.1, 1))
            .getMessage().startsWith("impairment duplicate probability -0.1 is outside [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Impairment(0, 0, 0.25, 0, 1))
            .getMessage().startsWith("impairment reorder probability 0.25 needs a delay above 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> stage(Impairment.NONE, 0))
            .getMessage().startsWith("link queueLimitPackets is 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> stage(Impairment.NONE, 0, 4, 10))
            .getMessage().startsWith("link stage: maxPacketBytes is 10"));
    }

    @Test
    void noneIsRecognisedAndDescribed() {
        assertTrue(Impairment.NONE.isNone());
        assertFalse(new Impairment(0, 0.01, 0, 0, 1).isNone());
        assertEquals("delay 5 ms, loss 0.01, reorder 0.25, duplicate 0.0, seed 3",
            new Impairment(5 * MS, 0.01, 0.25, 0, 3).describe());
    }
}
