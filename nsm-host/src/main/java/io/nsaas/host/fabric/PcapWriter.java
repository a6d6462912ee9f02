package io.nsaas.host.fabric;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes packets to a classic libpcap file that Wireshark and tshark read: nanosecond timestamps,
 * link type {@link #LINKTYPE_RAW} (each record is a bare IPv4 packet), little-endian.
 *
 * <pre>
 * file header (24 bytes)                      record header (16 bytes), then incl_len packet bytes
 * +---------------------------------------+  +---------------------------------------+
 * | magic 0xa1b23c4d (ns timestamps)    0 |  | ts_sec   seconds since the epoch    0 |
 * | version_major 2 | version_minor 4   4 |  | ts_nsec  nanoseconds in the second  4 |
 * | thiszone 0                          8 |  | incl_len bytes stored (<= snaplen)  8 |
 * | sigfigs 0                          12 |  | orig_len bytes on the wire         12 |
 * | snaplen 65535                      16 |  +---------------------------------------+
 * | linktype 101 (LINKTYPE_RAW)        20 |
 * +---------------------------------------+
 * </pre>
 *
 * <p><b>Timestamps.</b> A record's time is {@code startEpochNanos + (clock.nanoTime() - t0)} where
 * {@code t0} is the clock reading when the file was opened. In real time pass the wall-clock time of
 * opening (for example agrona's {@code SystemEpochNanoClock}) to get calendar times; in virtual time
 * pass 0, so timestamps are the virtual time since the capture began and the file is reproducible
 * byte for byte.
 *
 * <p><b>Threading.</b> {@link #write} may be called from several NSM threads at once; records are
 * written whole, in the order the calls take the writer's lock. It does not allocate. An I/O error
 * is logged once, stops the capture and is reported by {@link #failure()}; it never reaches the
 * packet path as an exception.
 */
public final class PcapWriter implements AutoCloseable {
    /** Magic number of the nanosecond-resolution variant. */
    public static final int MAGIC_NANOS = 0xA1B23C4D;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    public static final int SNAPLEN = 65535;
    /** LINKTYPE_RAW: the packet begins with an IPv4 or IPv6 header. */
    public static final int LINKTYPE_RAW = 101;
    public static final int FILE_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(PcapWriter.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Path file;
    private final NanoClock clock;
    private final long startEpochNanos;
    private final long clockAtOpen;
    private final OutputStream out;
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_HEADER_LENGTH + SNAPLEN]);
    private long packets;
    private IOException failure;
    private boolean closed;

    private PcapWriter(Path file, NanoClock clock, long startEpochNanos, OutputStream out) {
        this.file = file;
        this.clock = clock;
        this.startEpochNanos = startEpochNanos;
        this.clockAtOpen = clock.nanoTime();
        this.out = out;
    }

    /**
     * Creates (or truncates) {@code file} and writes the file header.
     *
     * @param startEpochNanos the pcap time of the first instant, nanoseconds since 1970-01-01 UTC
     * @throws IOException when the file cannot be created; the message names it
     */
    public static PcapWriter open(Path file, NanoClock clock, long startEpochNanos) throws IOException {
        OutputStream out;
        try {
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new IOException("cannot create pcap file " + file + ": " + e.getMessage(), e);
        }
        PcapWriter writer = new PcapWriter(file, clock, startEpochNanos, out);
        try {
            writer.writeFileHeader();
        } catch (IOException e) {
            out.close();
            throw new IOException("cannot write pcap file " + file + ": " + e.getMessage(), e);
        }
        return writer;
    }

    private void writeFileHeader() throws IOException {
        UnsafeBuffer header = new UnsafeBuffer(new byte[FILE_HEADER_LENGTH]);
        header.putInt(0, MAGIC_NANOS, ByteOrder.LITTLE_ENDIAN);
        header.putShort(4, (short) VERSION_MAJOR, ByteOrder.LITTLE_ENDIAN);
        header.putShort(6, (short) VERSION_MINOR, ByteOrder.LITTLE_ENDIAN);
        header.putInt(8, 0, ByteOrder.LITTLE_ENDIAN);
        header.putInt(12, 0, ByteOrder.LITTLE_ENDIAN);
        header.putInt(16, SNAPLEN, ByteOrder.LITTLE_ENDIAN);
        header.putInt(20, LINKTYPE_RAW, ByteOrder.LITTLE_ENDIAN);
        out.write(header.byteArray());
    }

    /**
     * Appends one packet stamped with the clock's current time; bytes beyond {@link #SNAPLEN} are
     * cut (the record keeps the original length).
     *
     * @return true when recorded, false after close or an I/O failure
     */
    public synchronized boolean write(DirectBuffer packet, int offset, int length) {
        if (closed || failure != null) {
            return false;
        }
        long stamp = Math.max(0, startEpochNanos + (clock.nanoTime() - clockAtOpen));
        int stored = Math.min(length, SNAPLEN);
        record.putInt(0, (int) (stamp / NANOS_PER_SECOND), ByteOrder.LITTLE_ENDIAN);
        record.putInt(4, (int) (stamp % NANOS_PER_SECOND), ByteOrder.LITTLE_ENDIAN);
        record.putInt(8, stored, ByteOrder.LITTLE_ENDIAN);
        record.putInt(12, length, ByteOrder.LITTLE_ENDIAN);
        packet.getBytes(offset, record, RECORD_HEADER_LENGTH, stored);
        try {
            out.write(record.byteArray(), 0, RECORD_HEADER_LENGTH + stored);
        } catch (IOException e) {
            fail(e);
            return false;
        }
        packets++;
        return true;
    }

    /** Pushes buffered records to the file. */
    public synchronized void flush() {
        if (closed || failure != null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failure = e;
        LOG.error("pcap capture to {} stopped: {}", file, e.toString());
        try {
            out.close();
        } catch (IOException ignored) {
            // the first failure is the one reported
        }
    }

    /** @return packets recorded so far */
    public synchronized long packetsWritten() {
        return packets;
    }

    /** @return the I/O error that stopped the capture, or null */
    public synchronized IOException failure() {
        return failure;
    }

    /** @return the file being written */
    public Path file() {
        return file;
    }

    /** Flushes and closes the file. Idempotent; an I/O error is logged and kept in {@link #failure()}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure != null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            failure = e;
            LOG.error("pcap capture to {} could not be closed: {}", file, e.toString());
        }
    }
}
