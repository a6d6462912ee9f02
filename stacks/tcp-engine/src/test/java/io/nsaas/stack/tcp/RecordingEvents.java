package io.nsaas.stack.tcp;

import io.nsaas.spi.StackEvents;
import java.util.ArrayList;
import java.util.List;

/** Records events as text such as {@code "connected 0"} or {@code "closed 0 ECONNRESET"}. */
final class RecordingEvents implements StackEvents {
    final List<String> events = new ArrayList<>();

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
        events.add("closed " + socket + (errno == 0 ? "" : " " + io.nsaas.spi.Errno.name(errno)));
    }

    boolean has(String event) {
        return events.contains(event);
    }
}
