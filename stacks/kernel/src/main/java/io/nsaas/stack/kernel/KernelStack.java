package io.nsaas.stack.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import io.nsaas.spi.Capability;
import io.nsaas.spi.Errno;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import jnr.ffi.LibraryLoader;
import org.pf4j.Extension;

/**
 * The kernel reference stack: every tenant socket is a real Linux TCP socket, driven through libc
 * (jnr-ffi) and watched with epoll. Its descriptor is id {@code kernel}, algorithm {@code kernel}
 * (the kernel's choice, or the tenant's {@code cc} option), capabilities SOCKET_LEVEL, ECN, SACK and
 * TIMESTAMPS. Options are documented on {@link KernelStackOptions}.
 *
 * <p>Threading: {@link #descriptor()} from any thread; {@link #create} on the owning NSM's thread
 * (several NSMs may call it at once; libc is bound once per class loader).
 */
@Extension
public final class KernelStack implements NetworkStack {
    /** The plugin id and the descriptor id. */
    public static final String ID = "kernel";

    private static final StackDescriptor DESCRIPTOR = new StackDescriptor(ID, readVersion(), "kernel",
        EnumSet.of(Capability.SOCKET_LEVEL, Capability.ECN, Capability.SACK, Capability.TIMESTAMPS));

    private static LibC libc;

    @Override
    public StackDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * @throws IllegalArgumentException for an unknown or malformed option, or a {@code cc} the kernel
     *                                  does not offer or does not allow this process
     * @throws IllegalStateException    off Linux x86-64/arm64, or when the kernel refuses an epoll fd
     */
    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(options, "options");
        KernelStackOptions parsed = KernelStackOptions.parse(options, KernelStackOptions.PROC_NET_IPV4);
        EpollEventDescriptor eventLayout = EpollEventDescriptor.forCurrentArchitecture();
        KernelStackInstance instance = new KernelStackInstance(libc(), eventLayout, parsed, host, events);
        if (parsed.congestionControl() != null) {
            int rc = instance.probeCongestionControl();
            if (rc < 0) {
                instance.destroy();
                throw new IllegalArgumentException(refusedCongestionControl(parsed, rc));
            }
        }
        host.logger().info("kernel stack ready: cc={}, max-sockets={}, poll-batch={}",
            parsed.congestionControl() == null ? "kernel default" : parsed.congestionControl(),
            parsed.maxSockets(), parsed.pollBatch());
        return instance;
    }

    private static String refusedCongestionControl(KernelStackOptions options, int errno) {
        String prefix = "option cc = '" + options.congestionControl() + "': ";
        if (errno == -Errno.EPERM) {
            return prefix + "this host process may only pick " + String.join(", ", options.allowed())
                + " (see " + KernelStackOptions.PROC_NET_IPV4.resolve(KernelStackOptions.ALLOWED_FILE)
                + "); add it there or give the host CAP_NET_ADMIN";
        }
        return prefix + "the kernel refused it with " + Errno.name(errno) + " (see "
            + KernelStackOptions.PROC_NET_IPV4.resolve(KernelStackOptions.AVAILABLE_FILE) + ")";
    }

    private static synchronized LibC libc() {
        if (libc == null) {
            libc = LibraryLoader.create(LibC.class).load("c");
        }
        return libc;
    }

    private static String readVersion() {
        try (InputStream in = KernelStack.class.getResourceAsStream("kernel-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("kernel-stack.properties is missing from the kernel stack plugin");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel-stack.properties of the kernel stack plugin", e);
        }
    }
}
