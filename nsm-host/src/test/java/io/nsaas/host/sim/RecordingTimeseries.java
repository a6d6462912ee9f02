package io.nsaas.host.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link TimeseriesSink} that keeps every call, rows as text, for comparing runs. */
final class RecordingTimeseries implements TimeseriesSink {
    final List<String> columns = new ArrayList<>();
    final List<String> rows = new ArrayList<>();
    final List<long[]> values = new ArrayList<>();
    int begins;
    int ends;

    @Override
    public void begin(List<String> algorithmColumns) {
        if (!rows.isEmpty()) {
            throw new AssertionError("begin after rows");
        }
        begins++;
        columns.addAll(algorithmColumns);
    }

    @Override
    public void row(double timeS, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
                    long deliveredBytes, int queuePackets, double[] algorithmValues) {
        if (begins != 1 || ends != 0) {
            throw new AssertionError("row outside begin/end");
        }
        rows.add(timeS + "," + flow + "," + cwndBytes + "," + ssthreshBytes + "," + srttUs + "," + inflightBytes + ","
            + deliveredBytes + "," + queuePackets + "," + Arrays.toString(algorithmValues));
        values.add(new long[] {Math.round(timeS * 1e9), flow, cwndBytes, ssthreshBytes, srttUs, inflightBytes,
            deliveredBytes, queuePackets});
    }

    @Override
    public void end() {
        ends++;
    }
}
