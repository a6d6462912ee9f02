package io.nsaas.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PatternBytesTest {

    @Test
    void wordsAreSplitMix64OutputsLittleEndian() {
        byte[] bytes = new byte[16];
        PatternBytes.fill(bytes, 0, 16, 0);
        ByteBuffer words = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // splitmix64 seeded with 0: its first two outputs
        assertEquals(0xE220A8397B1DCDAFL, words.getLong());
        assertEquals(0x6E789E6AA1B965F4L, words.getLong());
    }

    @Test
    void anySliceEqualsTheSameRangeOfTheWholeStream() {
        byte[] whole = new byte[1000];
        PatternBytes.fill(whole, 0, whole.length, 0);
        byte[] slice = new byte[333];
        PatternBytes.fill(slice, 0, slice.length, 477);
        assertArrayEquals(Arrays.copyOfRange(whole, 477, 810), slice);
    }

    @Test
    void writtenStreamedAndDigestedFormsAgree() throws Exception {
        long length = 3 * PatternBytes.CHUNK + 12345;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PatternBytes.write(written, length);
        byte[] streamed = PatternBytes.stream(length).readAllBytes();
        assertArrayEquals(written.toByteArray(), streamed);
        assertEquals(length, streamed.length);
        assertArrayEquals(PatternBytes.newSha256().digest(streamed), PatternBytes.sha256(length));
    }

    @Test
    void hexIsLowerCaseTwoDigitsPerByte() {
        assertEquals("00ff7f80", PatternBytes.hex(new byte[] {0, -1, 127, -128}));
    }

    @Test
    void bulkQueryAcceptsOnlyABoundedByteCount() {
        assertEquals(10, HttpBulkServer.bulkLength("bytes=10"));
        assertEquals(-1, HttpBulkServer.bulkLength(null));
        assertEquals(-1, HttpBulkServer.bulkLength("bytes=-1"));
        assertEquals(-1, HttpBulkServer.bulkLength("bytes=x"));
        assertEquals(-1, HttpBulkServer.bulkLength("bytes=" + (HttpBulkServer.MAX_BULK + 1)));
    }
}
