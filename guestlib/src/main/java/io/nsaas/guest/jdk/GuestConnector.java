package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Attaches a tenant to an NSM host and returns its {@link Guest}: how {@link NsaasAgent} gets the guest
 * it installs. Production uses {@link ChannelGuestConnector} (the NQE channel); the system property
 * {@value #PROPERTY} may name another implementation (public class, public no-argument constructor),
 * which tests use to run the agent over an in-memory guest.
 *
 * <p>Threading: called once, on the thread running {@code premain}. Errors: an {@link IOException}
 * whose message says why the host refused or could not be reached.
 */
public interface GuestConnector {

    /** System property naming a replacement connector class (for tests). */
    String PROPERTY = "nsaas.guest.connector";

    /**
     * @param controlSocket the host's control socket (a UNIX-domain socket path)
     * @param tenantId the tenant id as configured on the host
     * @param token the tenant's token
     * @return the attached guest, owned by the caller
     */
    Guest attach(Path controlSocket, String tenantId, String token) throws IOException;
}
