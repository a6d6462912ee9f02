package io.nsaas.stack.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The per-segment paths must not allocate (STYLE.md rule 4). Measured with the JVM's per-thread
 * allocation counter: any allocation per call would show as at least 16 bytes times the calls.
 */
class WireAllocationTest {
    private static final int CALLS = 20_000;
    /** Far below one object per call; leaves room for the counter's own bookkeeping. */
    private static final long TOLERANCE_BYTES = 1024;

    @Test
    void writeAndParseDoNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        threads.setThreadAllocatedMemoryEnabled(true);
        SegmentWriter writer = new SegmentWriter();
        OutgoingSegment out = new OutgoingSegment();
        TcpSegment in = new TcpSegment();
        UnsafeBuffer packet = new UnsafeBuffer(new byte[2048]);
        out.sourceAddress = RawPacket.A;
        out.destinationAddress = RawPacket.B;
        out.flags = TcpFlags.ACK;
        out.timestamp = true;
        out.addSackBlock(1, 2);
        out.addSackBlock(3, 4);
        out.payload = new UnsafeBuffer(new byte[1460]);
        out.payloadLength = 1460;
        byte[] synBytes = new RawPacket().options(2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7).bytes();
        UnsafeBuffer syn = new UnsafeBuffer(synBytes);

        long checksum = run(writer, out, in, packet, syn, synBytes.length);
        long before = threads.getCurrentThreadAllocatedBytes();
        checksum += run(writer, out, in, packet, syn, synBytes.length);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(2L * CALLS * ((1460 + 2 * 6) + (1460 + 7 - 3)), checksum, "every call parsed");
        assertTrue(allocated < TOLERANCE_BYTES, allocated + " bytes allocated over " + CALLS + " write+parse calls");
    }

    private static long run(SegmentWriter writer, OutgoingSegment out, TcpSegment in, UnsafeBuffer packet,
                            UnsafeBuffer syn, int synLength) {
        long total = 0;
        for (int i = 0; i < CALLS; i++) {
            out.seq = i;
            int length = writer.write(out, packet, 0);
            if (in.parse(packet, 0, length) == TcpSegment.OK) {
                total += in.payloadLength() + in.options().sackBlockCount * 6L;
            }
            if (in.parse(syn, 0, synLength) == TcpSegment.OK) {
                total += in.options().mss + in.options().windowScale - 3 + in.options().sackBlockCount;
            }
        }
        return total;
    }
}
