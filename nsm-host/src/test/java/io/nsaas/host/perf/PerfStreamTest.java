package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class PerfStreamTest {

    @Test
    void seedOneBeginsWithTheDocumentedPrefix() {
        // Computed independently with the Python snippet in PerfStream's javadoc.
        assertEquals("1ddd6c894bcee4471d6579e0a8a6cfab571f73eb8f0dd1b99d011bbba018b44d",
            HexFormat.of().formatHex(ExpectedStream.bytes(32, 1)));
    }

    @Test
    void anotherSeedGivesTheIndependentlyComputedStream() {
        assertEquals("a0a39b71b74ace56da2dbbeb53eb41c8760298c9e06b46cadf707b4a33c7acf1",
            HexFormat.of().formatHex(ExpectedStream.bytes(32, 42)));
    }

    @Test
    void sha256OfAMillionAndThreeBytesMatchesTheIndependentImplementation() {
        assertEquals("d92593a796d6f172804ce103fb4349ddc9d0f620923af269d4f6d634272204d6",
            ExpectedStream.sha256(1_000_003, 1));
    }

    @Test
    void consecutiveBlocksContinueOneStream() {
        byte[] whole = new byte[2 * PerfStream.BLOCK_BYTES];
        new PerfStream(7).fill(new UnsafeBuffer(whole), 0, whole.length);

        PerfStream stream = new PerfStream(7);
        byte[] block = new byte[PerfStream.BLOCK_BYTES];
        byte[] joined = new byte[whole.length];
        for (int i = 0; i < 2; i++) {
            stream.fill(new UnsafeBuffer(block), 0, block.length);
            System.arraycopy(block, 0, joined, i * block.length, block.length);
        }

        assertArrayEquals(whole, joined);
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        assertArrayEquals(ExpectedStream.bytes(4096, 99), ExpectedStream.bytes(4096, 99));
        assertTrue(!java.util.Arrays.equals(ExpectedStream.bytes(4096, 99), ExpectedStream.bytes(4096, 100)));
    }

    @Test
    void seedZeroAndUnalignedFillsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PerfStream(0));
        PerfStream stream = new PerfStream(1);
        assertThrows(IllegalArgumentException.class, () -> stream.fill(new UnsafeBuffer(new byte[16]), 0, 12));
    }
}
