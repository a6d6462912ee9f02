package io.nsaas.guest.channel;

import io.nsaas.guest.socket.ChannelSocket;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The guest's open sockets by host socket id, so the event thread can route events. Guarded by its
 * own monitor (short critical sections, no boxing).
 */
final class SocketTable {
    private final Int2ObjectHashMap<ChannelSocket> sockets = new Int2ObjectHashMap<>();

    synchronized void put(ChannelSocket socket) {
        sockets.put(socket.id(), socket);
    }

    synchronized ChannelSocket get(int socketId) {
        return sockets.get(socketId);
    }

    /** Removes {@code socket} if it is still the one registered under its id. */
    synchronized void remove(ChannelSocket socket) {
        if (sockets.get(socket.id()) == socket) {
            sockets.remove(socket.id());
        }
    }

    synchronized int size() {
        return sockets.size();
    }

    /** @return every socket, and forgets them all (detach) */
    synchronized List<ChannelSocket> drain() {
        List<ChannelSocket> all = new ArrayList<>(sockets.values());
        sockets.clear();
        return all;
    }
}
