package io.nsaas.stack.newreno;

import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.stack.tcp.TcpConfig;
import io.nsaas.stack.tcp.TcpStack;
import io.nsaas.stack.tcp.cc.NewReno;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.pf4j.Extension;

/**
 * The nsaas TCP engine with NewReno congestion control (RFC 5681, RFC 6582; Linux calls it {@code reno})
 * and an initial window of 10 segments (RFC 6928). Descriptor id {@code newreno}, algorithm {@code reno},
 * capabilities PACKET_LEVEL, SACK and TIMESTAMPS. Options are the engine's, see {@link TcpConfig}.
 *
 * <p>Threading: {@link #descriptor()} from any thread; {@link #create} on the owning NSM's thread.
 */
@Extension
public final class NewRenoStack implements NetworkStack {
    /** The plugin id and the descriptor id. */
    public static final String ID = "newreno";

    private static final StackDescriptor DESCRIPTOR = new StackDescriptor(ID, readVersion(), NewReno.NAME,
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
        return new TcpStack(host, events, config, NewReno::new);
    }

    private static String readVersion() {
        try (InputStream in = NewRenoStack.class.getResourceAsStream("newreno-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("newreno-stack.properties is missing from the newreno stack plugin");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read newreno-stack.properties of the newreno stack plugin", e);
        }
    }
}
