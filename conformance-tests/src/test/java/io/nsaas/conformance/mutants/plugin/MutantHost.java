package io.nsaas.conformance.mutants.plugin;

import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackLogger;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The host as the wrapped stack sees it: everything passes through except {@link #transmit}, which
 * applies the outbound mutations ({@link Mutation#NO_RETRANSMIT}, {@link Mutation#BAD_CHECKSUM}).
 */
final class MutantHost implements StackHost {
    private final StackHost host;
    private final Mutation mutation;
    /** (ports, sequence) of every segment sent that occupies sequence space: seen again means a retransmission. */
    private final Set<Long> sent = new HashSet<>();
    private final UnsafeBuffer copy = new UnsafeBuffer(new byte[65_536]);

    MutantHost(StackHost host, Mutation mutation) {
        this.host = host;
        this.mutation = mutation;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        int tcp = TcpSegmentView.tcpOffset(packet, offset, length);
        if (tcp < 0) {
            return host.transmit(packet, offset, length);
        }
        return switch (mutation) {
            case NO_RETRANSMIT -> isRetransmission(packet, offset, tcp) || host.transmit(packet, offset, length);
            case BAD_CHECKSUM -> transmitCorrupted(packet, offset, length, tcp - offset);
            default -> host.transmit(packet, offset, length);
        };
    }

    /** Records a segment that occupies sequence space; true when it was sent before (the mutant then drops it, claiming success). */
    private boolean isRetransmission(DirectBuffer packet, int offset, int tcp) {
        int flags = TcpSegmentView.flags(packet, tcp);
        boolean occupiesSequence = TcpSegmentView.payloadLength(packet, offset, tcp) > 0
            || (flags & (TcpSegmentView.FLAG_SYN | TcpSegmentView.FLAG_FIN)) != 0;
        if (!occupiesSequence || (flags & TcpSegmentView.FLAG_RST) != 0) {
            return false;
        }
        long key = ((long) TcpSegmentView.ports(packet, tcp) << 32) ^ TcpSegmentView.sequence(packet, tcp);
        return !sent.add(key);
    }

    private boolean transmitCorrupted(DirectBuffer packet, int offset, int length, int tcpWithin) {
        if (length > copy.capacity()) {
            return host.transmit(packet, offset, length);
        }
        copy.putBytes(0, packet, offset, length);
        int checksum = TcpSegmentView.checksumOffset(tcpWithin);
        copy.putShort(checksum, (short) (copy.getShort(checksum) ^ 0x5A5A));
        return host.transmit(copy, 0, length);
    }

    @Override
    public long nanoTime() {
        return host.nanoTime();
    }

    @Override
    public long scheduleTimer(long deadlineNanos) {
        return host.scheduleTimer(deadlineNanos);
    }

    @Override
    public boolean cancelTimer(long timerId) {
        return host.cancelTimer(timerId);
    }

    @Override
    public RandomGenerator random() {
        return host.random();
    }

    @Override
    public int localAddress() {
        return host.localAddress();
    }

    @Override
    public String tenantId() {
        return host.tenantId();
    }

    @Override
    public StackLogger logger() {
        return host.logger();
    }
}
