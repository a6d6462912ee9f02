package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeseriesCsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheFixedHeaderThenAlgorithmColumnsThenRows() throws IOException {
        Path file = dir.resolve(TimeseriesCsvWriter.FILE_NAME);
        try (TimeseriesCsvWriter csv = TimeseriesCsvWriter.open(file)) {
            csv.begin(List.of("alpha", "w,max"));
            double[] values = {0.0625, Double.NaN};
            csv.row(0.0001, 0, 14_480, Long.MAX_VALUE, 100, 14_480, 0, 3, values);
            values[0] = Double.NaN;
            values[1] = 1234.5;
            csv.row(2.5, 1, 1448, 2896, 1_250, 0, 123_456_789, 0, values);
            values[0] = -0.1234564;
            values[1] = 1e13 + 0.25;
            csv.row(12.0000004, 0, 0, 0, 0, 0, 0, 0, values);
            csv.end();
        }
        assertEquals("""
            time_s,flow,cwnd_bytes,ssthresh_bytes,srtt_us,inflight_bytes,delivered_bytes,queue_packets,alpha,"w,max"
            0.000100,0,14480,9223372036854775807,100,14480,0,3,0.0625,
            2.500000,1,1448,2896,1250,0,123456789,0,,1234.5
            12.000000,0,0,0,0,0,0,0,-0.123456,10000000000000.25
            """, Files.readString(file));
    }

    @Test
    void writesOnlyTheFixedColumnsWhenNoAlgorithmHasValues() throws IOException {
        Path file = dir.resolve(TimeseriesCsvWriter.FILE_NAME);
        try (TimeseriesCsvWriter csv = TimeseriesCsvWriter.open(file)) {
            csv.begin(List.of());
            csv.row(1, 0, 1, 2, 3, 4, 5, 6, new double[0]);
            csv.end();
        }
        assertEquals(TimeseriesCsvWriter.HEADER + "\n1.000000,0,1,2,3,4,5,6\n", Files.readString(file));
    }

    @Test
    void refusesRowsBeforeTheHeader() throws IOException {
        try (TimeseriesCsvWriter csv = TimeseriesCsvWriter.open(dir.resolve("t.csv"))) {
            assertThrows(IllegalStateException.class, () -> csv.row(0, 0, 0, 0, 0, 0, 0, 0, new double[0]));
        }
    }
}
