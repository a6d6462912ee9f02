package io.nsaas.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeseriesCsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void replaysWhatTheWriterWroteRowForRow() throws IOException {
        Path file = dir.resolve(TimeseriesCsvWriter.FILE_NAME);
        RecordingTimeseries direct = new RecordingTimeseries();
        try (TimeseriesCsvWriter csv = TimeseriesCsvWriter.open(file)) {
            TimeseriesSink both = TimeseriesSink.all(csv, direct);
            both.begin(List.of("alpha", "w_max"));
            both.row(0.000250, 0, 14480, -1, 115, 14480, 0, 3, new double[] {1.0, Double.NaN});
            both.row(1.5, 1, 28960, 20272, 230, 1448, 1_000_000, 20, new double[] {0.0625, 1234.5});
            both.end();
        }
        RecordingTimeseries replayed = new RecordingTimeseries();
        TimeseriesCsvReader.replay(file, replayed);

        assertEquals(direct.columns, replayed.columns);
        assertEquals(direct.rows, replayed.rows);
        assertEquals(1, replayed.ends);
    }

    @Test
    void refusesAFileThatIsNotATimeSeries() throws IOException {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "a,b,c\n1,2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TimeseriesCsvReader.replay(file, new RecordingTimeseries()));
        assertTrue(e.getMessage().startsWith(file + ":1: not an nsaas sim time series"), e.getMessage());
    }

    @Test
    void namesTheLineOfABadRow() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, TimeseriesCsvWriter.HEADER + ",alpha\n0.1,0,1,2,3,4,5,6,0.5\n0.2,0,1,2,x,4,5,6,0.5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TimeseriesCsvReader.replay(file, new RecordingTimeseries()));
        assertTrue(e.getMessage().startsWith(file + ":3: a field is not a number"), e.getMessage());
        Files.writeString(file, TimeseriesCsvWriter.HEADER + "\n0.1,0,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> TimeseriesCsvReader.replay(file, new RecordingTimeseries()));
        assertTrue(e.getMessage().startsWith(file + ":2: 3 fields; expected 8"), e.getMessage());
    }
}
