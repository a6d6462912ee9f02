package io.nsaas.host.sim;

import io.nsaas.host.fabric.PcapWriter;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginReport;
import io.nsaas.host.plugin.StackRegistry;
import io.nsaas.spi.TcpInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Runs a {@link Scenario} in virtual time on the real stack plugins: builds the {@link Dumbbell}
 * (each flow a sender tenant and a receiver tenant on real NSMs, one shared bottleneck
 * {@link io.nsaas.host.fabric.link.EmulatedLink}), drives it with a discrete-event loop, samples every
 * flow, and summarizes.
 *
 * <p><b>Event loop.</b> At each instant: links deliver what has arrived and both NSMs run duty cycles
 * (packets, timers, stacks, applications) until nothing has work left; then the {@link SimClock} jumps to
 * the earliest of: a link event, an NSM timer deadline, a flow's start time, the next sampling instant,
 * the end. No wall clock is read on the simulated path: the wall clock only measures
 * {@code wall_seconds} and paces {@link SimProgress} updates, and neither feeds back into the run.
 *
 * <p><b>Sampling.</b> Every {@link #samplingIntervalNanos sampling interval} (the base RTT clamped to
 * 100 us..1 ms: at least once per base RTT when it is 100 us or more, at most 10,000 rows per flow per
 * simulated second), and once more at the end, each flow whose sender socket is open gives one row: cwnd and ssthresh in bytes
 * (segments x sender MSS; ssthresh -1 while unset, that is still in initial slow start), smoothed RTT,
 * in flight (unacknowledged segments x MSS), bytes delivered to the receiving application, the
 * bottleneck queue in packets, and the stack's algorithm values (see {@link TimeseriesSpool}).
 *
 * <p><b>Summary.</b> Queue statistics are time-weighted over the whole run ({@link QueueOccupancy}),
 * not taken from the samples. Utilization is the bottleneck's busy time over the simulated time (at most
 * 1). Drops are the bottleneck's overflow and random-loss drops. Goodput is bytes delivered x 8 over the
 * flow's active time: from its start until the receiver saw the end of stream (finite flows) or the end.
 * Jain's fairness is over the goodputs (0 when nothing was delivered). Jain's fairness over the last half is
 * over each flow's bytes delivered from duration/2 to the end (the loop stops the clock exactly at
 * duration/2 to read them), i.e. over the flows' goodputs in that window: a flow that finished or had not
 * started counts with what it delivered there (possibly 0), so the index shows whether the flows shared
 * the link in the steady state, after a late flow joined, without the start-up transient of the whole-run
 * index. Packets sent counts every packet all tenants transmitted (data and ACKs), the numerator of
 * the simulation speed.
 *
 * <p><b>Determinism.</b> Same scenario and seed give the same rows and the same summary except
 * {@code wallSeconds}.
 *
 * <p>Threading: {@link #run} runs on the calling thread, which becomes every NSM's thread for the run;
 * one run at a time per instance.
 */
public final class Simulator {
    /** Fewest nanoseconds between samples: at most 10,000 rows per flow per simulated second. */
    public static final long MIN_SAMPLING_NANOS = 100_000;
    /** Most nanoseconds between samples, for long-RTT scenarios. */
    public static final long MAX_SAMPLING_NANOS = 1_000_000;

    private static final long PROGRESS_FIRST_NANOS = 2_000_000_000L;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
    private static final long PROGRESS_CHECK_MASK = 4095;
    private static final int MAX_PASSES_PER_INSTANT = 10_000_000;

    private final StackRegistry stacks;
    private Dumbbell lastNetwork;

    /** @param stacks where flows' stacks come from */
    public Simulator(StackRegistry stacks) {
        this.stacks = Objects.requireNonNull(stacks, "stacks");
    }

    /**
     * Runs the scenario, writing the bottleneck to a pcap file stamped with virtual time (nanoseconds since
     * the start); the preferred form when capturing, since the writer must read the run's clock.
     *
     * @param pcapFile where to capture the bottleneck, or null for none
     * @throws UncheckedIOException when the pcap file cannot be created
     */
    public SimSummary run(Scenario scenario, TimeseriesSink timeseries, Path pcapFile, SimProgress progress) {
        SimClock clock = new SimClock();
        if (pcapFile == null) {
            return run(scenario, timeseries, null, progress, clock);
        }
        try (PcapWriter pcap = PcapWriter.open(pcapFile, clock, 0)) {
            return run(scenario, timeseries, pcap, progress, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Runs the scenario in virtual time and returns its summary.
     *
     * @param timeseries receives the sampled rows at the end of the run (begin, rows, end), or null
     * @param pcap       taps the bottleneck, or null; its timestamps come from the clock it was opened on
     *                   (use {@link #run(Scenario, TimeseriesSink, Path, SimProgress)} for virtual-time stamps)
     * @param progress   told the simulated time now and then (first after 2 s of wall time, then every
     *                   second, and at the end if it was told before), or null
     * @throws ScenarioException (exit code 2) when a flow's stack is unknown, not packet-level, or does not start
     */
    public SimSummary run(Scenario scenario, TimeseriesSink timeseries, PcapWriter pcap, SimProgress progress) {
        return run(scenario, timeseries, pcap, progress, new SimClock());
    }

    private SimSummary run(Scenario scenario, TimeseriesSink timeseries, PcapWriter pcap, SimProgress progress,
                           SimClock clock) {
        long wallStart = System.nanoTime();
        List<LoadedStack> flowStacks = resolveStacks(scenario);
        try (Dumbbell net = new Dumbbell(scenario, flowStacks, clock, pcap);
             TimeseriesSpool spool = timeseries == null ? null : new TimeseriesSpool()) {
            lastNetwork = net;
            QueueOccupancy occupancy = new QueueOccupancy();
            Run run = new Run(scenario, net, spool, occupancy, progress, wallStart);
            run.loop();
            SimSummary summary = summarize(scenario, net, occupancy, run.deliveredAtHalf,
                (System.nanoTime() - wallStart) / 1e9);
            if (pcap != null) {
                pcap.flush();
            }
            if (spool != null) {
                spool.replay(timeseries);
            }
            return summary;
        }
    }

    /** @return the network of the last run (stopped), for tests that check its links' counters; null before a run */
    Dumbbell lastNetwork() {
        return lastNetwork;
    }

    /** @return the sampling interval for a base RTT: the RTT clamped to [100 us, 1 ms] */
    public static long samplingIntervalNanos(long baseRttNanos) {
        return Math.max(MIN_SAMPLING_NANOS, Math.min(MAX_SAMPLING_NANOS, baseRttNanos));
    }

    private List<LoadedStack> resolveStacks(Scenario scenario) {
        if (scenario.flows().size() > Dumbbell.MAX_FLOWS) {
            throw new ScenarioException(scenario.source() + ": flows: " + scenario.flows().size()
                + " flows; the simulator's dumbbell holds at most " + Dumbbell.MAX_FLOWS);
        }
        List<LoadedStack> result = new ArrayList<>();
        for (FlowSpec flow : scenario.flows()) {
            LoadedStack stack = stacks.resolve(flow.stack(), "");
            String prefix = flow.where() + ": flows[" + flow.id() + "].stack: ";
            if (stack == null) {
                throw new ScenarioException(prefix + "unknown stack '" + flow.stack() + "'; expected one of the "
                    + "installed packet-level stacks: " + packetLevelStacks() + " (fix the name or install the plugin)");
            }
            if (!stack.descriptor().packetLevel()) {
                throw new ScenarioException(prefix + "stack '" + flow.stack() + "' is socket-level (it uses host "
                    + "sockets, not the fabric) and cannot run on emulated links; expected one of the packet-level "
                    + "stacks: " + packetLevelStacks());
            }
            result.add(stack);
        }
        return result;
    }

    private String packetLevelStacks() {
        TreeSet<String> names = new TreeSet<>();
        for (PluginReport report : stacks.reports()) {
            if (report.state() == PluginReport.State.STARTED && report.descriptor() != null
                && report.descriptor().packetLevel()) {
                names.add(report.pluginId());
            }
        }
        return names.isEmpty() ? "(none installed)" : String.join(", ", names);
    }

    private static SimSummary summarize(Scenario scenario, Dumbbell net, QueueOccupancy occupancy, long[] deliveredAtHalf,
                                        double wallSeconds) {
        long end = scenario.durationNanos();
        double utilization = end <= 0 ? 0 : Math.min(1.0, (double) net.bottleneck.busyNanos() / end);
        BottleneckSummary bottleneck = new BottleneckSummary(scenario.bottleneck().rateBps(), utilization,
            occupancy.stats(), net.bottleneck.queueDrops() + net.bottleneck.lossDrops(), net.bottleneck.ceMarks());
        List<FlowSummary> flows = new ArrayList<>();
        double[] goodputs = new double[scenario.flows().size()];
        double[] lastHalf = new double[goodputs.length];
        for (FlowSpec flow : scenario.flows()) {
            FlowSummary summary = summarizeFlow(flow, net.senders[flow.id()], net.receivers[flow.id()], end);
            flows.add(summary);
            goodputs[flow.id()] = summary.goodputBps();
            lastHalf[flow.id()] = summary.bytesDelivered() - deliveredAtHalf[flow.id()];
        }
        return new SimSummary(scenario.name(), scenario.seed(), end / 1e9, wallSeconds, bottleneck, List.copyOf(flows),
            jainIndex(goodputs), jainIndex(lastHalf), net.packetsSent());
    }

    /** @return Jain's fairness index (sum x)^2 / (n * sum x^2) of {@code x}; 0 when every x is 0 */
    static double jainIndex(double[] x) {
        double sum = 0;
        double sumOfSquares = 0;
        for (double v : x) {
            sum += v;
            sumOfSquares += v * v;
        }
        return sumOfSquares == 0 ? 0 : sum * sum / (x.length * sumOfSquares);
    }

    private static FlowSummary summarizeFlow(FlowSpec flow, BulkSender sender, VerifyingReceiver receiver, long end) {
        long delivered = receiver.delivered();
        long finished = receiver.finishedAt() >= 0 ? receiver.finishedAt() : end;
        long active = finished - flow.startNanos();
        double goodput = active > 0 ? delivered * 8e9 / active : 0;
        return new FlowSummary(flow.id(), flow.stack(), delivered, goodput, sender.retransmits(),
            integrity(flow, receiver));
    }

    /** @return "corrupt" on any wrong or surplus byte, "incomplete" when bytes are missing or the connection failed, else "ok" */
    static String integrity(FlowSpec flow, VerifyingReceiver receiver) {
        if (receiver.firstMismatch() != StreamVerifier.NO_MISMATCH
            || flow.bytes() >= 0 && receiver.delivered() > flow.bytes()) {
            return "corrupt";
        }
        if (flow.bytes() >= 0 ? receiver.delivered() != flow.bytes() || receiver.finishedAt() < 0
            : receiver.failure() != null) {
            return "incomplete";
        }
        return "ok";
    }

    /** The event loop of one run. */
    private static final class Run {
        private final Scenario scenario;
        private final Dumbbell net;
        private final TimeseriesSpool spool;
        private final QueueOccupancy occupancy;
        private final SimProgress progress;
        private final long wallStart;
        private final long interval;
        private final long[] starts;
        private final long half;
        /** Each flow's bytes delivered at duration/2 (set when the clock gets there). */
        final long[] deliveredAtHalf;
        private boolean halfRecorded;
        private final TcpInfo info = new TcpInfo();
        private long nextSample;
        private long nextProgressWall;
        private boolean progressShown;
        private long events;

        Run(Scenario scenario, Dumbbell net, TimeseriesSpool spool, QueueOccupancy occupancy, SimProgress progress,
            long wallStart) {
            this.scenario = scenario;
            this.net = net;
            this.spool = spool;
            this.occupancy = occupancy;
            this.progress = progress;
            this.wallStart = wallStart;
            this.interval = samplingIntervalNanos(net.baseRttNanos());
            this.starts = scenario.flows().stream().mapToLong(FlowSpec::startNanos).sorted().distinct().toArray();
            this.nextProgressWall = wallStart + PROGRESS_FIRST_NANOS;
            this.half = scenario.durationNanos() / 2;
            this.deliveredAtHalf = new long[net.receivers.length];
        }

        void loop() {
            SimClock clock = net.clock;
            long end = scenario.durationNanos();
            while (true) {
                settle();
                long now = clock.nanoTime();
                if (!halfRecorded && now >= half) {
                    recordHalf();
                }
                if (now >= nextSample) {
                    sample(now);
                    nextSample += interval;
                } else if (now >= end) {
                    sample(now); // the last row shows the final state
                }
                if (now >= end) {
                    break;
                }
                long next = Math.min(Math.min(net.nextEventNanos(now), nextStart(now)), Math.min(nextSample, end));
                if (!halfRecorded) {
                    next = Math.min(next, half);
                }
                occupancy.hold(net.bottleneck.queuePackets(), next - now);
                clock.advanceTo(next);
                reportProgress(next, end);
            }
            if (progressShown) {
                progress.update(end, end, net.packetsSent());
            }
        }

        /** Runs the links and NSMs at the current instant until all are idle. */
        private void settle() {
            for (int pass = 0; pass < MAX_PASSES_PER_INSTANT; pass++) {
                if (net.step() == 0) {
                    return;
                }
            }
            throw new IllegalStateException("simulation stuck at " + net.clock.nanoTime() + " ns: stacks or links "
                + "kept reporting work for " + MAX_PASSES_PER_INSTANT + " passes without time passing (a plugin bug?)");
        }

        private void recordHalf() {
            for (int i = 0; i < deliveredAtHalf.length; i++) {
                deliveredAtHalf[i] = net.receivers[i].delivered();
            }
            halfRecorded = true;
        }

        private long nextStart(long now) {
            for (long start : starts) {
                if (start > now) {
                    return start;
                }
            }
            return Long.MAX_VALUE;
        }

        /** Samples every open sender (which also refreshes its retransmission count) and spools the rows. */
        private void sample(long now) {
            int queue = net.bottleneck.queuePackets();
            for (int i = 0; i < net.senders.length; i++) {
                if (net.senders[i].sample(info) && spool != null) {
                    long mss = info.sndMss;
                    long ssthresh = info.sndSsthresh == Integer.MAX_VALUE ? -1 : info.sndSsthresh * mss;
                    spool.add(now, i, info.sndCwnd * mss, ssthresh, info.rttUs, info.unacked * mss,
                        net.receivers[i].delivered(), queue, info);
                }
            }
        }

        /** Wall-clock paced: never influences the simulation. */
        private void reportProgress(long now, long end) {
            if (progress == null || (++events & PROGRESS_CHECK_MASK) != 0) {
                return;
            }
            long wall = System.nanoTime();
            if (wall - nextProgressWall >= 0) {
                progress.update(now, end, net.packetsSent());
                progressShown = true;
                nextProgressWall = wall + PROGRESS_EVERY_NANOS;
            }
        }
    }
}
