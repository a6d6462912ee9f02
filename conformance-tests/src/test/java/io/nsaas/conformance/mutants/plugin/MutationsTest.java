package io.nsaas.conformance.mutants.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.lang.reflect.Proxy;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Each mutation breaks exactly its one thing (checked on crafted segments, without a TCK). */
class MutationsTest {
    private final List<byte[]> transmitted = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    /** A StackHost (or StackInstance, StackEvents) that records calls; transmit records the bytes. */
    @SuppressWarnings("unchecked")
    private <T> T recording(Class<T> type, Object result) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("transmit")) {
                DirectBuffer buffer = (DirectBuffer) args[0];
                byte[] bytes = new byte[(int) args[2]];
                buffer.getBytes((int) args[1], bytes);
                transmitted.add(bytes);
                return true;
            }
            calls.add(method.getName() + (args == null ? "" : java.util.Arrays.toString(args)));
            if (method.getReturnType() == int.class) {
                return ((Number) result).intValue();
            }
            return method.getReturnType() == long.class ? (Object) ((Number) result).longValue() : null;
        });
    }

    /** @return a 20-byte IPv4 header + 20-byte TCP header + payload, ports 1000 -> 80 */
    private static UnsafeBuffer segment(long seq, int flags, int payload) {
        UnsafeBuffer b = new UnsafeBuffer(new byte[40 + payload]);
        b.putByte(0, (byte) 0x45);
        b.putShort(2, (short) (40 + payload), ByteOrder.BIG_ENDIAN);
        b.putByte(9, (byte) 6);
        b.putShort(20, (short) 1000, ByteOrder.BIG_ENDIAN);
        b.putShort(22, (short) 80, ByteOrder.BIG_ENDIAN);
        b.putInt(24, (int) seq, ByteOrder.BIG_ENDIAN);
        b.putByte(32, (byte) 0x50);
        b.putByte(33, (byte) flags);
        b.putShort(36, (short) 0x1234, ByteOrder.BIG_ENDIAN);
        return b;
    }

    @Test
    void noRetransmitDropsTheSecondSendOfASegmentButNotRepeatedPureAcks() {
        MutantHost host = new MutantHost(recording(StackHost.class, 0), Mutation.NO_RETRANSMIT);
        UnsafeBuffer data = segment(1000, 0x18, 100);
        UnsafeBuffer ack = segment(1100, 0x10, 0);
        assertTrue(host.transmit(data, 0, data.capacity()));
        assertTrue(host.transmit(ack, 0, ack.capacity()));
        assertTrue(host.transmit(data, 0, data.capacity()), "the mutant claims the fabric took it");
        assertTrue(host.transmit(ack, 0, ack.capacity()));
        UnsafeBuffer next = segment(1100, 0x18, 100);
        assertTrue(host.transmit(next, 0, next.capacity()));
        assertEquals(4, transmitted.size(), "only the retransmitted data segment is dropped");
    }

    @Test
    void badChecksumChangesOnlyTheTcpChecksum() {
        MutantHost host = new MutantHost(recording(StackHost.class, 0), Mutation.BAD_CHECKSUM);
        UnsafeBuffer data = segment(1, 0x18, 10);
        host.transmit(data, 0, data.capacity());
        byte[] sent = transmitted.get(0);
        byte[] original = new byte[data.capacity()];
        data.getBytes(0, original);
        for (int i = 0; i < sent.length; i++) {
            assertEquals(i == 36 || i == 37, sent[i] != original[i], "byte " + i);
        }
    }

    @Test
    void ignoresRstDropsInboundRstAndPassesEverythingElse() {
        MutantInstance stack = new MutantInstance(recording(StackInstance.class, 0), Mutation.IGNORES_RST);
        UnsafeBuffer rst = segment(5, 0x14, 0);
        UnsafeBuffer ack = segment(5, 0x10, 0);
        stack.onPacket(rst, 0, rst.capacity());
        stack.onPacket(ack, 0, ack.capacity());
        assertEquals(1, calls.size(), calls.toString());
    }

    @Test
    void wrongErrnoReportsEtimedoutWhereLinuxReportsEconnrefused() {
        MutantInstance stack = new MutantInstance(recording(StackInstance.class, -Errno.ECONNREFUSED), Mutation.WRONG_ERRNO);
        assertEquals(-Errno.ETIMEDOUT, stack.connect(3, 0x0A000002, 80));
        StackEvents events = MutantInstance.events(recording(StackEvents.class, 0), Mutation.WRONG_ERRNO);
        events.onClosed(3, Errno.ECONNREFUSED);
        assertEquals("onClosed[3, " + Errno.ETIMEDOUT + "]", calls.get(calls.size() - 1));
        MutantInstance errorOption = new MutantInstance(recording(StackInstance.class, (long) Errno.ECONNREFUSED), Mutation.WRONG_ERRNO);
        assertEquals((long) Errno.ETIMEDOUT, errorOption.getOption(3, SocketOption.SO_ERROR));
    }
}
