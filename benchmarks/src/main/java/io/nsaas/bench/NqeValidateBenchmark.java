package io.nsaas.bench;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.NqeValidator;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-NQE hot path of the host: copy a 32-byte SEND request out of shared memory into a private
 * flyweight and validate every field, against the baseline of the copy and a read of every field
 * without validation. The ratio is what hostile-input checking costs per NQE.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class NqeValidateBenchmark {
    private UnsafeBuffer shared;
    private final NqeFlyweight nqe = new NqeFlyweight();
    private NqeValidator validator;

    @Setup(Level.Trial)
    public void setUp() {
        RegionLayout layout = RegionLayout.compute(1 << 16, 2048, 256, 256);
        validator = new NqeValidator(layout, 1024);
        shared = new UnsafeBuffer(ByteBuffer.allocateDirect(NqeDescriptor.LENGTH));
        new NqeFlyweight().wrap(shared, 0).reset()
            .opcode(Opcode.SEND).socketId(7).requestId(42)
            .dataOffset(layout.txChunkOffset(3)).dataLength(1460);
        nqe.wrap(new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]), 0);
        if (validate() != 0) {
            throw new IllegalStateException("the benchmark NQE must be valid");
        }
    }

    /** Baseline: copy the NQE out of shared memory and read every field. */
    @Benchmark
    public long copyAndRead() {
        nqe.copyFrom(shared, 0);
        return nqe.opcode() + nqe.flags() + nqe.queueSet() + nqe.socketId() + nqe.requestId()
            + nqe.operand() + nqe.dataOffset() + nqe.dataLength();
    }

    /** Copy the NQE out of shared memory and validate it as the NSM does. */
    @Benchmark
    public int copyAndValidate() {
        return validate();
    }

    private int validate() {
        nqe.copyFrom(shared, 0);
        return validator.validate(nqe);
    }
}
