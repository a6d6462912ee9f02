package io.nsaas.host.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nsaas.spi.Endpoint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    private static final int A = Endpoint.parseAddress("10.0.0.1");
    private static final int B = Endpoint.parseAddress("10.0.0.2");

    @TempDir
    Path dir;

    private final CachedNanoClock clock = new CachedNanoClock();

    @Test
    void writesClassicPcapHeaderAndOneRecordPerPacket() throws IOException {
        clock.update(5_000_000_000L);
        Path file = dir.resolve("two.pcap");
        PcapWriter writer = PcapWriter.open(file, clock, 1_700_000_000_000_000_000L);
        UnsafeBuffer first = TestPackets.packet(A, B, new byte[] {1, 2, 3});
        UnsafeBuffer second = TestPackets.packet(B, A, new byte[40]);
        clock.advance(1_500_000_123L);
        assertTrue(writer.write(first, 0, first.capacity()));
        clock.advance(2_000_000_000L);
        assertTrue(writer.write(second, 0, second.capacity()));
        writer.close();
        assertFalse(writer.write(first, 0, first.capacity()), "closed writers record nothing");

        PcapFile pcap = PcapFile.read(file);
        assertEquals(new PcapFile.Header(0xA1B23C4D, 2, 4, 65535, 101), pcap.header);
        assertEquals(2, pcap.records.size());
        PcapFile.Record one = pcap.records.get(0);
        assertEquals(1_700_000_001L, one.seconds());
        assertEquals(500_000_123L, one.nanos());
        assertEquals(23, one.includedLength());
        assertEquals(23, one.originalLength());
        assertArrayEquals(first.byteArray(), one.data());
        PcapFile.Record two = pcap.records.get(1);
        assertEquals(1_700_000_003L, two.seconds());
        assertEquals(60, two.originalLength());
        assertEquals(2, writer.packetsWritten());
        assertNull(writer.failure());
    }

    @Test
    void cutsRecordsAtTheSnapLengthButKeepsTheOriginalLength() throws IOException {
        Path file = dir.resolve("big.pcap");
        try (PcapWriter writer = PcapWriter.open(file, clock, 0)) {
            UnsafeBuffer huge = new UnsafeBuffer(new byte[70_000]);
            writer.write(huge, 0, huge.capacity());
        }
        PcapFile.Record record = PcapFile.read(file).records.get(0);
        assertEquals(65535, record.includedLength());
        assertEquals(70_000, record.originalLength());
    }

    @Test
    void reportsAnUncreatableFileByName() {
        Path file = dir.resolve("missing-dir").resolve("x.pcap");
        IOException error = assertThrows(IOException.class, () -> PcapWriter.open(file, clock, 0));
        assertTrue(error.getMessage().startsWith("cannot create pcap file " + file), error.getMessage());
    }

    @Test
    void switchTapRecordsEveryDeliveredPacketAndNoDroppedOne() throws IOException {
        Path file = dir.resolve("tap.pcap");
        PcapWriter writer = PcapWriter.open(file, clock, 0);
        Switch fabric = new Switch(writer);
        SwitchPort a = fabric.attach("a", A, 24, 64 * 1024);
        SwitchPort b = fabric.attach("b", B, 24, 64 * 1024);
        UnsafeBuffer ab = TestPackets.packet(A, B, "hello".getBytes(StandardCharsets.US_ASCII));
        UnsafeBuffer ba = TestPackets.packet(B, A, "world".getBytes(StandardCharsets.US_ASCII));
        UnsafeBuffer lost = TestPackets.packet(A, Endpoint.parseAddress("10.0.0.9"), new byte[4]);
        a.transmit(ab, 0, ab.capacity());
        clock.advance(1_000_000);
        b.transmit(ba, 0, ba.capacity());
        a.transmit(lost, 0, lost.capacity());
        fabric.close();
        writer.close();

        PcapFile pcap = PcapFile.read(file);
        assertEquals(2, pcap.records.size());
        assertArrayEquals(ab.byteArray(), pcap.records.get(0).data());
        assertArrayEquals(ba.byteArray(), pcap.records.get(1).data());
        assertEquals(0, pcap.records.get(0).timeNanos());
        assertEquals(1_000_000, pcap.records.get(1).timeNanos());
    }

    @Test
    void tsharkDecodesTheCaptureAsIpv4WithTheRightAddresses() throws Exception {
        assumeTrue(tsharkInstalled(), "tshark is not installed: skipping the Wireshark check (apt-get install tshark)");
        Path file = dir.resolve("tshark.pcap");
        try (PcapWriter writer = PcapWriter.open(file, clock, 1_700_000_000_000_000_000L)) {
            for (int i = 0; i < 3; i++) {
                UnsafeBuffer packet = TestPackets.packet(A, B, new byte[] {(byte) i, 0, 0, 0});
                clock.advance(250_000);
                writer.write(packet, 0, packet.capacity());
            }
        }
        Process tshark = new ProcessBuilder("tshark", "-r", file.toString(), "-T", "fields",
            "-e", "frame.number", "-e", "ip.version", "-e", "ip.src", "-e", "ip.dst", "-e", "ip.checksum.status",
            "-e", "_ws.col.Info", "-o", "ip.check_checksum:TRUE")
            .redirectErrorStream(true).start();
        assertTrue(tshark.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        String output = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tshark.exitValue(), output);
        assertFalse(output.toLowerCase().contains("malformed"), output);
        List<String> lines = output.lines().filter(line -> !line.isBlank() && Character.isDigit(line.charAt(0))).toList();
        assertEquals(3, lines.size(), output);
        for (String line : lines) {
            String[] fields = line.split("\t");
            assertEquals("4", fields[1], line);
            assertEquals("10.0.0.1", fields[2], line);
            assertEquals("10.0.0.2", fields[3], line);
            assertEquals("1", fields[4], "checksum status 1 is Good (0 Bad, 2 Unverified): " + line);
        }
    }

    private static boolean tsharkInstalled() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, "tshark"))) {
                return true;
            }
        }
        return false;
    }
}
