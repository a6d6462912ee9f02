package io.nsaas.host.nsm;

import io.nsaas.spi.StackEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records socket events as text, e.g. {@code connected 3}. */
final class RecordingEvents implements StackEvents {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(int socket) {
        events.add("connected " + socket);
    }

    @Override
    public void onReadable(int socket) {
        events.add("readable " + socket);
    }

    @Override
    public void onWritable(int socket) {
        events.add("writable " + socket);
    }

    @Override
    public void onAcceptable(int socket) {
        events.add("acceptable " + socket);
    }

    @Override
    public void onClosed(int socket, int errno) {
        events.add("closed " + socket + " " + errno);
    }
}
