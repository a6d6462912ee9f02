package io.nsaas.nqe;

import static io.nsaas.spi.Errno.EBADF;
import static io.nsaas.spi.Errno.EFAULT;
import static io.nsaas.spi.Errno.EINVAL;
import static io.nsaas.spi.Errno.ENOPROTOOPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import java.lang.management.ManagementFactory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The validator's accept/reject table. Layout: chunk size 256, 4 tx chunks (tx area = data offsets
 * [0, 1024)), 4 rx chunks ([1024, 2048)); 16 sockets.
 */
class NqeValidatorTest {
    static final int[] REQUESTS = {
        Opcode.NOP, Opcode.SOCKET, Opcode.BIND, Opcode.LISTEN, Opcode.ACCEPT, Opcode.CONNECT, Opcode.SEND,
        Opcode.RECV, Opcode.SHUTDOWN, Opcode.CLOSE, Opcode.SETSOCKOPT, Opcode.GETSOCKOPT, Opcode.GETSOCKNAME,
        Opcode.GETPEERNAME, Opcode.INFO};

    private final RegionLayout layout = RegionLayout.compute(1024, 256, 4, 4);
    private final NqeValidator validator = new NqeValidator(layout, 16);
    private final NqeFlyweight nqe = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[32]), 0);

    /** Writes a well-formed request of {@code opcode}. */
    static NqeFlyweight wellFormed(NqeFlyweight nqe, int opcode) {
        nqe.reset().opcode(opcode).socketId(3).requestId(0x1234_5678_9ABCL);
        switch (opcode) {
            case Opcode.NOP, Opcode.SOCKET -> nqe.socketId(NqeDescriptor.NO_SOCKET);
            case Opcode.BIND, Opcode.CONNECT -> nqe.operand(Endpoint.pack(Endpoint.parseAddress("10.0.0.1"), 80));
            case Opcode.LISTEN -> nqe.operand(128);
            case Opcode.SEND -> nqe.dataOffset(256).dataLength(100);
            case Opcode.RECV -> nqe.operand(256);
            case Opcode.SHUTDOWN -> nqe.operand(1);
            case Opcode.SETSOCKOPT -> nqe.operand(SocketOption.TCP_NODELAY.code()).optionValue(1);
            case Opcode.GETSOCKOPT -> nqe.operand(SocketOption.SO_RCVBUF.code());
            default -> { }
        }
        return nqe;
    }

    @Test
    void acceptsAWellFormedRequestOfEveryOpcode() {
        for (int opcode : REQUESTS) {
            assertEquals(0, validator.validate(wellFormed(nqe, opcode)), Opcode.name(opcode));
        }
    }

    @Test
    void rejectsEveryOpcodeThatIsNotARequest() {
        for (int opcode = 0; opcode < 256; opcode++) {
            if (!Opcode.isRequest(opcode)) {
                wellFormed(nqe, Opcode.CLOSE).opcode(opcode);
                assertEquals(-EINVAL, validator.validate(nqe), Opcode.name(opcode));
            }
        }
    }

    @Test
    void acceptsNonblockOnEveryRequestAndMoreOnlyOnSend() {
        for (int opcode : REQUESTS) {
            assertEquals(0, validator.validate(wellFormed(nqe, opcode).flags(NqeDescriptor.FLAG_NONBLOCK)));
            int expected = opcode == Opcode.SEND ? 0 : -EINVAL;
            assertEquals(expected, validator.validate(wellFormed(nqe, opcode).flags(NqeDescriptor.FLAG_MORE)),
                Opcode.name(opcode));
            assertEquals(expected, validator.validate(wellFormed(nqe, opcode).flags(NqeDescriptor.KNOWN_FLAGS)));
        }
    }

    @Test
    void rejectsUnknownFlagBits() {
        for (int bit = 2; bit < 8; bit++) {
            for (int opcode : REQUESTS) {
                assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).flags(1 << bit)), "bit " + bit);
            }
        }
    }

    @Test
    void rejectsAQueueSetTheRegionDoesNotHave() {
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.SEND).queueSet(1)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.NOP).queueSet(0xFFFF)));
    }

    @Test
    void socketIdMustBeInRangeExceptForNopAndSocket() {
        for (int opcode : REQUESTS) {
            boolean noSocket = opcode == Opcode.NOP || opcode == Opcode.SOCKET;
            assertEquals(noSocket ? 0 : -EBADF, validator.validate(wellFormed(nqe, opcode).socketId(-1)), Opcode.name(opcode));
            assertEquals(noSocket ? -EINVAL : 0, validator.validate(wellFormed(nqe, opcode).socketId(0)), Opcode.name(opcode));
            assertEquals(noSocket ? -EINVAL : 0, validator.validate(wellFormed(nqe, opcode).socketId(15)));
            assertEquals(noSocket ? -EINVAL : -EBADF, validator.validate(wellFormed(nqe, opcode).socketId(16)));
            assertEquals(noSocket ? -EINVAL : -EBADF, validator.validate(wellFormed(nqe, opcode).socketId(Integer.MIN_VALUE)));
            assertEquals(noSocket ? -EINVAL : -EBADF, validator.validate(wellFormed(nqe, opcode).socketId(Integer.MAX_VALUE)));
        }
    }

    @Test
    void endpointOperandsMustBePackedEndpoints() {
        for (int opcode : new int[] {Opcode.BIND, Opcode.CONNECT}) {
            assertEquals(0, validator.validate(wellFormed(nqe, opcode).operand(0)));
            assertEquals(0, validator.validate(wellFormed(nqe, opcode).operand(Endpoint.pack(-1, 65535))));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(1L << 48)));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(-1)));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(Long.MIN_VALUE)));
        }
    }

    @Test
    void listenBacklogIsANonNegativeInt() {
        assertEquals(0, validator.validate(wellFormed(nqe, Opcode.LISTEN).operand(0)));
        assertEquals(0, validator.validate(wellFormed(nqe, Opcode.LISTEN).operand(Integer.MAX_VALUE)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.LISTEN).operand(Integer.MAX_VALUE + 1L)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.LISTEN).operand(-1)));
    }

    @Test
    void shutdownHowIsZeroOneOrTwo() {
        for (long how = -1; how <= 3; how++) {
            int expected = how >= 0 && how <= 2 ? 0 : -EINVAL;
            assertEquals(expected, validator.validate(wellFormed(nqe, Opcode.SHUTDOWN).operand(how)), "how " + how);
        }
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.SHUTDOWN).operand(1L << 32 | 1)));
    }

    @Test
    void recvMaxBytesIsBetweenOneAndTheChunkSize() {
        assertEquals(0, validator.validate(wellFormed(nqe, Opcode.RECV).operand(1)));
        assertEquals(0, validator.validate(wellFormed(nqe, Opcode.RECV).operand(256)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.RECV).operand(0)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.RECV).operand(257)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.RECV).operand(-1)));
        assertEquals(-EINVAL, validator.validate(wellFormed(nqe, Opcode.RECV).operand(Long.MAX_VALUE)));
    }

    @Test
    void unusedOperandsMustBeZero() {
        for (int opcode : new int[] {Opcode.NOP, Opcode.SOCKET, Opcode.ACCEPT, Opcode.SEND, Opcode.CLOSE,
            Opcode.GETSOCKNAME, Opcode.GETPEERNAME, Opcode.INFO}) {
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(1)), Opcode.name(opcode));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(Long.MIN_VALUE)), Opcode.name(opcode));
        }
    }

    @Test
    void socketOptionCodesMustBeKnown() {
        for (int opcode : new int[] {Opcode.SETSOCKOPT, Opcode.GETSOCKOPT}) {
            for (SocketOption option : SocketOption.values()) {
                wellFormed(nqe, opcode).operand(option.code());
                if (opcode == Opcode.SETSOCKOPT && option.kind() == SocketOption.Kind.BYTES) {
                    nqe.dataOffset(0).dataLength(5);
                }
                assertEquals(0, validator.validate(nqe), Opcode.name(opcode) + " " + option);
            }
            assertEquals(-ENOPROTOOPT, validator.validate(wellFormed(nqe, opcode).operand(0x0006_0063)));
            assertEquals(-ENOPROTOOPT, validator.validate(wellFormed(nqe, opcode).operand(0)));
            assertEquals(-ENOPROTOOPT, validator.validate(wellFormed(nqe, opcode).operand(0xFFFF_FFFFL)));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(1L << 32 | SocketOption.TCP_NODELAY.code())));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).operand(-1)));
        }
    }

    @Test
    void numericSetsockoptValuesAreNotRangeChecked() {
        wellFormed(nqe, Opcode.SETSOCKOPT).operand(SocketOption.SO_LINGER.code()).optionValue(SocketOption.linger(true, 0));
        assertEquals(0, validator.validate(nqe));
        assertEquals(0, validator.validate(nqe.optionValue(-1L)), "the stack answers -EINVAL for a bad value");
        assertEquals(0, validator.validate(nqe.optionValue(Long.MIN_VALUE)));
    }

    @Test
    void sendRangeMustLieInsideOneTxChunk() {
        int[][] accepted = {{0, 0}, {0, 256}, {255, 1}, {256, 256}, {768, 256}, {1023, 1}, {1023, 0}, {100, 156}};
        for (int[] range : accepted) {
            assertEquals(0, sendWith(range[0], range[1]), "offset " + range[0] + " length " + range[1]);
        }
        int[][] faults = {
            {0, 257},                         // longer than a chunk
            {255, 2},                         // crosses into the next chunk
            {1023, 2},                        // crosses out of the tx area
            {1024, 0},                        // offset at the end of the tx area
            {1024, 1},                        // first byte of the rx area: the other area
            {1280, 100},                      // inside the rx area
            {2048, 1},                        // past the data area
            {-1, 1},                          // before the data area
            {Integer.MIN_VALUE, 0},
            {Integer.MAX_VALUE, 1},
            {768, Integer.MAX_VALUE},         // offset + length overflows an int
            {Integer.MAX_VALUE, Integer.MAX_VALUE}};
        for (int[] range : faults) {
            assertEquals(-EFAULT, sendWith(range[0], range[1]), "offset " + range[0] + " length " + range[1]);
        }
    }

    @Test
    void negativeSendLengthIsInvalid() {
        assertEquals(-EINVAL, sendWith(0, -1));
        assertEquals(-EINVAL, sendWith(256, Integer.MIN_VALUE));
        assertEquals(-EINVAL, sendWith(-1, -1), "length is checked before the offset");
    }

    @Test
    void bytesSetsockoptFollowsTheSendRangeRule() {
        wellFormed(nqe, Opcode.SETSOCKOPT).operand(SocketOption.TCP_CONGESTION.code());
        assertEquals(0, validator.validate(nqe.dataOffset(512).dataLength(5)));
        assertEquals(-EFAULT, validator.validate(nqe.dataOffset(1024).dataLength(5)));
        assertEquals(-EFAULT, validator.validate(nqe.dataOffset(254).dataLength(5)));
        assertEquals(-EINVAL, validator.validate(nqe.dataOffset(0).dataLength(-5)));
    }

    @Test
    void requestsWithoutDataMustHaveZeroDataFields() {
        for (int opcode : REQUESTS) {
            if (opcode == Opcode.SEND || opcode == Opcode.SETSOCKOPT) {
                continue;
            }
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).dataOffset(256)), Opcode.name(opcode));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).dataLength(1)), Opcode.name(opcode));
            assertEquals(-EINVAL, validator.validate(wellFormed(nqe, opcode).dataLength(-1)), Opcode.name(opcode));
        }
    }

    @Test
    void firstFailingCheckDecidesTheErrno() {
        wellFormed(nqe, Opcode.SEND).flags(0x80).socketId(-5).dataOffset(5000);
        assertEquals(-EINVAL, validator.validate(nqe), "flags before socket");
        nqe.flags(0);
        assertEquals(-EBADF, validator.validate(nqe), "socket before data");
        nqe.socketId(1);
        assertEquals(-EFAULT, validator.validate(nqe));
        wellFormed(nqe, Opcode.GETSOCKOPT).socketId(99).operand(0x7777);
        assertEquals(-EBADF, validator.validate(nqe), "socket before option code");
    }

    @Test
    void requestIdIsOpaque() {
        for (long id : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(0, validator.validate(wellFormed(nqe, Opcode.CLOSE).requestId(id)));
        }
    }

    @Test
    void constructorRejectsNonPositiveMaxSockets() {
        assertThrows(IllegalArgumentException.class, () -> new NqeValidator(layout, 0));
        assertEquals(16, validator.maxSockets());
    }

    @Test
    void validatingDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        wellFormed(nqe, Opcode.SETSOCKOPT).operand(SocketOption.TCP_CONGESTION.code()).dataOffset(0).dataLength(4);
        int calls = 20_000;
        long fewest = Long.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                sink += validator.validate(nqe.socketId(i & 31));
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(-Errno.EBADF * (calls / 2L) * 5, sink, "half the socket ids are out of range");
        // One allocation per call would be at least 16 bytes a call; JIT and runtime noise is far less.
        assertTrue(fewest < calls, "the quietest round of " + calls + " validations allocated " + fewest + " bytes");
    }

    private int sendWith(int offset, int length) {
        return validator.validate(wellFormed(nqe, Opcode.SEND).dataOffset(offset).dataLength(length));
    }
}
