package io.nsaas.host.sim;

import io.nsaas.spi.TcpInfo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the sampled rows of a run until the end, so the {@link TimeseriesSink} can be told the full,
 * final set of algorithm columns before the first row: the union of every algorithm value name any
 * flow reported, in the order first seen (a stack may only report a value, such as DCTCP's
 * {@code alpha}, once connected). Rows go to a temporary binary file, so memory stays bounded on
 * long runs; {@link #replay} hands them to the sink in the order they were taken and deletes it.
 *
 * <pre>
 * row record (big-endian):
 *   long time_ns | int flow | long cwnd_bytes | long ssthresh_bytes | long srtt_us | long inflight_bytes
 *   | long delivered_bytes | int queue_packets | byte n | n x (short column, double value)
 * </pre>
 *
 * <p>Threading: the simulator's thread. {@link #add} does not allocate except when a new column name
 * is seen.
 */
final class TimeseriesSpool implements AutoCloseable {
    private final Path file;
    private final DataOutputStream out;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final List<String> columns = new ArrayList<>();
    private long rows;

    TimeseriesSpool() {
        try {
            file = Files.createTempFile("nsaas-sim-", ".rows");
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for the simulator's time series in "
                + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + "; free space or set java.io.tmpdir", e);
        }
    }

    /** Records one flow's row; cwnd, ssthresh and inflight are already converted to bytes. */
    void add(long timeNanos, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
             long deliveredBytes, int queuePackets, TcpInfo info) {
        try {
            out.writeLong(timeNanos);
            out.writeInt(flow);
            out.writeLong(cwndBytes);
            out.writeLong(ssthreshBytes);
            out.writeLong(srttUs);
            out.writeLong(inflightBytes);
            out.writeLong(deliveredBytes);
            out.writeInt(queuePackets);
            int n = info.algorithmValueCount();
            out.writeByte(n);
            for (int i = 0; i < n; i++) {
                out.writeShort(column(info.algorithmValueName(i)));
                out.writeDouble(info.algorithmValue(i));
            }
        } catch (IOException e) {
            throw failure(e);
        }
        rows++;
    }

    private int column(String name) {
        Integer index = columnIndex.get(name);
        if (index == null) {
            index = columns.size();
            columnIndex.put(name, index);
            columns.add(name);
        }
        return index;
    }

    /** @return the rows recorded */
    long rows() {
        return rows;
    }

    /** @return the algorithm columns seen so far, in first-seen order */
    List<String> columns() {
        return List.copyOf(columns);
    }

    /** Calls {@code sink.begin(columns)}, every row in order, then {@code sink.end()}. */
    void replay(TimeseriesSink sink) {
        try {
            out.close();
        } catch (IOException e) {
            throw failure(e);
        }
        sink.begin(columns());
        int width = columns.size();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (long r = 0; r < rows; r++) {
                long time = in.readLong();
                int flow = in.readInt();
                long cwnd = in.readLong();
                long ssthresh = in.readLong();
                long srtt = in.readLong();
                long inflight = in.readLong();
                long delivered = in.readLong();
                int queue = in.readInt();
                double[] values = new double[width]; // the sink may keep it; replay is off the simulated path
                Arrays.fill(values, Double.NaN);
                int n = in.readUnsignedByte();
                for (int i = 0; i < n; i++) {
                    int column = in.readUnsignedShort();
                    values[column] = in.readDouble();
                }
                sink.row(time / 1e9, flow, cwnd, ssthresh, srtt, inflight, delivered, queue, values);
            }
        } catch (EOFException e) {
            throw new IllegalStateException("the simulator's time series file " + file + " was truncated", e);
        } catch (IOException e) {
            throw failure(e);
        }
        sink.end();
    }

    private UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("cannot write or read the simulator's time series file " + file + ": "
            + e.getMessage(), e);
    }

    /** Closes and deletes the file. Idempotent. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted next; a close failure changes nothing
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
