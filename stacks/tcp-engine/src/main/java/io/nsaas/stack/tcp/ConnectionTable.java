package io.nsaas.stack.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Demultiplexing and port ownership. Connections are found by their 4-tuple packed into a {@code long}
 * (the local address is the tenant's one address, so remote address, remote port and local port
 * identify a connection); listeners by local port. Lookups do not allocate.
 *
 * <p>Ephemeral ports follow Linux: 32768..60999, searched from a random start.
 */
final class ConnectionTable {
    static final int EPHEMERAL_LOW = 32768;
    static final int EPHEMERAL_HIGH = 60999;

    private final Long2ObjectHashMap<Connection> connections = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Connection> listeners = new Int2ObjectHashMap<>();
    /** Sockets bound to each port (bind/listen/connect owners; accepted children share their listener's). */
    private final Int2ObjectHashMap<List<Connection>> owners = new Int2ObjectHashMap<>();
    private int nextEphemeral;

    ConnectionTable(RandomGenerator random) {
        nextEphemeral = EPHEMERAL_LOW + random.nextInt(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
    }

    static long key(int remoteAddress, int remotePort, int localPort) {
        return (remoteAddress & 0xFFFF_FFFFL) << 32 | (long) (remotePort & 0xFFFF) << 16 | (localPort & 0xFFFF);
    }

    Connection find(int remoteAddress, int remotePort, int localPort) {
        return connections.get(key(remoteAddress, remotePort, localPort));
    }

    Connection listener(int localPort) {
        return listeners.get(localPort);
    }

    int size() {
        return connections.size();
    }

    void insert(Connection c) {
        connections.put(c.key(), c);
        c.inTable = true;
    }

    void remove(Connection c) {
        if (c.inTable) {
            connections.remove(c.key());
            c.inTable = false;
        }
    }

    void addListener(Connection c) {
        listeners.put(c.localPort, c);
    }

    void removeListener(Connection c) {
        if (listeners.get(c.localPort) == c) {
            listeners.remove(c.localPort);
        }
    }

    /** @return whether {@code c} may bind {@code port} (Linux {@code inet_csk_bind_conflict} for one address) */
    boolean canBind(Connection c, int port) {
        List<Connection> list = owners.get(port);
        if (list == null) {
            return true;
        }
        for (Connection other : list) {
            if (other == c) {
                continue;
            }
            boolean reusable = c.reuseAddress && other.reuseAddress && other.state != State.LISTEN;
            boolean timeWait = c.reuseAddress && other.state == State.TIME_WAIT;
            if (!reusable && !timeWait) {
                return false;
            }
        }
        return true;
    }

    /** @return whether a listener could take {@code port} now (no other listener on it) */
    boolean canListen(Connection c, int port) {
        Connection l = listeners.get(port);
        if (l != null && l != c) {
            return false;
        }
        List<Connection> list = owners.get(port);
        if (list != null) {
            for (Connection other : list) {
                if (other != c && !(c.reuseAddress && other.reuseAddress) && other.state != State.TIME_WAIT) {
                    return false;
                }
            }
        }
        return true;
    }

    void bind(Connection c, int port) {
        owners.computeIfAbsent(port, p -> new ArrayList<>(2)).add(c);
        c.localPort = port;
        c.bound = true;
    }

    void unbind(Connection c) {
        if (!c.bound) {
            return;
        }
        List<Connection> list = owners.get(c.localPort);
        if (list != null) {
            list.remove(c);
            if (list.isEmpty()) {
                owners.remove(c.localPort);
            }
        }
        c.bound = false;
    }

    /**
     * @param remoteAddress 0 to pick a port for bind(0) (no owner at all), else the peer of a connect
     * @return a free ephemeral port, or -1 when the range is exhausted
     */
    int ephemeralPort(int remoteAddress, int remotePort) {
        int range = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        for (int i = 0; i < range; i++) {
            int port = nextEphemeral;
            nextEphemeral = port == EPHEMERAL_HIGH ? EPHEMERAL_LOW : port + 1;
            if (owners.containsKey(port) || listeners.containsKey(port)) {
                continue;
            }
            if (remoteAddress != 0 && connections.containsKey(key(remoteAddress, remotePort, port))) {
                continue;
            }
            return port;
        }
        return -1;
    }

    /** @return every connection in the table (for destroy; allocates) */
    List<Connection> all() {
        List<Connection> list = new ArrayList<>(connections.values());
        list.addAll(listeners.values());
        return list;
    }
}
