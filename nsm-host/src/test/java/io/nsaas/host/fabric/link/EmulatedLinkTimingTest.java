package io.nsaas.host.fabric.link;

import static io.nsaas.host.fabric.link.LinkDriver.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate, delay, drop-tail, utilization and the pcap tap of {@link EmulatedLink}, in virtual time. */
class EmulatedLinkTimingTest {
    private static final long GBPS = 1_000_000_000L;
    private static final long US = 1_000L;

    private final LinkDriver driver = new LinkDriver();

    @TempDir
    Path dir;

    @Test
    void backToBackFullPacketsLeaveEvery12MicrosecondsAt1Gbps() {
        EmulatedLink link = driver.link(spec(GBPS, 0, 100));
        for (int i = 0; i < 10; i++) {
            assertTrue(driver.offer(link, i, 1500));
        }
        assertEquals(12 * US, link.nextEventNanos());

        driver.runUntilIdle(link);

        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), driver.numbers);
        for (int i = 0; i < 10; i++) {
            assertEquals((i + 1) * 12 * US, driver.times.get(i), "packet " + i);
        }
    }

    @Test
    void backToBackFullPacketsLeaveEvery1200MicrosecondsAt10Mbps() {
        EmulatedLink link = driver.link(spec(10_000_000L, 0, 100));
        driver.clock.update(7);
        for (int i = 0; i < 5; i++) {
            driver.offer(link, i, 1500);
        }
        driver.runUntilIdle(link);

        for (int i = 0; i < 5; i++) {
            assertEquals(7 + (i + 1) * 1_200 * US, driver.times.get(i), "packet " + i);
        }
    }

    @Test
    void aRateThatDoesNotDivideTheBitsRoundsEachDepartureUpWithoutDrift() {
        long rate = 7_000_000L; // 1500 bytes take 1714285.714... ns
        EmulatedLink link = driver.link(spec(rate, 0, 2000));
        for (int i = 0; i < 1000; i++) {
            driver.offer(link, i, 1500);
        }
        driver.runUntilIdle(link);

        for (int k = 1; k <= 1000; k++) {
            long exactNumerator = k * 1500L * 8 * 1_000_000_000L;
            long ceiling = (exactNumerator + rate - 1) / rate;
            assertEquals(ceiling, driver.times.get(k - 1), "packet " + k);
        }
    }

    @Test
    void propagationDelayIsAddedAfterTheLastBitLeaves() {
        EmulatedLink link = driver.link(spec(GBPS, 50 * US, 10));
        driver.clock.update(100);
        driver.offer(link, 1, 1500);

        assertEquals(100 + 12 * US, link.nextEventNanos(), "first event: transmission done");
        driver.clock.update(100 + 12 * US);
        assertEquals(0, link.poll(driver, 10));
        assertEquals(0, link.queuePackets());
        assertEquals(1, link.inFlightPackets());
        assertEquals(100 + 62 * US, link.nextEventNanos());

        driver.clock.update(100 + 62 * US - 1);
        assertEquals(0, link.poll(driver, 10));
        driver.clock.update(100 + 62 * US);
        assertEquals(1, link.poll(driver, 10));
        assertEquals(Long.MAX_VALUE, link.nextEventNanos());
    }

    @Test
    void aPacketArrivingAtAnIdleLinkStartsAtOnceAndOneArrivingAtABusyLinkWaits() {
        EmulatedLink link = driver.link(spec(GBPS, 0, 10));
        driver.offer(link, 1, 1500);          // 0 .. 12 us
        driver.clock.update(5 * US);
        driver.offer(link, 2, 500);           // waits: 12 .. 16 us
        driver.runUntil(link, 100 * US);
        driver.offer(link, 3, 1000);          // idle again: 100 .. 108 us
        driver.runUntilIdle(link);

        assertEquals(List.of(12 * US, 16 * US, 108 * US), driver.times);
    }

    @Test
    void dropTailAtThePacketLimitCountsTheOneBeingSent() {
        EmulatedLink link = driver.link(spec(10_000_000L, 0, 5));
        int accepted = 0;
        for (int i = 0; i < 8; i++) {
            accepted += driver.offer(link, i, 1500) ? 1 : 0;
        }

        assertEquals(5, accepted);
        assertEquals(3, link.queueDrops());
        assertEquals(5, link.queuePackets());
        assertEquals(7500, link.queueBytes());
        driver.clock.update(1_200 * US);      // the first is out: one place is free
        link.poll(driver, 10);
        assertTrue(driver.offer(link, 8, 1500));
        assertFalse(driver.offer(link, 9, 1500));
        driver.runUntilIdle(link);
        assertEquals(List.of(0, 1, 2, 3, 4, 8), driver.numbers);
    }

    @Test
    void dropTailAtTheByteLimitRefusesAPacketThatWouldNotFit() {
        LinkSpec bytes = new LinkSpec(10_000_000L, 0, LinkSpec.NONE, 3000, LinkSpec.NONE, LinkSpec.NONE, 0, 0, 0, 0, 1);
        EmulatedLink link = driver.link(bytes);

        assertTrue(driver.offer(link, 0, 1000));
        assertTrue(driver.offer(link, 1, 1500));
        assertFalse(driver.offer(link, 2, 501), "2500 + 501 > 3000");
        assertTrue(driver.offer(link, 3, 500), "2500 + 500 == 3000");
        assertFalse(driver.offer(link, 4, 24));
        assertEquals(2, link.queueDrops());
        assertEquals(3000, link.queueBytes());
    }

    @Test
    void packetsLongerThanTheMtuOrEmptyAreQueueDrops() {
        EmulatedLink link = driver.link(spec(GBPS, 0, 10));

        assertFalse(driver.offer(link, 0, 1501));
        assertFalse(link.offer(driver.packet(1, 40, 0), 0, 0));
        assertEquals(2, link.sizeDrops());
        assertEquals(2, link.queueDrops());
        assertEquals(0, LinkDriver.conservationError(link));
    }

    @Test
    void busyTimeCountsOnlyTheBitsAlreadySentAndNeverExceedsTheTimeElapsed() {
        EmulatedLink link = driver.link(spec(7_000_000L, 0, 1000));
        for (int i = 0; i < 100; i++) {
            driver.offer(link, i, 1500);
        }
        driver.clock.update(1_000_000);
        assertEquals(1_000_000, link.busyNanos(), "saturated since 0");

        driver.runUntilIdle(link);
        long end = driver.clock.nanoTime();
        assertEquals(171_428_571, link.busyNanos(), "100 * 12000 bits at 7 Mbit/s, rounded down");
        assertTrue(link.busyNanos() <= end);
        driver.clock.update(end + 1_000_000_000L);
        assertEquals(171_428_571, link.busyNanos(), "idle time is not busy");
    }

    @Test
    void utilizationStaysAtOrBelowOneUnderARandomWorkload() {
        EmulatedLink link = driver.link(spec(100_000_000L, 10 * US, 50));
        java.util.SplittableRandom workload = new java.util.SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            driver.runUntil(link, driver.clock.nanoTime() + workload.nextInt(200 * (int) US));
            driver.offer(link, i, 40 + workload.nextInt(1461));
            assertTrue(link.busyNanos() <= driver.clock.nanoTime(), "busy above elapsed at packet " + i);
        }
        assertTrue(link.busyNanos() > driver.clock.nanoTime() / 4, "the workload keeps the link busy a good part of the time");
    }

    @Test
    void tapRecordsEachPacketOnceAtItsDepartureAsTransmitted() throws IOException {
        Path file = dir.resolve("link.pcap");
        LinkSpec duplicating = new LinkSpec(GBPS, 50 * US, 10, LinkSpec.NONE, LinkSpec.NONE, LinkSpec.NONE, 0, 1.0, 0, 0, 1);
        EmulatedLink link = driver.link(duplicating);
        try (PcapWriter pcap = PcapWriter.open(file, driver.clock, 0)) {
            link.tap(pcap);
            driver.offer(link, 1, 1500);
            byte[] first = new byte[1500];
            driver.packet(1, 1500, 0).getBytes(0, first);
            driver.offer(link, 2, 1000);
            driver.runUntilIdle(link);
            link.tap(null);
            driver.offer(link, 3, 100);
            driver.runUntilIdle(link);
            assertEquals(2, pcap.packetsWritten());

            pcap.flush();
            ByteBuffer records = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            records.position(PcapWriter.FILE_HEADER_LENGTH);
            assertEquals(0, records.getInt());
            assertEquals(12 * US, records.getInt(), "stamped when the last bit left the queue");
            assertEquals(1500, records.getInt());
            assertEquals(1500, records.getInt());
            byte[] recorded = new byte[1500];
            records.get(recorded);
            assertArrayEquals(first, recorded);
            assertEquals(0, records.getInt());
            assertEquals(20 * US, records.getInt());
            assertEquals(1000, records.getInt());
        }
        assertEquals(6, driver.numbers.size(), "each of the three packets arrived twice");
    }
}
