package io.nsaas.stack.dctcp;

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
 * The nsaas TCP engine with DCTCP congestion control (RFC 8257) over ECN (RFC 3168): every connection
 * requests and accepts ECN because {@link Dctcp#needsEcn()}, the receive side echoes CE per packet
 * (RFC 8257 3.2), and connections to peers without ECN fall back to Reno. Descriptor id {@code dctcp},
 * algorithm {@code dctcp}, capabilities PACKET_LEVEL, SACK, TIMESTAMPS and ECN. Options are the engine's
 * ({@link TcpConfig}) plus the two of {@link DctcpOptions}.
 *
 * <p>Threading: {@link #descriptor()} from any thread; {@link #create} on the owning NSM's thread.
 */
@Extension
public final class DctcpStack implements NetworkStack {
    /** The plugin id and the descriptor id. */
    public static final String ID = "dctcp";

    private static final StackDescriptor DESCRIPTOR = new StackDescriptor(ID, readVersion(), Dctcp.NAME,
        EnumSet.of(Capability.PACKET_LEVEL, Capability.SACK, Capability.TIMESTAMPS, Capability.ECN));

    @Override
    public StackDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for an unknown or malformed option (the message names it) */
    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(events, "events");
        DctcpOptions dctcp = DctcpOptions.parse(options);
        TcpConfig config;
        try {
            config = TcpConfig.parse(dctcp.engineOptions());
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown stack option")) {
                throw new IllegalArgumentException(e.getMessage() + "; dctcp options: "
                    + DctcpOptions.INITIAL_ALPHA + ", " + DctcpOptions.SHIFT_G, e);
            }
            throw e;
        }
        return new TcpStack(host, events, config, dctcp::newDctcp);
    }

    private static String readVersion() {
        try (InputStream in = DctcpStack.class.getResourceAsStream("dctcp-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("dctcp-stack.properties is missing from the dctcp stack plugin");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dctcp-stack.properties of the dctcp stack plugin", e);
        }
    }
}
