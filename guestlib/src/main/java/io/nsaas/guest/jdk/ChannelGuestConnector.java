package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The production {@link GuestConnector}: attaches over the NQE channel by calling
 * {@code io.nsaas.guest.channel.ChannelGuest.attach(Path, String, String)}. The call is reflective so
 * this package does not depend at compile time on the channel package (developed separately); a
 * missing or changed method is reported as an {@link IOException} naming it.
 */
public final class ChannelGuestConnector implements GuestConnector {

    /** The class holding the production attach method. */
    static final String CHANNEL_GUEST = "io.nsaas.guest.channel.ChannelGuest";

    @Override
    public Guest attach(Path controlSocket, String tenantId, String token) throws IOException {
        Method attach;
        try {
            Class<?> type = Class.forName(CHANNEL_GUEST, true, ChannelGuestConnector.class.getClassLoader());
            attach = type.getMethod("attach", Path.class, String.class, String.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IOException("nsaas: " + CHANNEL_GUEST + ".attach(Path, String, String) is missing from the"
                    + " classpath (" + e + "); use the complete nsaas-guestlib.jar", e);
        }
        try {
            return (Guest) attach.invoke(null, controlSocket, tenantId, token);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IOException("nsaas: attach failed: " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new IOException("nsaas: cannot call " + CHANNEL_GUEST + ".attach: " + e, e);
        }
    }
}
