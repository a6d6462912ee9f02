package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import java.nio.file.Path;

/** The test connector the agent loads in child JVMs ({@code -Dnsaas.guest.connector=...}): a loopback guest. */
public final class LoopbackGuestConnector implements GuestConnector {

    /** The guest the agent attached, for the scenario program to inspect. */
    static volatile LoopbackGuest attached;

    @Override
    public Guest attach(Path controlSocket, String tenantId, String token) {
        LoopbackGuest guest = new LoopbackGuest(new LoopbackNetwork(), tenantId);
        attached = guest;
        return guest;
    }
}
