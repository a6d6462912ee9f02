package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.DatagramSocket;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.nio.channels.spi.SelectorProvider;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The nsaas java agent: {@code java -javaagent:nsaas-guestlib.jar=tenant=ID,token=TOKEN,control=PATH ...}
 * runs an unmodified application on the tenant's nsaas stack.
 *
 * <p>{@link #premain} in this order: parses the arguments; exports {@code jdk.internal.misc} (agrona)
 * and {@code sun.nio.ch} (the default provider for UNIX-domain channels) from {@code java.base} to the
 * agent's module; installs {@link NsaasSelectorProvider} as the JVM's SelectorProvider and checks that
 * it took effect; installs {@link AsyncRefusalProvider}; attaches through the {@link GuestConnector}
 * ({@link ChannelGuestConnector} unless the system property {@value GuestConnector#PROPERTY} names
 * another); installs the guest in {@link GuestBinding}; installs {@link NsaasSocketImplFactory} for
 * {@link Socket} and {@link ServerSocket} and {@link UdpRefusal} for {@link DatagramSocket}; adds a
 * shutdown hook that detaches. Any failure throws from premain with a one-line reason, and the JVM
 * does not start the application.
 */
public final class NsaasAgent {

    static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    static final String ASYNC_PROVIDER_PROPERTY = "java.nio.channels.spi.AsynchronousChannelProvider";

    private NsaasAgent() {
    }

    /** The agent entry point (manifest {@code Premain-Class}). */
    public static void premain(String args, Instrumentation inst) throws IOException {
        AgentArguments arguments = AgentArguments.parse(args);
        exportInternals(inst);
        installProviders();
        Guest guest = connector().attach(arguments.control(), arguments.tenant(), arguments.token());
        GuestBinding.install(guest);
        installSocketFactories();
        Runtime.getRuntime().addShutdownHook(new Thread(guest::close, "nsaas-detach-" + arguments.tenant()));
    }

    private static void exportInternals(Instrumentation inst) {
        Module base = Object.class.getModule();
        if (!inst.isModifiableModule(base)) {
            throw new IllegalStateException("nsaas agent: java.base cannot be modified by this JVM's instrumentation;"
                    + " start with --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
                    + " --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        }
        Set<Module> targets = new LinkedHashSet<>();
        targets.add(NsaasAgent.class.getModule());
        targets.add(ClassLoader.getSystemClassLoader().getUnnamedModule());
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", targets, "sun.nio.ch", targets),
                Map.of(), Set.of(), Map.of());
    }

    private static void installProviders() {
        String existing = System.getProperty(SELECTOR_PROVIDER_PROPERTY);
        if (existing != null && !existing.equals(NsaasSelectorProvider.class.getName())) {
            throw new IllegalStateException("nsaas agent: -D" + SELECTOR_PROVIDER_PROPERTY + "=" + existing
                    + " is set; remove it, nsaas installs its own SelectorProvider");
        }
        System.setProperty(SELECTOR_PROVIDER_PROPERTY, NsaasSelectorProvider.class.getName());
        System.setProperty(ASYNC_PROVIDER_PROPERTY, AsyncRefusalProvider.class.getName());
        SelectorProvider installed = SelectorProvider.provider();
        if (!(installed instanceof NsaasSelectorProvider)) {
            throw new IllegalStateException("nsaas agent: the JVM's SelectorProvider was already "
                    + installed.getClass().getName() + " before the agent ran (another agent or library used NIO"
                    + " first); put the nsaas -javaagent first on the command line");
        }
        AsynchronousChannelProvider async = AsynchronousChannelProvider.provider();
        if (!(async instanceof AsyncRefusalProvider)) {
            throw new IllegalStateException("nsaas agent: the JVM's AsynchronousChannelProvider was already "
                    + async.getClass().getName() + " before the agent ran; put the nsaas -javaagent first");
        }
    }

    @SuppressWarnings("deprecation")
    private static void installSocketFactories() throws IOException {
        NsaasSocketImplFactory factory = new NsaasSocketImplFactory();
        Socket.setSocketImplFactory(factory);
        ServerSocket.setSocketFactory(factory);
        DatagramSocket.setDatagramSocketImplFactory(new UdpRefusal());
    }

    /** @return the connector named by {@value GuestConnector#PROPERTY}, else the NQE channel's */
    static GuestConnector connector() {
        String name = System.getProperty(GuestConnector.PROPERTY);
        if (name == null || name.isEmpty()) {
            return new ChannelGuestConnector();
        }
        try {
            Class<?> type = Class.forName(name, true, ClassLoader.getSystemClassLoader());
            return (GuestConnector) type.getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException | ClassCastException e) {
            throw new IllegalStateException("nsaas agent: -D" + GuestConnector.PROPERTY + "=" + name
                    + " does not name a GuestConnector with a public no-argument constructor (" + e + ")", e);
        }
    }
}
