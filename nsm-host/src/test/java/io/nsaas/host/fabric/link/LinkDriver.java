package io.nsaas.host.fabric.link;

import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.TestPackets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives one {@link EmulatedLink} in virtual time for tests, as a discrete-event scheduler would:
 * the clock moves only to the link's {@link EmulatedLink#nextEventNanos()} or where the test says.
 * Packets are IPv4 (protocol 253) whose payload starts with a 32-bit packet number; every delivery
 * is recorded with its number, time and bytes.
 */
final class LinkDriver implements PacketSink {
    static final int A = 0x0A00_0001;
    static final int B = 0x0A00_0002;

    final CachedNanoClock clock = new CachedNanoClock();
    final List<Integer> numbers = new ArrayList<>();
    final List<Long> times = new ArrayList<>();
    final List<byte[]> bytes = new ArrayList<>();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[65535]);

    EmulatedLink link(LinkSpec spec) {
        return new EmulatedLink("test", spec, clock, 1500);
    }

    /** @return a spec with only a rate, a delay and a packet limit */
    static LinkSpec spec(long rate, long delay, int limitPackets) {
        return new LinkSpec(rate, delay, limitPackets, LinkSpec.NONE, LinkSpec.NONE, LinkSpec.NONE, 0, 0, 0, 0, 1);
    }

    /** Writes packet {@code number} of {@code length} bytes (at least 24) with the given TOS byte into the scratch buffer. */
    UnsafeBuffer packet(int number, int length, int tos) {
        byte[] payload = new byte[length - 20];
        for (int i = 4; i < payload.length; i++) {
            payload[i] = (byte) (number * 31 + i);
        }
        TestPackets.write(packet, 0, A, B, payload);
        packet.putInt(20, number);
        packet.putByte(1, (byte) tos);
        TestPackets.fixChecksum(packet, 0);
        return packet;
    }

    boolean offer(EmulatedLink link, int number, int length) {
        return offer(link, number, length, 0);
    }

    boolean offer(EmulatedLink link, int number, int length, int tos) {
        return link.offer(packet(number, length, tos), 0, length);
    }

    /** Moves the clock from event to event, delivering everything, until the link is empty. */
    void runUntilIdle(EmulatedLink link) {
        runUntil(link, Long.MAX_VALUE - 1);
    }

    /** Moves the clock from event to event up to {@code end}, delivering what is due; leaves the clock at {@code end} when finite. */
    void runUntil(EmulatedLink link, long end) {
        while (true) {
            long next = link.nextEventNanos();
            if (next > end) {
                break;
            }
            clock.update(Math.max(next, clock.nanoTime()));
            link.poll(this, Integer.MAX_VALUE);
        }
        if (end != Long.MAX_VALUE - 1 && end > clock.nanoTime()) {
            clock.update(end);
            link.poll(this, Integer.MAX_VALUE);
        }
    }

    @Override
    public void onPacket(DirectBuffer buffer, int offset, int length) {
        numbers.add(buffer.getInt(offset + 20));
        times.add(clock.nanoTime());
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        bytes.add(copy);
    }

    void clear() {
        numbers.clear();
        times.clear();
        bytes.clear();
    }

    /** @return the conservation law's two sides differ by this (0 when it holds) */
    static long conservationError(EmulatedLink link) {
        return link.offeredPackets() + link.duplicates()
            - (link.deliveredPackets() + link.queueDrops() + link.lossDrops() + link.queuePackets() + link.inFlightPackets());
    }
}
