package io.nsaas.stack.cubic;

import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.stack.tcp.TcpConfig;
import io.nsaas.stack.tcp.TcpStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.pf4j.Extension;

/**
 * The nsaas TCP engine with CUBIC congestion control (RFC 9438) and HyStart++ (RFC 9406), see
 * {@link Cubic}, and an initial window of 10 segments (RFC 6928). Descriptor id {@code cubic}, algorithm
 * {@code cubic}, capabilities PACKET_LEVEL, SACK and TIMESTAMPS. Options are the engine's, see
 * {@link TcpConfig}.
 *
 * <p>Threading: {@link #descriptor()} from any thread; {@link #create} on the owning NSM's thread.
 */
@Extension
public final class CubicStack implements NetworkStack {
    /** The plugin id and the descriptor id. */
    public static final String ID = "cubic";

    private static final StackDescriptor DESCRIPTOR = new StackDescriptor(ID, readVersion(), Cubic.NAME,
        EnumSet.of(Capability.PACKET_LEVEL, Capability.SACK, Capability.TIMESTAMPS));

    @Override
    public StackDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for an unknown or malformed option (the message names it) */
    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(events, "events");
        TcpConfig config = TcpConfig.parse(options);
        return new TcpStack(host, events, config, Cubic::new);
    }

    private static String readVersion() {
        try (InputStream in = CubicStack.class.getResourceAsStream("cubic-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("cubic-stack.properties is missing from the cubic stack plugin");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cubic-stack.properties of the cubic stack plugin", e);
        }
    }
}
