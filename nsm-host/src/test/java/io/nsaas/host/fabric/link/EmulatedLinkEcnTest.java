package io.nsaas.host.fabric.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** ECN step marking (RFC 3168 section 5) of {@link EmulatedLink}: CE at or above K, only on ECT packets. */
class EmulatedLinkEcnTest {
    private static final int NOT_ECT = 0b00;
    private static final int ECT_1 = 0b01;
    private static final int ECT_0 = 0b10;
    private static final int CE = 0b11;
    /** DSCP bits that must survive marking. */
    private static final int DSCP_AF11 = 0b0010_1000;

    private final LinkDriver driver = new LinkDriver();

    private EmulatedLink link(int thresholdPackets, long thresholdBytes) {
        return driver.link(new LinkSpec(10_000_000L, 0, 100, LinkSpec.NONE, thresholdPackets, thresholdBytes, 0, 0, 0, 0, 1));
    }

    /** @return the ECN field of each delivered packet, checking its header checksum on the way */
    private List<Integer> deliveredEcn() {
        return driver.bytes.stream().map(bytes -> {
            UnsafeBuffer packet = new UnsafeBuffer(bytes);
            assertEquals(0, Ipv4HeaderDescriptor.checksum(packet, 0, 20), "header checksum must verify");
            assertEquals(DSCP_AF11, (bytes[1] & 0xFF) & ~0b11, "DSCP unchanged");
            return bytes[1] & 0b11;
        }).toList();
    }

    @Test
    void ectPacketsAreMarkedOnceTheQueueAheadReachesKPackets() {
        EmulatedLink link = link(3, LinkSpec.NONE);
        for (int i = 0; i < 6; i++) {
            driver.offer(link, i, 1000, DSCP_AF11 | (i % 2 == 0 ? ECT_0 : ECT_1));
        }
        driver.runUntilIdle(link);

        // queue ahead at enqueue: 0, 1, 2 (below K = 3), then 3, 4, 5
        assertEquals(List.of(ECT_0, ECT_1, ECT_0, CE, CE, CE), deliveredEcn());
        assertEquals(3, link.ceMarks());
    }

    @Test
    void notEctPacketsAreNeverMarkedAndCeIsNotCountedAgain() {
        EmulatedLink link = link(0, LinkSpec.NONE);
        driver.offer(link, 0, 500, DSCP_AF11 | NOT_ECT);
        driver.offer(link, 1, 500, DSCP_AF11 | CE);
        driver.offer(link, 2, 500, DSCP_AF11 | ECT_0);
        driver.offer(link, 3, 500, DSCP_AF11 | NOT_ECT);
        driver.runUntilIdle(link);

        assertEquals(List.of(NOT_ECT, CE, CE, NOT_ECT), deliveredEcn());
        assertEquals(1, link.ceMarks());
        assertEquals(0, link.queueDrops(), "Not-ECT packets are dropped only on overflow");
    }

    @Test
    void aByteThresholdMarksWhenTheQueuedBytesReachK() {
        EmulatedLink link = link(LinkSpec.NONE, 2000);
        driver.offer(link, 0, 1000, DSCP_AF11 | ECT_0);  // 0 ahead
        driver.offer(link, 1, 999, DSCP_AF11 | ECT_0);   // 1000 ahead
        driver.offer(link, 2, 1000, DSCP_AF11 | ECT_0);  // 1999 ahead
        driver.offer(link, 3, 1000, DSCP_AF11 | ECT_0);  // 2999 ahead
        driver.runUntilIdle(link);

        assertEquals(List.of(ECT_0, ECT_0, ECT_0, CE), deliveredEcn());
    }

    @Test
    void markingFollowsTheQueueAsItDrains() {
        EmulatedLink link = link(2, LinkSpec.NONE);
        for (int i = 0; i < 3; i++) {
            driver.offer(link, i, 1500, DSCP_AF11 | ECT_0);   // third is marked
        }
        driver.clock.update(2_400_000);                        // two have left
        link.poll(driver, 10);
        driver.offer(link, 3, 1500, DSCP_AF11 | ECT_0);       // one ahead: not marked
        driver.runUntilIdle(link);

        assertEquals(List.of(ECT_0, ECT_0, CE, ECT_0), deliveredEcn());
    }

    @Test
    void aHeaderWithABadChecksumStaysBadAfterMarking() {
        EmulatedLink link = link(0, LinkSpec.NONE);
        UnsafeBuffer packet = driver.packet(0, 100, ECT_0);
        packet.putByte(8, (byte) 7); // TTL changed without fixing the checksum
        link.offer(packet, 0, 100);
        driver.runUntilIdle(link);

        UnsafeBuffer delivered = new UnsafeBuffer(driver.bytes.get(0));
        assertEquals(CE, delivered.getByte(1) & 0b11);
        assertEquals(Ipv4HeaderDescriptor.checksum(packet, 0, 20), Ipv4HeaderDescriptor.checksum(delivered, 0, 20) ,
            "the incremental update keeps the error as it was");
    }

    @Test
    void bytesThatAreNotIpv4AreNeverChanged() {
        EmulatedLink link = link(0, LinkSpec.NONE);
        UnsafeBuffer packet = driver.packet(0, 100, ECT_0);
        packet.putByte(0, (byte) 0x65); // version 6
        byte[] before = new byte[100];
        packet.getBytes(0, before);
        link.offer(packet, 0, 100);
        driver.runUntilIdle(link);

        assertEquals(0, link.ceMarks());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(driver.bytes.get(0)));
    }
}
