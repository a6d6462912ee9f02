package io.nsaas.host.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@code timeseries.csv} written by {@link TimeseriesCsvWriter} and replays it into a
 * {@link TimeseriesSink}, so an analysis written as a sink (such as {@link CubicWindowFit}) runs on a
 * published run as well as on a live one. Empty algorithm fields read as NaN.
 *
 * <p>Errors: a file that is not such a time series (wrong header, wrong field count, a field that is not
 * a number) is refused with {@link IllegalArgumentException} naming {@code FILE:LINE} and what was
 * expected. Column names written quoted (names holding a comma or quote) are refused too.
 */
public final class TimeseriesCsvReader {
    private static final int FIXED = TimeseriesCsvWriter.HEADER.split(",").length;

    private TimeseriesCsvReader() {
    }

    /** Replays every row of {@code file} into {@code sink}: begin, rows in file order, end. */
    public static void replay(Path file, TimeseriesSink sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !(header.equals(TimeseriesCsvWriter.HEADER)
                || header.startsWith(TimeseriesCsvWriter.HEADER + ","))) {
                throw new IllegalArgumentException(file + ":1: not an nsaas sim time series; expected the header "
                    + TimeseriesCsvWriter.HEADER + "[,algorithm columns]");
            }
            String[] names = header.split(",", -1);
            if (header.indexOf('"') >= 0) {
                throw new IllegalArgumentException(file + ":1: quoted column names are not supported");
            }
            List<String> algorithm = List.of(Arrays.copyOfRange(names, FIXED, names.length));
            sink.begin(algorithm);
            double[] values = new double[algorithm.size()];
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                String[] f = line.split(",", -1);
                if (f.length != names.length) {
                    throw new IllegalArgumentException(file + ":" + number + ": " + f.length + " fields; expected "
                        + names.length + " as in the header");
                }
                try {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = f[FIXED + i].isEmpty() ? Double.NaN : Double.parseDouble(f[FIXED + i]);
                    }
                    sink.row(Double.parseDouble(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Integer.parseInt(f[7]), values);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": a field is not a number ("
                        + e.getMessage() + "); expected the numbers TimeseriesCsvWriter writes");
                }
            }
            sink.end();
        }
    }
}
