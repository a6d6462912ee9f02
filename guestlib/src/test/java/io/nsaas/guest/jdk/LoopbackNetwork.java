package io.nsaas.guest.jdk;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory network of the loopback fake: bound ports, listeners, and one daemon thread that
 * completes connects asynchronously (so non-blocking connects really are in progress first, as over
 * NQEs).
 */
final class LoopbackNetwork {

    private final Map<Long, LoopbackSocket> bound = new HashMap<>();
    private final ExecutorService wire = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "loopback-wire");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong connections = new AtomicLong();
    private int nextEphemeral = 40000;

    /** @return the bound endpoint, or throws "in use" as null */
    synchronized long bind(LoopbackSocket socket, int address, int port) {
        if (port == 0) {
            do {
                port = nextEphemeral++;
            } while (bound.containsKey(key(address, port)));
        } else if (bound.containsKey(key(address, port))) {
            return -1;
        }
        long endpoint = key(address, port);
        bound.put(endpoint, socket);
        return endpoint;
    }

    synchronized void unbind(long endpoint, LoopbackSocket socket) {
        bound.remove(endpoint, socket);
    }

    synchronized LoopbackSocket listenerAt(int address, int port) {
        LoopbackSocket s = bound.get(key(address, port));
        return s != null && s.isListening() ? s : null;
    }

    void submit(Runnable task) {
        wire.execute(task);
    }

    void connectionEstablished() {
        connections.incrementAndGet();
    }

    /** @return connections established over this network so far */
    long connections() {
        return connections.get();
    }

    private static long key(int address, int port) {
        return io.nsaas.spi.Endpoint.pack(address, port);
    }
}
