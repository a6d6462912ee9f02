package io.nsaas.host.fabric.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.spi.InternetChecksum;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Random loss, duplication, reordering and corruption of {@link EmulatedLink}: rates, determinism, conservation. */
class EmulatedLinkFaultTest {
    private static final long GBPS = 1_000_000_000L;
    private static final long US = 1_000L;
    private static final int PACKETS = 100_000;

    private final LinkDriver driver = new LinkDriver();

    private static LinkSpec faults(double loss, double duplicate, double reorder, double corrupt, long seed) {
        return new LinkSpec(10 * GBPS, 20 * US, 1000, LinkSpec.NONE, LinkSpec.NONE, LinkSpec.NONE,
            loss, duplicate, reorder, corrupt, seed);
    }

    /** Offers {@link #PACKETS} packets of 100 bytes, one per microsecond (the link is never full), then drains it. */
    private EmulatedLink run(LinkSpec spec) {
        EmulatedLink link = driver.link(spec);
        for (int i = 0; i < PACKETS; i++) {
            driver.runUntil(link, i * US);
            driver.offer(link, i, 100);
        }
        driver.runUntilIdle(link);
        return link;
    }

    /** Asserts {@code count} is within 4.5 standard deviations of Binomial(n, p)'s mean. */
    private static void assertBinomial(String what, long count, long n, double p) {
        double mean = n * p;
        double slack = 4.5 * Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(count - mean) <= slack, what + " " + count + " of " + n + " at p = " + p + " (mean " + mean + ")");
    }

    @Test
    void faultRatesOver100kPacketsMatchTheirProbabilities() {
        EmulatedLink link = run(faults(0.01, 0.02, 0.05, 0.03, 11));

        assertBinomial("lost", link.lossDrops(), PACKETS, 0.01);
        long sent = PACKETS - link.lossDrops();
        assertBinomial("duplicated", link.duplicates(), sent, 0.02);
        assertBinomial("reordered", link.reorders(), sent, 0.05);
        assertBinomial("corrupted copies", link.corruptions(), sent + link.duplicates(), 0.03);
        assertEquals(0, link.queueDrops());
        assertEquals(sent + link.duplicates(), link.deliveredPackets());
        assertEquals(0, LinkDriver.conservationError(link));
    }

    @Test
    void reorderedPacketsSkipTheDelayAndOvertakeThoseStillPropagating() {
        EmulatedLink link = run(faults(0, 0, 0.1, 0, 5));

        int overtaken = 0;
        for (int k = 0; k < driver.numbers.size(); k++) {
            int number = driver.numbers.get(k);
            long wait = driver.times.get(k) - number * US;
            assertTrue(wait == 80 || wait == 80 + 20 * US, "packet " + number + " took " + wait + " ns (80 ns serialization)");
            if (k > 0) {
                assertTrue(driver.times.get(k) >= driver.times.get(k - 1), "delivered out of arrival order at " + k);
                overtaken += number < driver.numbers.get(k - 1) ? 1 : 0;
            }
        }
        assertEquals(link.reorders(), driver.numbers.size() - countDelayed());
        assertTrue(overtaken > 1000, "reordered packets overtook only " + overtaken + " times");
    }

    private long countDelayed() {
        long delayed = 0;
        for (int k = 0; k < driver.numbers.size(); k++) {
            delayed += driver.times.get(k) - driver.numbers.get(k) * US > 80 ? 1 : 0;
        }
        return delayed;
    }

    @Test
    void aDuplicateArrivesRightAfterItsOriginalWithTheSameBytes() {
        EmulatedLink link = run(faults(0, 0.5, 0, 0, 8));

        int pairs = 0;
        for (int k = 1; k < driver.numbers.size(); k++) {
            if (driver.numbers.get(k).equals(driver.numbers.get(k - 1))) {
                assertEquals(driver.times.get(k - 1), driver.times.get(k));
                assertTrue(Arrays.equals(driver.bytes.get(k - 1), driver.bytes.get(k)));
                pairs++;
            }
        }
        assertEquals(link.duplicates(), pairs);
    }

    @Test
    void everyCorruptedCopyDiffersInOneBitAndFailsAChecksum() {
        EmulatedLink link = driver.link(faults(0, 0.3, 0, 0.5, 21));
        UnsafeBuffer[] originals = new UnsafeBuffer[2000];
        for (int i = 0; i < originals.length; i++) {
            originals[i] = tcpPacket(i, 60 + i % 1400);
            driver.runUntil(link, i * US);
            link.offer(originals[i], 0, originals[i].capacity());
        }
        driver.runUntilIdle(link);

        int corrupted = 0;
        for (int k = 0; k < driver.bytes.size(); k++) {
            UnsafeBuffer got = new UnsafeBuffer(driver.bytes.get(k));
            UnsafeBuffer original = originals[numberOf(got, driver.bytes.get(k).length)];
            int bitsDifferent = bitsDifferent(original, got);
            assertTrue(bitsDifferent <= 1, "copy " + k + " differs in " + bitsDifferent + " bits");
            assertEquals(bitsDifferent == 0, checksumsVerify(got), "copy " + k + ": checksums verify only when intact");
            corrupted += bitsDifferent;
        }
        assertEquals(link.corruptions(), corrupted);
        assertBinomial("corrupted copies", corrupted, driver.bytes.size(), 0.5);
    }

    /** @return the packet number, taken from the majority of the three copies stored in the payload's tail */
    private static int numberOf(UnsafeBuffer packet, int length) {
        int a = packet.getInt(length - 12);
        int b = packet.getInt(length - 8);
        int c = packet.getInt(length - 4);
        return a == b || a == c ? a : b;
    }

    private static int bitsDifferent(UnsafeBuffer a, UnsafeBuffer b) {
        assertEquals(a.capacity(), b.capacity());
        int bits = 0;
        for (int i = 0; i < a.capacity(); i++) {
            bits += Integer.bitCount((a.getByte(i) ^ b.getByte(i)) & 0xFF);
        }
        return bits;
    }

    /** @return a valid IPv4/TCP packet (checksums right) of {@code length} bytes whose payload ends with its number three times */
    private static UnsafeBuffer tcpPacket(int number, int length) {
        UnsafeBuffer packet = new UnsafeBuffer(new byte[length]);
        byte[] payload = new byte[length - 20];
        new SplittableRandom(number).nextBytes(payload);
        io.nsaas.host.fabric.TestPackets.write(packet, 0, LinkDriver.A, LinkDriver.B, payload);
        packet.putByte(Ipv4HeaderDescriptor.PROTOCOL_OFFSET, (byte) 6);
        packet.putByte(20 + 12, (byte) 0x50); // data offset 5 words
        for (int i = 1; i <= 3; i++) {
            packet.putInt(length - 4 * i, number);
        }
        io.nsaas.host.fabric.TestPackets.fixChecksum(packet, 0);
        packet.putShort(20 + 16, (short) 0);
        packet.putShort(20 + 16, (short) InternetChecksum.fold(tcpSum(packet)), ByteOrder.BIG_ENDIAN);
        assertTrue(checksumsVerify(packet));
        return packet;
    }

    /** @return the unfolded sum of the TCP pseudo-header (RFC 9293 section 3.1) and segment */
    private static long tcpSum(DirectBuffer packet) {
        int segment = Ipv4HeaderDescriptor.totalLength(packet, 0) - 20;
        long pseudo = InternetChecksum.sum(packet, Ipv4HeaderDescriptor.SOURCE_OFFSET, 8, 0) + 6 + segment;
        return InternetChecksum.sum(packet, 20, segment, pseudo);
    }

    private static boolean checksumsVerify(DirectBuffer packet) {
        return Ipv4HeaderDescriptor.checksum(packet, 0, 20) == 0 && InternetChecksum.fold(tcpSum(packet)) == 0;
    }

    @Test
    void sameSeedRepeatsExactlyAndAnotherSeedDiffers() {
        String first = fingerprint(faults(0.05, 0.05, 0.1, 0.05, 77));
        String again = fingerprint(faults(0.05, 0.05, 0.1, 0.05, 77));
        String otherSeed = fingerprint(faults(0.05, 0.05, 0.1, 0.05, 78));

        assertEquals(first, again);
        assertNotEquals(first, otherSeed);
    }

    private String fingerprint(LinkSpec spec) {
        driver.clear();
        driver.clock.update(0);
        EmulatedLink link = driver.link(spec);
        for (int i = 0; i < 20_000; i++) {
            driver.runUntil(link, i * US);
            driver.offer(link, i, 100);
        }
        driver.runUntilIdle(link);
        int hash = 1;
        for (byte[] bytes : driver.bytes) {
            hash = 31 * hash + Arrays.hashCode(bytes);
        }
        return driver.numbers.hashCode() + " " + driver.times.hashCode() + " " + hash + " " + link.describeCounters();
    }

    @Test
    void conservationHoldsAtEveryStepOfRandomSeededWorkloads() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom workload = new SplittableRandom(seed);
            boolean bytesLimit = seed % 2 == 0;
            LinkSpec spec = new LinkSpec(50_000_000L + workload.nextLong(1_000_000_000L), workload.nextLong(100 * US),
                bytesLimit ? LinkSpec.NONE : 1 + workload.nextInt(100), bytesLimit ? 1 + workload.nextInt(100_000) : LinkSpec.NONE,
                workload.nextInt(30), LinkSpec.NONE,
                workload.nextDouble(0.1), workload.nextDouble(0.1), workload.nextDouble(0.3), workload.nextDouble(0.1), seed);
            EmulatedLink link = driver.link(spec);
            for (int i = 0; i < 20_000; i++) {
                long now = driver.clock.nanoTime();
                driver.runUntil(link, now + workload.nextLong(30 * US));
                int burst = 1 + workload.nextInt(8);
                for (int b = 0; b < burst; b++) {
                    driver.offer(link, i, 24 + workload.nextInt(1477), workload.nextInt(4));
                    assertEquals(0, LinkDriver.conservationError(link), "seed " + seed + " packet " + i);
                }
                assertTrue(link.busyNanos() <= driver.clock.nanoTime());
            }
            driver.runUntilIdle(link);
            assertEquals(0, LinkDriver.conservationError(link), "seed " + seed);
            assertEquals(0, link.heldPackets(), "seed " + seed);
            assertEquals(0, link.storageDrops(), "seed " + seed + ": storage is sized for the limits");
            assertTrue(link.queueDrops() > 0 && link.deliveredPackets() > 0, "seed " + seed + ": " + link.describeCounters());
            driver.clear();
        }
    }

    @Test
    void offerAndPollDoNotAllocatePerPacket() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EmulatedLink link = driver.link(new LinkSpec(10 * GBPS, 10 * US, 100, LinkSpec.NONE, 10, LinkSpec.NONE,
            0.01, 0.01, 0.01, 0.01, 5));
        UnsafeBuffer packet = driver.packet(1, 1500, 0b10);
        long[] bytes = {0};
        PacketSink count = (buffer, offset, length) -> bytes[0] += length;
        int packets = 100_000;
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < packets; i++) {
                driver.clock.advance(1_000);
                link.offer(packet, 0, 1500);
                link.poll(count, 64);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertTrue(bytes[0] > 0);
        // One allocation per packet would be at least 16 bytes a packet; JIT and runtime noise is far less.
        assertTrue(fewest < packets, "the quietest round of " + packets + " packets allocated " + fewest + " bytes");
    }
}
