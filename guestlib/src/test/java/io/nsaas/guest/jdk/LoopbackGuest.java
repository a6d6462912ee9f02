package io.nsaas.guest.jdk;

import io.nsaas.guest.api.Guest;
import io.nsaas.guest.api.GuestSocket;
import java.io.IOException;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake {@link Guest}: sockets are {@link LoopbackSocket}s on an in-memory {@link LoopbackNetwork}. */
final class LoopbackGuest implements Guest {

    static final int ADDRESS = 0x0A000001; // 10.0.0.1

    private final LoopbackNetwork network;
    private final String tenantId;
    private final AtomicInteger ids = new AtomicInteger();
    private final Set<LoopbackSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean attached = true;

    LoopbackGuest(LoopbackNetwork network, String tenantId) {
        this.network = network;
        this.tenantId = tenantId;
    }

    LoopbackNetwork network() {
        return network;
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public int localAddress() {
        return ADDRESS;
    }

    @Override
    public int prefixLength() {
        return 24;
    }

    @Override
    public String stackId() {
        return "loopback";
    }

    @Override
    public GuestSocket open() throws IOException {
        if (!attached) {
            throw new SocketException("nsaas host detached this tenant");
        }
        return adopt(new LoopbackSocket(this, ids.incrementAndGet(), null));
    }

    LoopbackSocket adopt(LoopbackSocket socket) {
        sockets.add(socket);
        return socket;
    }

    void forget(LoopbackSocket socket) {
        sockets.remove(socket);
    }

    int nextId() {
        return ids.incrementAndGet();
    }

    /** @return sockets open right now */
    int openSockets() {
        return sockets.size();
    }

    @Override
    public boolean isAttached() {
        return attached;
    }

    @Override
    public void close() {
        attached = false;
        for (LoopbackSocket s : sockets) {
            s.close();
        }
    }
}
