package io.nsaas.bench;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One packet through the in-host switch (validate the IPv4 header and checksum, check the source,
 * route by destination, copy into the destination port's queue, then drain it) against the
 * baseline of the same copy through a bare agrona ring buffer. The ratio is the switch's overhead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class SwitchForwardBenchmark {
    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;

    @Param({"64", "1500"})
    int packetBytes;

    private Switch fabric;
    private SwitchPort portA;
    private SwitchPort portB;
    private UnsafeBuffer packet;
    private ManyToOneRingBuffer ring;
    private Blackhole blackhole;
    private final PacketSink sink = this::consume;
    private final MessageHandler ringHandler = (type, buffer, index, length) -> consume(buffer, index, length);

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        this.blackhole = blackhole;
        fabric = new Switch();
        portA = fabric.attach("a", A, 24, Switch.DEFAULT_QUEUE_BYTES);
        portB = fabric.attach("b", B, 24, Switch.DEFAULT_QUEUE_BYTES);
        packet = new UnsafeBuffer(ByteBuffer.allocateDirect(packetBytes));
        writeIpv4Header(packet, packetBytes, A, B);
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(Switch.DEFAULT_QUEUE_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fabric.close();
    }

    /** Baseline: the same bytes written into and read out of a bare agrona ring. */
    @Benchmark
    public int rawRingCopy() {
        if (!ring.write(1, packet, 0, packetBytes)) {
            throw new IllegalStateException("ring full");
        }
        int read = ring.read(ringHandler, 1);
        // a read that meets the wrap-around padding record stops there: take the message on the second read
        return read != 0 ? read : ring.read(ringHandler, 1);
    }

    /** A packet from tenant A to tenant B through the switch, delivered to B's sink. */
    @Benchmark
    public int switchForward() {
        if (!portA.transmit(packet, 0, packetBytes)) {
            throw new IllegalStateException("switch dropped the packet");
        }
        int read = portB.poll(sink, 1);
        return read != 0 ? read : portB.poll(sink, 1);
    }

    private void consume(DirectBuffer buffer, int offset, int length) {
        blackhole.consume(buffer.getByte(offset));
    }

    /** A valid IPv4/TCP header with its checksum; the payload stays zero. */
    static void writeIpv4Header(UnsafeBuffer buffer, int totalLength, int source, int destination) {
        buffer.putByte(Ipv4HeaderDescriptor.VERSION_IHL_OFFSET, (byte) 0x45);
        buffer.putShort(Ipv4HeaderDescriptor.TOTAL_LENGTH_OFFSET, (short) totalLength, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putByte(Ipv4HeaderDescriptor.TTL_OFFSET, (byte) 64);
        buffer.putByte(Ipv4HeaderDescriptor.PROTOCOL_OFFSET, (byte) 6);
        buffer.putInt(Ipv4HeaderDescriptor.SOURCE_OFFSET, source, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putInt(Ipv4HeaderDescriptor.DESTINATION_OFFSET, destination, java.nio.ByteOrder.BIG_ENDIAN);
        int checksum = Ipv4HeaderDescriptor.checksum(buffer, 0, Ipv4HeaderDescriptor.MIN_HEADER_LENGTH);
        buffer.putShort(Ipv4HeaderDescriptor.CHECKSUM_OFFSET, (short) checksum, java.nio.ByteOrder.BIG_ENDIAN);
    }
}
