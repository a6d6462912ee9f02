package io.nsaas.stack.kernel;

import java.util.ArrayList;
import java.util.List;
import io.nsaas.spi.Errno;
import io.nsaas.spi.StackEvents;

/** Records every event in order, for assertions. */
final class RecordingEvents implements StackEvents {
    enum Kind { CONNECTED, READABLE, WRITABLE, ACCEPTABLE, CLOSED }

    record Event(Kind kind, int socket, int errno) {
        @Override
        public String toString() {
            return kind == Kind.CLOSED ? kind + "(" + socket + ", " + Errno.name(errno) + ")" : kind + "(" + socket + ")";
        }
    }

    final List<Event> events = new ArrayList<>();

    @Override
    public void onConnected(int socket) {
        events.add(new Event(Kind.CONNECTED, socket, 0));
    }

    @Override
    public void onReadable(int socket) {
        events.add(new Event(Kind.READABLE, socket, 0));
    }

    @Override
    public void onWritable(int socket) {
        events.add(new Event(Kind.WRITABLE, socket, 0));
    }

    @Override
    public void onAcceptable(int socket) {
        events.add(new Event(Kind.ACCEPTABLE, socket, 0));
    }

    @Override
    public void onClosed(int socket, int errno) {
        events.add(new Event(Kind.CLOSED, socket, errno));
    }

    /** @return how many events of this kind were raised for the socket */
    long count(Kind kind, int socket) {
        return events.stream().filter(e -> e.kind == kind && e.socket == socket).count();
    }

    boolean has(Kind kind, int socket) {
        return count(kind, socket) > 0;
    }

    /** @return the errno of the socket's first onClosed, or -1 when none was raised */
    int closedErrno(int socket) {
        return events.stream().filter(e -> e.kind == Kind.CLOSED && e.socket == socket)
            .mapToInt(Event::errno).findFirst().orElse(-1);
    }

    /** @return the index of the first event of this kind for the socket, or -1 */
    int indexOf(Kind kind, int socket) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind == kind && events.get(i).socket == socket) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
