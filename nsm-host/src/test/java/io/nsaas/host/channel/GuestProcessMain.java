package io.nsaas.host.channel;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
import java.nio.file.Path;

/**
 * A guest in a child JVM: attaches with {@link ChannelGuest} (args: control socket, tenant, token),
 * opens and binds one socket, prints {@code ATTACHED <region>} and waits to be killed.
 */
public final class GuestProcessMain {
    private GuestProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        ChannelGuest guest = ChannelGuest.attach(Path.of(args[0]), args[1], args[2]);
        GuestSocket socket = guest.open();
        socket.bind(0, 0);
        System.out.println("ATTACHED " + guest.regionPath());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
