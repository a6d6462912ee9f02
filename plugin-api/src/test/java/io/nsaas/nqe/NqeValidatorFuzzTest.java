package io.nsaas.nqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Random NQEs against an independent statement of the ABI's invariants: the validator must never
 * throw, must only answer 0 or one of its documented errnos, and must accept exactly the NQEs the
 * invariants allow. Fixed seed, so a failure reproduces.
 */
class NqeValidatorFuzzTest {
    private static final long SEED = 0x6E71_6546_757A_7A31L;
    private static final int ROUNDS = 300_000;
    private static final int MAX_SOCKETS = 24;

    private final RegionLayout layout = RegionLayout.compute(1024, 512, 6, 3);
    private final NqeValidator validator = new NqeValidator(layout, MAX_SOCKETS);
    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]);
    private final NqeFlyweight nqe = new NqeFlyweight().wrap(bytes, 0);

    @Test
    void acceptsExactlyTheNqesThatSatisfyTheInvariants() {
        SplittableRandom random = new SplittableRandom(SEED);
        int[] acceptedPerOpcode = new int[256];
        for (int round = 0; round < ROUNDS; round++) {
            randomNqe(random);
            int result;
            try {
                result = validator.validate(nqe);
            } catch (RuntimeException e) {
                throw new AssertionError("validator threw on round " + round + ": " + nqe, e);
            }
            assertTrue(result == 0 || result == -Errno.EINVAL || result == -Errno.EBADF || result == -Errno.EFAULT
                || result == -Errno.ENOPROTOOPT, "undocumented result " + result + " for " + nqe);
            boolean valid = satisfiesInvariants();
            if ((result == 0) != valid) {
                fail("round " + round + ": validator answered " + result + " but the invariants say "
                    + (valid ? "valid" : "invalid") + " for " + nqe);
            }
            if (result == 0) {
                acceptedPerOpcode[nqe.opcode()]++;
            }
        }
        for (int opcode = Opcode.NOP; opcode <= Opcode.INFO; opcode++) {
            assertTrue(acceptedPerOpcode[opcode] > 50,
                "fuzzing accepted only " + acceptedPerOpcode[opcode] + " " + Opcode.name(opcode) + " NQEs");
        }
    }

    /** Fully random bytes, then each field biased toward the interesting values with some probability. */
    private void randomNqe(SplittableRandom random) {
        for (int i = 0; i < NqeDescriptor.LENGTH; i += 8) {
            bytes.putLong(i, random.nextLong());
        }
        if (random.nextInt(8) != 0) {
            nqe.opcode(random.nextInt(Opcode.NOP, Opcode.INFO + 1));
        }
        if (random.nextInt(4) != 0) {
            nqe.flags(random.nextInt(4));
        }
        if (random.nextInt(8) != 0) {
            nqe.queueSet(random.nextInt(16) == 0 ? 1 : 0);
        }
        if (random.nextInt(8) != 0) {
            nqe.socketId(random.nextInt(4) == 0 ? NqeDescriptor.NO_SOCKET : random.nextInt(-2, MAX_SOCKETS + 2));
        }
        if (random.nextInt(4) != 0) {
            nqe.operand(random.nextInt(8) == 0 ? layout.chunkSize() + random.nextInt(-1, 2) : randomOperand(random));
        }
        switch (random.nextInt(4)) {
            case 0 -> nqe.dataOffset(0).dataLength(0);
            case 1 -> nqe.dataOffset(random.nextInt(-16, layout.dataAreaLength() + 16))
                .dataLength(random.nextInt(-2, layout.chunkSize() + 2));
            case 2 -> randomRangeNearAChunkEdge(random);
            default -> { }
        }
    }

    /** A range starting or ending within two bytes of a chunk boundary, where off-by-one bugs live. */
    private void randomRangeNearAChunkEdge(SplittableRandom random) {
        int chunkSize = layout.chunkSize();
        int chunks = layout.txChunkCount() + layout.rxChunkCount();
        int offset = random.nextInt(-1, chunks + 1) * chunkSize + random.nextInt(-2, 3);
        int toEdge = chunkSize - Math.floorMod(offset, chunkSize);
        int length = random.nextBoolean() ? toEdge + random.nextInt(-2, 3) : random.nextInt(-1, 3);
        nqe.dataOffset(offset).dataLength(length);
    }

    private static long randomOperand(SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0, 1: return 0;
            case 2: return random.nextLong(-3, 1030);
            case 3: return randomOptionCode(random);
            default: return random.nextBoolean() ? random.nextLong(1L << 50) : (long) random.nextInt() << 16;
        }
    }

    private static long randomOptionCode(SplittableRandom random) {
        SocketOption[] options = SocketOption.values();
        return random.nextInt(5) == 0 ? random.nextInt(1 << 20) : options[random.nextInt(options.length)].code();
    }

    /** The ABI's rules for a request, stated independently of {@link NqeValidator}. */
    private boolean satisfiesInvariants() {
        int opcode = nqe.opcode();
        int flags = nqe.flags();
        long operand = nqe.operand();
        if (opcode < 0x01 || opcode > 0x0F || nqe.queueSet() != 0) {
            return false;
        }
        if (flags != 0 && flags != 1 && !(opcode == Opcode.SEND && (flags == 2 || flags == 3))) {
            return false;
        }
        boolean noSocket = opcode == Opcode.NOP || opcode == Opcode.SOCKET;
        if (noSocket ? nqe.socketId() != -1 : nqe.socketId() < 0 || nqe.socketId() >= MAX_SOCKETS) {
            return false;
        }
        SocketOption option = operand >= 0 && operand <= 0xFFFF_FFFFL ? SocketOption.fromCode((int) operand) : null;
        boolean operandOk;
        switch (opcode) {
            case Opcode.BIND, Opcode.CONNECT -> operandOk = operand >>> 48 == 0;
            case Opcode.LISTEN -> operandOk = operand >>> 31 == 0;
            case Opcode.SHUTDOWN -> operandOk = operand == 0 || operand == 1 || operand == 2;
            case Opcode.RECV -> operandOk = operand > 0 && operand <= layout.chunkSize();
            case Opcode.SETSOCKOPT, Opcode.GETSOCKOPT -> operandOk = option != null;
            default -> operandOk = operand == 0;
        }
        if (!operandOk) {
            return false;
        }
        boolean txData = opcode == Opcode.SEND
            || opcode == Opcode.SETSOCKOPT && option.kind() == SocketOption.Kind.BYTES;
        if (txData) {
            return rangeInOneTxChunk(nqe.dataOffset(), nqe.dataLength());
        }
        return opcode == Opcode.SETSOCKOPT || nqe.dataOffset() == 0 && nqe.dataLength() == 0;
    }

    private boolean rangeInOneTxChunk(int offset, int length) {
        if (offset < 0 || length < 0) {
            return false;
        }
        int chunk = offset / layout.chunkSize();
        long chunkEnd = (long) (chunk + 1) * layout.chunkSize();
        return chunk < layout.txChunkCount() && (long) offset + length <= chunkEnd;
    }

    @Test
    void randomBytesNeverMakeTheValidatorThrow() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        int accepted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < NqeDescriptor.LENGTH; i += 8) {
                bytes.putLong(i, random.nextLong());
            }
            int result = validator.validate(nqe);
            assertTrue(result <= 0, "result " + result);
            accepted += result == 0 ? 1 : 0;
        }
        assertEquals(0, accepted, "uniformly random NQEs practically never satisfy the invariants");
    }
}
