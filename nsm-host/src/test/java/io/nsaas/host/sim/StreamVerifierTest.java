package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nsaas.host.perf.PerfStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class StreamVerifierTest {

    private static UnsafeBuffer stream(long seed, int blocks) {
        UnsafeBuffer bytes = new UnsafeBuffer(new byte[blocks * PerfStream.BLOCK_BYTES]);
        new PerfStream(seed).fill(bytes, 0, bytes.capacity());
        return bytes;
    }

    @Test
    void acceptsTheStreamInOddSizedPieces() {
        UnsafeBuffer bytes = stream(7, 3);
        StreamVerifier verifier = new StreamVerifier(7);
        int at = 0;
        for (int piece = 1; at < bytes.capacity(); piece = piece * 3 % 9001 + 1) {
            int n = Math.min(piece, bytes.capacity() - at);
            verifier.check(bytes, at, n);
            at += n;
        }
        assertEquals(bytes.capacity(), verifier.verified());
        assertEquals(StreamVerifier.NO_MISMATCH, verifier.firstMismatch());
    }

    @Test
    void reportsTheOffsetOfTheFirstWrongByte() {
        UnsafeBuffer bytes = stream(7, 2);
        bytes.putByte(70_001, (byte) (bytes.getByte(70_001) ^ 0x10));
        bytes.putByte(90_000, (byte) (bytes.getByte(90_000) ^ 0x01));
        StreamVerifier verifier = new StreamVerifier(7);
        verifier.check(bytes, 0, 65_000);
        verifier.check(bytes, 65_000, bytes.capacity() - 65_000);
        assertEquals(70_001, verifier.firstMismatch());
    }

    @Test
    void anotherSeedDoesNotMatch() {
        StreamVerifier verifier = new StreamVerifier(8);
        verifier.check(stream(7, 1), 0, 100);
        assertEquals(0, verifier.firstMismatch());
    }
}
