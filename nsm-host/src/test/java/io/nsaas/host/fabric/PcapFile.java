package io.nsaas.host.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A minimal reader of classic pcap files for tests: checks the file header, returns the records. */
final class PcapFile {
    record Header(int magic, int versionMajor, int versionMinor, int snaplen, int linktype) {
    }

    record Record(long seconds, long nanos, int includedLength, int originalLength, byte[] data) {
        long timeNanos() {
            return seconds * 1_000_000_000L + nanos;
        }
    }

    final Header header;
    final List<Record> records;

    private PcapFile(Header header, List<Record> records) {
        this.header = header;
        this.records = records;
    }

    static PcapFile read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Header header = new Header(bytes.getInt(), bytes.getShort() & 0xFFFF, bytes.getShort() & 0xFFFF,
            skipThen(bytes, 8).getInt(), bytes.getInt());
        List<Record> records = new ArrayList<>();
        while (bytes.remaining() > 0) {
            long seconds = bytes.getInt() & 0xFFFF_FFFFL;
            long nanos = bytes.getInt() & 0xFFFF_FFFFL;
            int included = bytes.getInt();
            int original = bytes.getInt();
            byte[] data = new byte[included];
            bytes.get(data);
            records.add(new Record(seconds, nanos, included, original, data));
        }
        assertEquals(0, bytes.remaining(), "no trailing bytes");
        return new PcapFile(header, records);
    }

    private static ByteBuffer skipThen(ByteBuffer buffer, int skip) {
        buffer.position(buffer.position() + skip);
        return buffer;
    }
}
