package io.nsaas.host.fabric.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.Impairment;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation of {@link LinkSpec} and of what an {@link EmulatedLink} can preallocate. */
class LinkSpecTest {
    private static final int NONE = LinkSpec.NONE;

    private static String refusal(Executable make) {
        return assertThrows(IllegalArgumentException.class, make).getMessage();
    }

    @Test
    void eachBadFieldIsRefusedNamingItAndTheRange() {
        assertEquals("link rateBitsPerSecond is 0; it must be above 0 (e.g. 1000000000 for 1 Gbps, or Long.MAX_VALUE"
            + " for no serialization delay)", refusal(() -> new LinkSpec(0, 0, 10, NONE, NONE, NONE, 0, 0, 0, 0, 1)));
        assertEquals("link delayNanos is -5; it must be 0 or more (one-way delay)",
            refusal(() -> new LinkSpec(1, -5, 10, NONE, NONE, NONE, 0, 0, 0, 0, 1)));
        assertTrue(refusal(() -> new LinkSpec(1, 0, 0, NONE, NONE, NONE, 0, 0, 0, 0, 1)).startsWith("link queueLimitPackets is 0"));
        assertTrue(refusal(() -> new LinkSpec(1, 0, NONE, -7, NONE, NONE, 0, 0, 0, 0, 1)).startsWith("link queueLimitBytes is -7"));
        assertTrue(refusal(() -> new LinkSpec(1, 0, NONE, NONE, NONE, NONE, 0, 0, 0, 0, 1))
            .startsWith("link has neither queueLimitPackets nor queueLimitBytes"));
        assertTrue(refusal(() -> new LinkSpec(1, 0, 5, NONE, -2, NONE, 0, 0, 0, 0, 1)).startsWith("link ecnThresholdPackets is -2"));
        assertTrue(refusal(() -> new LinkSpec(1, 0, 5, NONE, NONE, -3, 0, 0, 0, 0, 1)).startsWith("link ecnThresholdBytes is -3"));
        assertEquals("link loss probability is 1.5; it must be in [0, 1] (e.g. 0.01 for 1 %)",
            refusal(() -> new LinkSpec(1, 0, 5, NONE, NONE, NONE, 1.5, 0, 0, 0, 1)));
        assertTrue(refusal(() -> new LinkSpec(1, 0, 5, NONE, NONE, NONE, 0, -0.1, 0, 0, 1)).startsWith("link duplicate probability is -0.1"));
        assertTrue(refusal(() -> new LinkSpec(1, 0, 5, NONE, NONE, NONE, 0, 0, Double.NaN, 0, 1)).startsWith("link reorder probability is NaN"));
        assertTrue(refusal(() -> new LinkSpec(1, 0, 5, NONE, NONE, NONE, 0, 0, 0, 2, 1)).startsWith("link corrupt probability is 2.0"));
    }

    @Test
    void limitsAndThresholdsAcceptTheirSmallestValues() {
        LinkSpec spec = new LinkSpec(1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0);
        assertTrue(spec.marksEcn());
        assertFalse(spec.unlimitedRate());
        assertFalse(new LinkSpec(1, 0, 1, NONE, NONE, NONE, 0, 0, 0, 0, 0).marksEcn());
    }

    @Test
    void anImpairmentBecomesAnUnlimitedRateLinkWithADirectionalSeed() {
        Impairment impairment = new Impairment(5_000_000, 0.01, 0.2, 0.03, 9);
        LinkSpec out = LinkSpec.of(impairment, 0, 4096);
        LinkSpec in = LinkSpec.of(impairment, 1, 4096);

        assertTrue(out.unlimitedRate());
        assertEquals(5_000_000, out.delayNanos());
        assertEquals(4096, out.queueLimitPackets());
        assertEquals(0.01, out.loss());
        assertEquals(0.2, out.reorder());
        assertEquals(0.03, out.duplicate());
        assertEquals(0, out.corrupt());
        assertEquals(9, out.seed());
        assertNotEquals(out.seed(), in.seed());
    }

    @Test
    void aShapingAddsRateQueueLimitAndEcnThresholdToTheImpairmentStage() {
        Impairment impairment = new Impairment(1_000_000, 0.01, 0, 0, 9);
        LinkSpec shaped = LinkSpec.of(impairment, new LinkShaping(100_000_000L, 1000, 20), 0, 4096);
        assertEquals(100_000_000L, shaped.rateBitsPerSecond());
        assertEquals(1000, shaped.queueLimitPackets());
        assertEquals(20, shaped.ecnThresholdPackets());
        assertEquals(NONE, shaped.ecnThresholdBytes());
        assertEquals(1_000_000, shaped.delayNanos());
        assertEquals(0.01, shaped.loss());
        assertEquals(LinkSpec.of(impairment, 0, 4096).seed(), shaped.seed(), "the same random stream as without shaping");
        assertTrue(shaped.marksEcn());

        LinkSpec defaultQueue = LinkSpec.of(Impairment.NONE, new LinkShaping(1_000_000L, NONE, NONE), 1, 4096);
        assertEquals(4096, defaultQueue.queueLimitPackets(), "no queue limit given: the stage's");
        assertFalse(defaultQueue.marksEcn());
        assertEquals(LinkSpec.of(Impairment.NONE, 1, 4096), LinkSpec.of(Impairment.NONE, LinkShaping.NONE, 1, 4096));
    }

    @Test
    void aShapingThatCannotWorkIsRefusedSayingWhy() {
        assertTrue(LinkShaping.NONE.isNone());
        assertFalse(new LinkShaping(1_000_000L, NONE, NONE).isNone());
        assertEquals("rate 100 Mbps, queue 1000 packets, ecn threshold 20 packets",
            new LinkShaping(100_000_000L, 1000, 20).describe());
        assertEquals("rate unlimited, queue default, ecn threshold none", LinkShaping.NONE.describe());
        assertEquals("link rate is 0 bit/s; it must be above 0 (e.g. 100Mbps)", refusal(() -> new LinkShaping(0, NONE, NONE)));
        assertEquals("link queue limit is 0 packets; it must be 1 or more", refusal(() -> new LinkShaping(1, 0, NONE)));
        assertEquals("ECN threshold is -2 packets; it must be 0 or more", refusal(() -> new LinkShaping(1, NONE, -2)));
        assertTrue(refusal(() -> new LinkShaping(LinkSpec.UNLIMITED_RATE, NONE, 20))
            .startsWith("ECN threshold 20 packets needs a link rate"));
        assertTrue(refusal(() -> new LinkShaping(1_000_000L, 20, 20))
            .startsWith("ECN threshold 20 packets is not below the queue limit of 20 packets"));
    }

    @Test
    void storageIsSizedFromTheLimitsAndTheBandwidthDelayProduct() {
        // 466 packets of up to 1500 bytes (1536 ring bytes each) plus 1 Gbps * 50 us twice, rounded up to a power of two
        assertEquals(1 << 20, EmulatedLink.storageBytes("b", new LinkSpec(1_000_000_000L, 50_000, 466, NONE, 20, NONE,
            0, 0, 0, 0, 1), 1500));
        assertEquals(1 << 8, EmulatedLink.storageBytes("s", LinkSpec.of(Impairment.NONE, 0, 1), 40), "96 + 96 for one wrap");
    }

    @Test
    void aLinkWhoseStorageWouldExceedTheMaximumIsRefusedSayingWhatToLower() {
        LinkSpec huge = new LinkSpec(100_000_000_000L, 1_000_000_000L, 10, NONE, NONE, NONE, 0, 0, 0, 0, 1);
        String message = refusal(() -> new EmulatedLink("wan", huge, new CachedNanoClock(), 1500));
        assertTrue(message.startsWith("link wan needs 80000 MB to hold its queue limit and bandwidth-delay product"), message);
        assertTrue(message.endsWith("lower the queue limit, rate or delay"), message);
    }
}
