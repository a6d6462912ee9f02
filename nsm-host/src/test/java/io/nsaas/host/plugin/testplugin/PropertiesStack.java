package io.nsaas.host.plugin.testplugin;

import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import org.pf4j.Extension;

/**
 * A plugin-loading fixture: its descriptor comes from {@code stack.properties} next to the class in
 * the plugin that carries it, so one class serves test plugins of any id. A descriptor that does
 * not validate is kept as the failure {@link #descriptor()} reports.
 */
@Extension
public final class PropertiesStack implements NetworkStack {
    private final StackDescriptor descriptor;
    private final IllegalArgumentException invalid;

    public PropertiesStack() {
        Properties properties = new Properties();
        try (InputStream in = PropertiesStack.class.getResourceAsStream("stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("stack.properties is missing next to " + PropertiesStack.class);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StackDescriptor made = null;
        IllegalArgumentException failure = null;
        try {
            made = new StackDescriptor(properties.getProperty("id"), properties.getProperty("version"),
                "reno", EnumSet.of(Capability.PACKET_LEVEL, Capability.SACK));
        } catch (IllegalArgumentException e) {
            failure = e;
        }
        this.descriptor = made;
        this.invalid = failure;
    }

    @Override
    public StackDescriptor descriptor() {
        if (invalid != null) {
            throw invalid;
        }
        return descriptor;
    }

    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        throw new UnsupportedOperationException("PropertiesStack only exercises plugin loading; it makes no instances");
    }
}
