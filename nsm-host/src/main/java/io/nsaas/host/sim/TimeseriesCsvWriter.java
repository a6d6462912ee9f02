package io.nsaas.host.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the samples of a run as {@code timeseries.csv}: the header
 * {@value #HEADER} followed by one column per algorithm value (e.g. {@code alpha}), then one row per
 * sample.
 *
 * <p>Formatting is fixed so the same run always gives the same bytes: {@code time_s} with six decimals
 * (microseconds), whole numbers as integers, algorithm values with at most six decimals and no
 * trailing zeros (rounded in integer arithmetic, independent of the JDK's {@code Double.toString}), and an empty
 * field for NaN or an infinite value. Lines end with {@code \n}.
 *
 * <p>Threading: the simulation thread. Errors: an I/O failure is thrown as
 * {@link UncheckedIOException} naming the file.
 */
public final class TimeseriesCsvWriter implements TimeseriesSink, AutoCloseable {
    /** The file name in the output directory. */
    public static final String FILE_NAME = "timeseries.csv";
    /** The fixed columns, in order. */
    public static final String HEADER = "time_s,flow,cwnd_bytes,ssthresh_bytes,srtt_us,inflight_bytes,delivered_bytes,queue_packets";

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final double LARGEST_FAST = 9.0e12;

    private final Path file;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private int algorithmColumns = -1;

    private TimeseriesCsvWriter(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or truncates) {@code file}. */
    public static TimeseriesCsvWriter open(Path file) throws IOException {
        return new TimeseriesCsvWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    @Override
    public void begin(List<String> columns) {
        if (algorithmColumns >= 0) {
            throw new IllegalStateException("begin was already called");
        }
        algorithmColumns = columns.size();
        line.setLength(0);
        line.append(HEADER);
        for (String column : columns) {
            line.append(',').append(csvName(column));
        }
        flushLine();
    }

    @Override
    public void row(double timeS, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
                    long deliveredBytes, int queuePackets, double[] algorithmValues) {
        if (algorithmColumns < 0) {
            throw new IllegalStateException("row before begin");
        }
        line.setLength(0);
        appendMicros(line, Math.round(timeS * MICROS_PER_SECOND));
        line.append(',').append(flow).append(',').append(cwndBytes).append(',').append(ssthreshBytes)
            .append(',').append(srttUs).append(',').append(inflightBytes).append(',').append(deliveredBytes)
            .append(',').append(queuePackets);
        for (int i = 0; i < algorithmColumns; i++) {
            line.append(',');
            if (algorithmValues != null && i < algorithmValues.length) {
                appendValue(line, algorithmValues[i]);
            }
        }
        flushLine();
    }

    @Override
    public void end() {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void flushLine() {
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }

    /** Appends {@code micros} as seconds with six decimals, e.g. {@code 0.000250}, {@code -1.500000}. */
    static void appendMicros(StringBuilder to, long micros) {
        if (micros < 0) {
            to.append('-');
            micros = -micros;
        }
        long fraction = micros % MICROS_PER_SECOND;
        to.append(micros / MICROS_PER_SECOND).append('.');
        for (long digit = MICROS_PER_SECOND / 10; digit > 1 && fraction < digit; digit /= 10) {
            to.append('0');
        }
        to.append(fraction);
    }

    /** Appends {@code value} rounded to six decimals without trailing zeros; nothing for NaN or infinities. */
    static void appendValue(StringBuilder to, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (Math.abs(value) >= LARGEST_FAST) {
            to.append(new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
            return;
        }
        long micros = Math.round(value * MICROS_PER_SECOND);
        if (micros % MICROS_PER_SECOND == 0) {
            to.append(micros / MICROS_PER_SECOND);
            return;
        }
        appendMicros(to, micros);
        int end = to.length();
        while (to.charAt(end - 1) == '0') {
            end--;
        }
        to.setLength(end);
    }

    private static String csvName(String name) {
        if (name.indexOf(',') < 0 && name.indexOf('"') < 0 && name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
