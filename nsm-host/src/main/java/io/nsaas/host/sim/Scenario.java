package io.nsaas.host.sim;

import java.util.List;
import java.util.Objects;

/**
 * One experiment for {@code nsaas sim}, as read from a scenario file by {@link ScenarioLoader}: a
 * dumbbell whose flows share one bottleneck link, run for {@code durationNanos} of virtual time.
 *
 * <p>Immutable. The loader has checked every value; the simulator checks only what it alone knows
 * (whether each flow's stack is a loaded packet-level plugin).
 *
 * @param source        the scenario file as given on the command line (for messages)
 * @param name          the experiment's name, echoed in {@code summary.json}
 * @param seed          seed of every random choice of the run (links' faults, initial sequence numbers)
 * @param durationNanos virtual time the run lasts, {@code > 0}
 * @param mtu           the IP MTU of every link, bytes (68..65535)
 * @param bottleneck    the shared link
 * @param flows         at least one flow, in file order ({@code flows.get(i).id() == i})
 */
public record Scenario(String source, String name, long seed, long durationNanos, int mtu,
                       BottleneckSpec bottleneck, List<FlowSpec> flows) {

    public Scenario {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bottleneck, "bottleneck");
        flows = List.copyOf(flows);
    }
}
