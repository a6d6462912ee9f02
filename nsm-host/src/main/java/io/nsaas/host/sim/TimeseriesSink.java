package io.nsaas.host.sim;

import java.util.List;

/**
 * Receives the per-flow samples of a run, in time order (rows of one instant in flow order).
 *
 * <p>Threading: called by the simulation thread only. {@link #row} is called many times per simulated
 * second; implementations must not keep a reference to {@code algorithmValues}, which the caller reuses.
 * Errors: an implementation that cannot store a row throws {@link java.io.UncheckedIOException}, which
 * ends the run as a runtime failure.
 */
public interface TimeseriesSink {

    /**
     * Called once, before any row.
     *
     * @param algorithmColumns names of the extra per-algorithm columns (e.g. {@code alpha}), in the
     *                         order of {@link #row}'s {@code algorithmValues}
     */
    void begin(List<String> algorithmColumns);

    /**
     * One sample of one flow.
     *
     * @param timeS           virtual time, seconds since the run began
     * @param flow            the flow's id
     * @param cwndBytes       congestion window
     * @param ssthreshBytes   slow-start threshold
     * @param srttUs          smoothed RTT, microseconds
     * @param inflightBytes   bytes sent and not yet acknowledged
     * @param deliveredBytes  bytes the receiver has read so far (cumulative)
     * @param queuePackets    the bottleneck queue length at that instant
     * @param algorithmValues the extra columns' values, NaN where the flow's algorithm has no such value
     */
    void row(double timeS, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
             long deliveredBytes, int queuePackets, double[] algorithmValues);

    /** Called once after the last row (also after a failed run); flushes what was written. */
    void end();

    /** @return a sink that forwards every call to each of {@code sinks}, in order */
    static TimeseriesSink all(TimeseriesSink... sinks) {
        List<TimeseriesSink> list = List.of(sinks);
        return new TimeseriesSink() {
            @Override
            public void begin(List<String> algorithmColumns) {
                for (TimeseriesSink sink : list) {
                    sink.begin(algorithmColumns);
                }
            }

            @Override
            public void row(double timeS, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
                            long deliveredBytes, int queuePackets, double[] algorithmValues) {
                for (TimeseriesSink sink : list) {
                    sink.row(timeS, flow, cwndBytes, ssthreshBytes, srttUs, inflightBytes, deliveredBytes, queuePackets,
                        algorithmValues);
                }
            }

            @Override
            public void end() {
                for (TimeseriesSink sink : list) {
                    sink.end();
                }
            }
        };
    }
}
