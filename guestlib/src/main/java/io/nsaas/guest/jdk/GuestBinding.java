package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.io.IOException;
import java.net.SocketException;

/**
 * The JVM's one attached {@link Guest}, installed by {@link NsaasAgent} and used by the providers the
 * JDK instantiates by class name ({@link NsaasSelectorProvider}'s no-argument constructor,
 * {@link NsaasSocketImplFactory#NsaasSocketImplFactory()}).
 *
 * <p>Threading: {@link #install} once (any thread); {@link #current} from any thread.
 */
public final class GuestBinding {

    private static volatile Guest guest;

    private GuestBinding() {
    }

    /**
     * Installs the JVM's guest.
     *
     * @throws IllegalStateException when a guest is already installed
     */
    public static synchronized void install(Guest attached) {
        if (attached == null) {
            throw new NullPointerException("guest");
        }
        if (guest != null) {
            throw new IllegalStateException("nsaas: a guest is already installed in this JVM (tenant "
                    + guest.tenantId() + "); the agent attaches once per JVM");
        }
        guest = attached;
    }

    /**
     * @return the installed guest
     * @throws SocketException when none is installed yet (the agent did not run, or a socket was opened
     *     while it was still attaching) or it is detached
     */
    public static Guest current() throws IOException {
        Guest g = guest;
        if (g == null) {
            throw new SocketException("nsaas: no tenant attached in this JVM; start it with"
                    + " -javaagent:nsaas-guestlib.jar=tenant=ID,token=TOKEN,control=PATH");
        }
        if (!g.isAttached()) {
            throw new SocketException("nsaas host detached this tenant");
        }
        return g;
    }
}
