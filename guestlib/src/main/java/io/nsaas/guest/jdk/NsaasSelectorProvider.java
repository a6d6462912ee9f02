package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Objects;

/**
 * The JDK's {@link SelectorProvider} for a tenant JVM: IPv4 TCP {@link SocketChannel}s and
 * {@link ServerSocketChannel}s on the tenant's nsaas stack, and a {@link java.nio.channels.Selector}
 * for them. Installed by {@link NsaasAgent} through the system property
 * {@code java.nio.channels.spi.SelectorProvider}.
 *
 * <p>What it does not serve: UNIX-domain socket channels and {@link Pipe}s go to the JDK's default
 * provider (reached as {@code sun.nio.ch.DefaultSelectorProvider.get()}, which needs
 * {@code sun.nio.ch} exported to this class's module: the agent does that), as does
 * {@link #inheritedChannel()}. UDP ({@link DatagramChannel}) and IPv6 channels throw
 * {@link UnsupportedOperationException}: nsaas tenants have IPv4 TCP only. Default-provider channels
 * cannot be registered with this provider's selectors ({@link java.nio.channels.IllegalSelectorException}).
 *
 * <p>Threading: thread-safe. Errors: opening a TCP channel with no guest attached throws a
 * {@link java.net.SocketException} saying how to attach.
 */
public final class NsaasSelectorProvider extends SelectorProvider {

    private final GuestSource guests;
    private volatile SelectorProvider platform;

    /** The provider the JDK instantiates: uses the JVM's guest from {@link GuestBinding}. */
    public NsaasSelectorProvider() {
        this(GuestBinding::current);
    }

    NsaasSelectorProvider(GuestSource guests) {
        this.guests = guests;
    }

    @Override
    public DatagramChannel openDatagramChannel() {
        throw udpUnsupported();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) {
        Objects.requireNonNull(family, "protocol family");
        throw udpUnsupported();
    }

    private static UnsupportedOperationException udpUnsupported() {
        return new UnsupportedOperationException("nsaas: DatagramChannel (UDP) is not supported;"
                + " nsaas tenants have TCP only (a documented limit of nsaas-guestlib)");
    }

    @Override
    public Pipe openPipe() throws IOException {
        return platform().openPipe();
    }

    @Override
    public AbstractSelector openSelector() {
        return new NsaasSelector(this);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        Guest guest = guests.guest();
        return new NsaasServerSocketChannel(this, guest, guest.open());
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        Guest guest = guests.guest();
        return new NsaasSocketChannel(this, guest, guest.open());
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        if (family == StandardProtocolFamily.INET) {
            return openSocketChannel();
        }
        if (family == StandardProtocolFamily.UNIX) {
            return platform().openSocketChannel(family);
        }
        throw familyUnsupported(family);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        if (family == StandardProtocolFamily.INET) {
            return openServerSocketChannel();
        }
        if (family == StandardProtocolFamily.UNIX) {
            return platform().openServerSocketChannel(family);
        }
        throw familyUnsupported(family);
    }

    private static UnsupportedOperationException familyUnsupported(ProtocolFamily family) {
        Objects.requireNonNull(family, "protocol family");
        return new UnsupportedOperationException("nsaas: protocol family " + family
                + " is not supported; nsaas TCP channels are IPv4 (INET), UNIX-domain channels use the JDK's");
    }

    @Override
    public Channel inheritedChannel() throws IOException {
        return platform().inheritedChannel();
    }

    /**
     * @return the JDK's default provider, for what nsaas does not serve
     * @throws IllegalStateException when {@code sun.nio.ch} is not exported to this module
     */
    SelectorProvider platform() {
        SelectorProvider p = platform;
        if (p == null) {
            p = lookUpPlatform();
            platform = p;
        }
        return p;
    }

    private static SelectorProvider lookUpPlatform() {
        try {
            Class<?> type = Class.forName("sun.nio.ch.DefaultSelectorProvider");
            return (SelectorProvider) type.getMethod("get").invoke(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("nsaas: cannot reach the JDK's default SelectorProvider because"
                    + " java.base does not export sun.nio.ch to " + NsaasSelectorProvider.class.getModule()
                    + "; start the JVM with the nsaas agent or add --add-exports java.base/sun.nio.ch=ALL-UNNAMED", e);
        } catch (ClassNotFoundException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException("nsaas: this JDK has no sun.nio.ch.DefaultSelectorProvider.get() ("
                    + e + "); nsaas-guestlib supports JDK 17 to 25", e);
        }
    }
}
