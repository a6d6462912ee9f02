package io.nsaas.host.plugin.testplugin;

import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.util.Map;
import org.pf4j.Extension;

/** A stack whose constructor fails, as one that needs a missing device would. */
@Extension
public final class ExplodingStack implements NetworkStack {

    public ExplodingStack() {
        throw new IllegalStateException("needs /dev/net/tun");
    }

    @Override
    public StackDescriptor descriptor() {
        throw new AssertionError("never constructed");
    }

    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        throw new AssertionError("never constructed");
    }
}
