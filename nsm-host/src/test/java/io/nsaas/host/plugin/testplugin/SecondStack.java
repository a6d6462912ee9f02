package io.nsaas.host.plugin.testplugin;

import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.util.EnumSet;
import java.util.Map;
import org.pf4j.Extension;

/** A second stack in the same plugin, which makes the plugin ambiguous. */
@Extension
public final class SecondStack implements NetworkStack {
    private static final StackDescriptor DESCRIPTOR =
        new StackDescriptor("second", "1.0.0", "cubic", EnumSet.of(Capability.PACKET_LEVEL));

    @Override
    public StackDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        throw new UnsupportedOperationException("SecondStack only exercises plugin loading; it makes no instances");
    }
}
