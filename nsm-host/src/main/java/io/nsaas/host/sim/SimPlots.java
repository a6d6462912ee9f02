package io.nsaas.host.sim;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Records the samples of a run (as a {@link TimeseriesSink}) and draws them as PNG plots with XChart:
 * {@value #CWND} (congestion window per flow), {@value #QUEUE} (bottleneck queue) and
 * {@value #GOODPUT} (goodput per flow, from the change of delivered bytes between kept samples).
 *
 * <p>Memory is bounded whatever the run's length: each series keeps at most {@link #MAX_POINTS}
 * evenly spread samples ({@link DownsampledSeries}). Drawing needs no display: the class sets
 * {@code java.awt.headless=true} before AWT is first used (unless the property is already set).
 *
 * <p>Threading: {@link TimeseriesSink} calls come from the simulation thread; call {@link #write}
 * after {@link #end}, from any one thread.
 */
public final class SimPlots implements TimeseriesSink {
    public static final String CWND = "cwnd.png";
    public static final String QUEUE = "queue.png";
    public static final String GOODPUT = "goodput.png";
    /** The most points kept per series. */
    public static final int MAX_POINTS = 4096;

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 500;
    private static final double BITS_PER_BYTE = 8;
    private static final double MEGA = 1e6;
    private static final int GOODPUT_WINDOWS = 250;
    /** Sample times are sums of doubles: a window one rounding error short still counts as full. */
    private static final double WINDOW_SLACK = 1 - 1e-9;

    private final List<String> labels = new ArrayList<>();
    private final List<DownsampledSeries> cwnd = new ArrayList<>();
    private final List<DownsampledSeries> delivered = new ArrayList<>();
    private final DownsampledSeries queue = new DownsampledSeries(MAX_POINTS);
    private double lastQueueTime = Double.NEGATIVE_INFINITY;

    /** @param flows the run's flows, in id order (their stacks label the series) */
    public SimPlots(List<FlowSpec> flows) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        for (FlowSpec flow : flows) {
            labels.add("flow " + flow.id() + " (" + flow.stack() + ")");
            cwnd.add(new DownsampledSeries(MAX_POINTS));
            delivered.add(new DownsampledSeries(MAX_POINTS));
        }
    }

    @Override
    public void begin(List<String> algorithmColumns) {
        // the plots show only the fixed columns
    }

    @Override
    public void row(double timeS, int flow, long cwndBytes, long ssthreshBytes, long srttUs, long inflightBytes,
                    long deliveredBytes, int queuePackets, double[] algorithmValues) {
        if (flow >= 0 && flow < cwnd.size()) {
            cwnd.get(flow).add(timeS, cwndBytes);
            delivered.get(flow).add(timeS, deliveredBytes);
        }
        if (timeS != lastQueueTime) {
            // rows of one instant carry the same queue length; keep it once
            queue.add(timeS, queuePackets);
            lastQueueTime = timeS;
        }
    }

    @Override
    public void end() {
        // nothing buffered outside the series
    }

    /**
     * Writes the three PNGs into {@code dir}, replacing them.
     *
     * @return the files written
     */
    public List<Path> write(Path dir) throws IOException {
        XYChart cwndChart = chart("Congestion window", "cwnd (KB)");
        XYChart goodputChart = chart("Goodput", "goodput (Mbit/s)");
        for (int flow = 0; flow < labels.size(); flow++) {
            DownsampledSeries c = cwnd.get(flow);
            double[] kb = c.ys();
            for (int i = 0; i < kb.length; i++) {
                kb[i] /= 1000;
            }
            addSeries(cwndChart, labels.get(flow), c.xs(), kb);
            DownsampledSeries d = delivered.get(flow);
            double[][] goodput = goodputMbps(d.xs(), d.ys());
            double[] at = goodput[0];
            double[] mbps = goodput[1];
            addSeries(goodputChart, labels.get(flow), at, mbps);
        }
        XYChart queueChart = chart("Bottleneck queue", "queue (packets)");
        addSeries(queueChart, "bottleneck", queue.xs(), queue.ys());
        return List.of(save(cwndChart, dir.resolve(CWND)), save(queueChart, dir.resolve(QUEUE)),
            save(goodputChart, dir.resolve(GOODPUT)));
    }

    /**
     * @return {times, Mbit/s}: the goodput over windows of about 1/{@link #GOODPUT_WINDOWS} of the
     *         sampled span (shorter windows show little but the sender's bursts), each point at the end
     *         of its window
     */
    static double[][] goodputMbps(double[] t, double[] deliveredBytes) {
        if (t.length < 2) {
            return new double[][] {new double[0], new double[0]};
        }
        double window = (t[t.length - 1] - t[0]) / GOODPUT_WINDOWS;
        double[] at = new double[t.length];
        double[] mbps = new double[t.length];
        int n = 0;
        int from = 0;
        for (int i = 1; i < t.length; i++) {
            double dt = t[i] - t[from];
            if (dt > 0 && (dt >= window * WINDOW_SLACK || i == t.length - 1)) {
                at[n] = t[i];
                mbps[n] = (deliveredBytes[i] - deliveredBytes[from]) * BITS_PER_BYTE / dt / MEGA;
                n++;
                from = i;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(at, n), java.util.Arrays.copyOf(mbps, n)};
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("time (s)")
            .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        return chart;
    }

    /** Adds a line; a series with no points is drawn as a single point at 0 so that its legend entry still shows. */
    private static void addSeries(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = x.length == 0 ? chart.addSeries(name + ", no samples", new double[] {0}, new double[] {0})
            : chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(1.2f));
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
