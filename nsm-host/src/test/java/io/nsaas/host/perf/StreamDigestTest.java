package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class StreamDigestTest {
    private static final String SHA_OF_5000 = ExpectedStream.sha256(5000, 3);

    @Test
    void heapSlicesAtAnOffsetHashLikeTheWholeArray() {
        byte[] data = ExpectedStream.bytes(5000, 3);
        byte[] padded = new byte[5000 + 37];
        System.arraycopy(data, 0, padded, 37, 5000);
        UnsafeBuffer view = new UnsafeBuffer(padded, 11, padded.length - 11); // wrap adjustment 11
        StreamDigest digest = new StreamDigest(1024);

        digest.update(view, 26, 1000);
        digest.update(view, 1026, 4000);

        assertEquals(SHA_OF_5000, digest.finishHex());
    }

    @Test
    void offHeapBytesGoThroughTheSmallScratchInPieces() {
        ByteBuffer direct = ByteBuffer.allocateDirect(5000);
        direct.put(ExpectedStream.bytes(5000, 3)).flip();
        StreamDigest digest = new StreamDigest(700);

        digest.update(new UnsafeBuffer(direct), 0, 5000);

        assertEquals(SHA_OF_5000, digest.finishHex());
    }

    @Test
    void finishingStartsOver() {
        StreamDigest digest = new StreamDigest(64);
        digest.update(new UnsafeBuffer(new byte[] {1, 2, 3}), 0, 3);
        digest.finishHex();

        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", digest.finishHex());
    }
}
