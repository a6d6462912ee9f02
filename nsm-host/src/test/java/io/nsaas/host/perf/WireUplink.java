package io.nsaas.host.perf;

import io.nsaas.host.fabric.SwitchPort;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One end of a wire between the switches of two perf hosts, standing in for a TUN device: what its
 * host's switch sends to the uplink comes out of the other end's uplink port, unchanged and in order.
 * Each end's agent is the only user of its own port.
 */
final class WireUplink implements PerfUplink, Agent {
    private final String name;
    private final Queue<byte[]> outbound;
    private final Queue<byte[]> inbound;
    final AtomicLong packetsOut = new AtomicLong();
    private SwitchPort port;

    private WireUplink(String name, Queue<byte[]> outbound, Queue<byte[]> inbound) {
        this.name = name;
        this.outbound = outbound;
        this.inbound = inbound;
    }

    /** @return the two ends of a new wire */
    static WireUplink[] pair() {
        Queue<byte[]> aToB = new ConcurrentLinkedQueue<>();
        Queue<byte[]> bToA = new ConcurrentLinkedQueue<>();
        return new WireUplink[] {new WireUplink("wire-a", aToB, bToA), new WireUplink("wire-b", bToA, aToB)};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Agent bridge(SwitchPort uplink) {
        this.port = uplink;
        return this;
    }

    @Override
    public int doWork() {
        int work = port.poll(this::leave, 64);
        for (int i = 0; i < 64; i++) {
            byte[] packet = inbound.poll();
            if (packet == null) {
                break;
            }
            port.transmit(new UnsafeBuffer(packet), 0, packet.length);
            work++;
        }
        return work;
    }

    private void leave(DirectBuffer packet, int offset, int length) {
        byte[] copy = new byte[length];
        packet.getBytes(offset, copy);
        outbound.add(copy);
        packetsOut.incrementAndGet();
    }

    @Override
    public String roleName() {
        return name;
    }

    @Override
    public void close() {
    }
}
