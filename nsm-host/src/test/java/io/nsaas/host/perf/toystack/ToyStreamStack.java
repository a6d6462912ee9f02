package io.nsaas.host.perf.toystack;

import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.util.EnumSet;
import java.util.Map;
import org.pf4j.Extension;

/**
 * A tiny packet-level stack for perf tests: reliable byte streams over a lossless, in-order fabric
 * (the in-host switch), with credit-based flow control so the switch's queues never overflow. Not
 * TCP: it exists so the perf path (tenant on the switch, uplink as default route) can be tested
 * before a real packet-level stack exists. Self-contained, so it also loads as a plugin.
 */
@Extension
public final class ToyStreamStack implements NetworkStack {
    /** Plugin and descriptor id. */
    public static final String ID = "toy";

    private static final StackDescriptor DESCRIPTOR =
        new StackDescriptor(ID, "1.0.0", "toy", EnumSet.of(Capability.PACKET_LEVEL));

    @Override
    public StackDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("the toy stack takes no options, got " + options.keySet());
        }
        return new ToyInstance(host, events);
    }
}
