package io.nsaas.bench.rtt;

import io.nsaas.bench.run.BenchArguments;
import io.nsaas.bench.run.LatencySamples;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Baseline of {@code benchmarks/nqe-rtt.sh}: a raw ping-pong of one 32-byte NQE between two
 * processes over the same agrona ring types and layout a tenant region uses (the job ring, a
 * {@code ManyToOneRingBuffer}, for pings; the completion ring, a {@code OneToOneRingBuffer}, for
 * pongs), both sides busy-spinning. No host, no validation, no waking of threads: the floor an NQE
 * round trip could reach.
 *
 * <pre>
 *   RingPingPong pong FILE            creates FILE (a region-sized file, e.g. under /dev/shm) and echoes
 *   RingPingPong ping FILE WARMUP N   maps FILE, times N round trips after WARMUP, prints RESULT
 * </pre>
 */
public final class RingPingPong {
    static final String USAGE = "RingPingPong pong FILE | RingPingPong ping FILE WARMUP N";
    static final RegionLayout LAYOUT = RegionLayout.compute(256 * 1024, RegionLayout.MIN_CHUNK_SIZE, 1, 1);
    /** Message type of the ping that ends the pong side. */
    static final int STOP_MSG_TYPE_ID = NqeDescriptor.MSG_TYPE_ID + 1;
    static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final RingBuffer pings;
    private final RingBuffer pongs;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
    private final NqeFlyweight nqe = new NqeFlyweight().wrap(message, 0);
    private final MessageHandler pingHandler = this::onPing;
    private final MessageHandler pongHandler = this::onPong;
    private long echoed = -1;
    private boolean stopped;

    RingPingPong(MappedByteBuffer mapping) {
        UnsafeBuffer region = new UnsafeBuffer(mapping);
        this.pings = LAYOUT.newRingBuffer(region, RegionRing.JOB);
        this.pongs = LAYOUT.newRingBuffer(region, RegionRing.COMPLETION);
    }

    public static void main(String[] args) throws IOException {
        try {
            BenchArguments a = BenchArguments.expect(USAGE, args, 2, 4);
            Path file = Path.of(a.text(1, null));
            switch (a.text(0, "")) {
                case "pong" -> new RingPingPong(create(file)).pong();
                case "ping" -> {
                    int warmup = a.integer(2, "WARMUP", 0, Integer.MAX_VALUE);
                    int n = a.integer(3, "N", 1, Integer.MAX_VALUE);
                    System.out.println(new RingPingPong(await(file)).ping(warmup, n).resultLine("agrona-ring"));
                }
                default -> throw new IllegalArgumentException("mode must be ping or pong; usage: " + USAGE);
            }
        } catch (IllegalArgumentException e) {
            BenchArguments.fail("RingPingPong", e);
        }
    }

    /** Times {@code n} round trips after {@code warmup} untimed ones, then stops the pong side. */
    LatencySamples ping(int warmup, int n) {
        LatencySamples samples = new LatencySamples(n);
        nqe.reset().opcode(Opcode.NOP).socketId(NqeDescriptor.NO_SOCKET);
        for (long i = 0; i < (long) warmup + n; i++) {
            nqe.requestId(i);
            long start = System.nanoTime();
            while (!pings.write(NqeDescriptor.MSG_TYPE_ID, message, 0, NqeDescriptor.LENGTH)) {
                Thread.onSpinWait();
            }
            while (pongs.read(pongHandler, 1) == 0) {
                Thread.onSpinWait();
            }
            long elapsed = System.nanoTime() - start;
            if (echoed != i) {
                throw new IllegalStateException("pong echoed request " + echoed + " for ping " + i);
            }
            if (i >= warmup) {
                samples.add(elapsed);
            }
        }
        pings.write(STOP_MSG_TYPE_ID, message, 0, NqeDescriptor.LENGTH);
        return samples;
    }

    /** Echoes every ping until the stop message; gives up after {@link #WAIT_NANOS} without one. */
    void pong() {
        long lastPing = System.nanoTime();
        while (!stopped) {
            if (pings.read(pingHandler) > 0) {
                lastPing = System.nanoTime();
            } else if (System.nanoTime() - lastPing > WAIT_NANOS) {
                throw new IllegalStateException("no ping for 30 s; is the ping side running?");
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void onPing(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (msgTypeId == STOP_MSG_TYPE_ID) {
            stopped = true;
            return;
        }
        while (!pongs.write(msgTypeId, buffer, index, length)) {
            Thread.onSpinWait();
        }
    }

    private void onPong(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        echoed = buffer.getLong(index + NqeDescriptor.REQUEST_ID_OFFSET, NqeDescriptor.BYTE_ORDER);
    }

    /** Creates a zeroed region-sized file at {@code file} (written beside it, then renamed) and maps it. */
    static MappedByteBuffer create(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        MappedByteBuffer mapping = map(partial, StandardOpenOption.CREATE_NEW);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return mapping;
    }

    /** Waits up to {@link #WAIT_NANOS} for the pong side's file, then maps it. */
    static MappedByteBuffer await(Path file) throws IOException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no ring file at " + file + " after 30 s; start the pong side first");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + file, e);
            }
        }
        return map(file);
    }

    private static MappedByteBuffer map(Path file, StandardOpenOption... extra) throws IOException {
        StandardOpenOption[] options = new StandardOpenOption[2 + extra.length];
        options[0] = StandardOpenOption.READ;
        options[1] = StandardOpenOption.WRITE;
        System.arraycopy(extra, 0, options, 2, extra.length);
        try (FileChannel channel = FileChannel.open(file, options)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, LAYOUT.regionLength());
        }
    }
}
