package io.nsaas.host.channel;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.spi.Endpoint;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

/**
 * A guest in a child JVM, attached with {@link ChannelGuest} (args: control socket, tenant, token,
 * then a mode):
 * <ul>
 *   <li>{@code hold}: opens and binds one socket, prints {@code ATTACHED <region>} and waits to be killed;</li>
 *   <li>{@code send <address> <port> <bytes> <seed>}: connects, sends that many seeded random bytes,
 *       closes, prints {@code SENT <bytes>} and detaches right away (the host lingers so that the
 *       bytes still in the stack's send buffer are delivered).</li>
 * </ul>
 */
public final class GuestProcessMain {
    private GuestProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        ChannelGuest guest = ChannelGuest.attach(Path.of(args[0]), args[1], args[2]);
        if (args[3].equals("hold")) {
            GuestSocket socket = guest.open();
            socket.bind(0, 0);
            System.out.println("ATTACHED " + guest.regionPath());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        byte[] payload = payload(Integer.parseInt(args[6]), Long.parseLong(args[7]));
        try (GuestSocket socket = guest.open()) {
            socket.connect(Endpoint.parseAddress(args[4]), Integer.parseInt(args[5]), 20_000_000_000L);
            socket.write(ByteBuffer.wrap(payload), 20_000_000_000L);
        }
        System.out.println("SENT " + payload.length);
        guest.close();
    }

    /** @return the bytes a {@code send} guest sends */
    static byte[] payload(int length, long seed) {
        byte[] payload = new byte[length];
        new Random(seed).nextBytes(payload);
        return payload;
    }
}
