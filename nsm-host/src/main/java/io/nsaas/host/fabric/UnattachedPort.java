package io.nsaas.host.fabric;

import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;

/** The port of a tenant whose stack does not use the fabric: nothing goes out, nothing comes in. */
final class UnattachedPort implements FabricPort {
    private final String name;
    private final AtomicLong dropped = new AtomicLong();

    UnattachedPort(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int address() {
        return 0;
    }

    @Override
    public int prefixLength() {
        return 0;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        dropped.incrementAndGet();
        return false;
    }

    @Override
    public int poll(PacketSink sink, int limit) {
        return 0;
    }

    @Override
    public long packetsSent() {
        return 0;
    }

    @Override
    public long packetsReceived() {
        return 0;
    }

    @Override
    public long inboundDrops() {
        return 0;
    }

    /** @return packets the owner tried to transmit (all dropped) */
    long transmitAttempts() {
        return dropped.get();
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "unattached port '" + name + "'";
    }
}
