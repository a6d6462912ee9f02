package io.nsaas.host.sim;

import io.nsaas.host.plugin.PluginStackRegistry;
import io.nsaas.host.plugin.StackPluginLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Manual probe of simulation speed (not a test): two NewReno flows on a 1 Gbps, 50 us, 100-packet
 * bottleneck for 10 simulated seconds; prints simulated packets per wall second.
 *
 * <pre>
 * java -cp nsm-host/target/classes:nsm-host/target/test-classes:$(deps) io.nsaas.host.sim.SimSpeedProbe target/plugins [seconds [bottleneck.pcap]]
 * </pre>
 */
public final class SimSpeedProbe {
    private SimSpeedProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path plugins = Path.of(args.length > 0 ? args[0] : "target/plugins");
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Path work = Files.createTempDirectory("sim-speed");
        try (PluginStackRegistry registry = new StackPluginLoader(work).load(List.of(plugins))) {
            Scenario scenario = new Scenario("probe.conf", "speed", 1, seconds * 1_000_000_000L, 1500,
                new BottleneckSpec(1_000_000_000L, 50_000, 100, -1, -1, -1, 0, 0, 0, 0),
                List.of(new FlowSpec(0, "newreno", 0, -1, "probe.conf:1"), new FlowSpec(1, "newreno", 0, -1, "probe.conf:2")));
            Simulator simulator = new Simulator(registry);
            RecordingTimeseries rows = new RecordingTimeseries();
            long start = System.nanoTime();
            Path pcap = args.length > 2 ? Path.of(args[2]) : null;
            SimSummary summary = simulator.run(scenario, rows, pcap, null);
            double wall = (System.nanoTime() - start) / 1e9;
            Dumbbell net = simulator.lastNetwork();
            long packets = net.packetsSent();
            long bottleneck = net.bottleneck.deliveredPackets();
            System.out.printf("simulated %d s in %.2f s wall (%.2fx real time)%n", seconds, wall, seconds / wall);
            System.out.printf("packets sent by all tenants: %d = %.0f per wall second%n", packets, packets / wall);
            System.out.printf("bottleneck packets: %d = %.0f per wall second%n", bottleneck, bottleneck / wall);
            System.out.printf("utilization %.4f, goodputs %s, rows %d%n", summary.bottleneck().utilization(),
                summary.flows(), rows.rows.size());
        }
    }
}
