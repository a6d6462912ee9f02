package io.nsaas.conformance.algo;

import io.nsaas.host.sim.TimeseriesSink;
import java.util.Arrays;
import java.util.List;

/**
 * The simulator's samples of one flow's {@code TcpInfo} as seen from outside the stack: time, cwnd,
 * ssthresh (-1 while unset), smoothed RTT, bytes in flight, bytes delivered, the bottleneck queue, and
 * the stack's named algorithm values (NaN where a sample has none). Rows of other flows are ignored.
 *
 * <p>Threading: filled by the simulation thread, read after the run on the same thread.
 */
final class FlowSamples implements TimeseriesSink {
    private final int flow;
    private List<String> columns = List.of();
    private double[] time = new double[1024];
    private long[] cwnd = new long[1024];
    private long[] ssthresh = new long[1024];
    private long[] srttUs = new long[1024];
    private long[] inflight = new long[1024];
    private long[] delivered = new long[1024];
    private int[] queue = new int[1024];
    private double[][] values = new double[1024][];
    private int count;

    /** @param flow the id of the flow to record */
    public FlowSamples(int flow) {
        this.flow = flow;
    }

    @Override
    public void begin(List<String> algorithmColumns) {
        columns = List.copyOf(algorithmColumns);
    }

    @Override
    public void row(double timeS, int rowFlow, long cwndBytes, long ssthreshBytes, long srtt, long inflightBytes,
                    long deliveredBytes, int queuePackets, double[] algorithmValues) {
        if (rowFlow != flow) {
            return;
        }
        if (count == time.length) {
            grow();
        }
        time[count] = timeS;
        cwnd[count] = cwndBytes;
        ssthresh[count] = ssthreshBytes;
        srttUs[count] = srtt;
        inflight[count] = inflightBytes;
        delivered[count] = deliveredBytes;
        queue[count] = queuePackets;
        values[count] = Arrays.copyOf(algorithmValues, columns.size());
        count++;
    }

    @Override
    public void end() {
    }

    private void grow() {
        int n = 2 * time.length;
        time = Arrays.copyOf(time, n);
        cwnd = Arrays.copyOf(cwnd, n);
        ssthresh = Arrays.copyOf(ssthresh, n);
        srttUs = Arrays.copyOf(srttUs, n);
        inflight = Arrays.copyOf(inflight, n);
        delivered = Arrays.copyOf(delivered, n);
        queue = Arrays.copyOf(queue, n);
        values = Arrays.copyOf(values, n);
    }

    /** @return the number of samples */
    public int size() {
        return count;
    }

    /** @return seconds since the run began of sample {@code i} */
    public double time(int i) {
        return time[i];
    }

    /** @return cwnd of sample {@code i}, bytes */
    public long cwnd(int i) {
        return cwnd[i];
    }

    /** @return ssthresh of sample {@code i}, bytes, or -1 while the stack has not set it */
    public long ssthresh(int i) {
        return ssthresh[i];
    }

    /** @return smoothed RTT of sample {@code i}, microseconds */
    public long srttUs(int i) {
        return srttUs[i];
    }

    /** @return bytes in flight at sample {@code i} */
    public long inflight(int i) {
        return inflight[i];
    }

    /** @return bytes the receiving application had read at sample {@code i} */
    public long delivered(int i) {
        return delivered[i];
    }

    /** @return the bottleneck queue, packets, at sample {@code i} */
    public int queue(int i) {
        return queue[i];
    }

    /** @return whether any sample of the run carried the algorithm value {@code name} */
    public boolean hasValue(String name) {
        return columns.contains(name);
    }

    /** @return the algorithm value {@code name} of sample {@code i}, NaN when that sample has none */
    public double value(String name, int i) {
        int column = columns.indexOf(name);
        return column < 0 ? Double.NaN : values[i][column];
    }

    /**
     * @return the index of the first sample whose time, cwnd, ssthresh, RTT, flight, delivered bytes or
     *         queue differ from {@code other}'s, {@code min(size)} when one is a prefix of the other and
     *         longer, or -1 when both are identical
     */
    int firstDifference(FlowSamples other) {
        int n = Math.min(count, other.count);
        for (int i = 0; i < n; i++) {
            if (time[i] != other.time[i] || cwnd[i] != other.cwnd[i] || ssthresh[i] != other.ssthresh[i]
                || srttUs[i] != other.srttUs[i] || inflight[i] != other.inflight[i] || delivered[i] != other.delivered[i]
                || queue[i] != other.queue[i]) {
                return i;
            }
        }
        return count == other.count ? -1 : n;
    }

    /** @return the flow's MSS, bytes: the greatest common divisor of its cwnd samples (cwnd is whole segments) */
    public long mss() {
        long gcd = 0;
        for (int i = 0; i < count; i++) {
            long a = gcd;
            long b = cwnd[i];
            while (b != 0) {
                long r = a % b;
                a = b;
                b = r;
            }
            gcd = a;
        }
        return gcd;
    }
}
