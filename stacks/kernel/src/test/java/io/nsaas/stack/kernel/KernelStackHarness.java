package io.nsaas.stack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.StackInstance;

/**
 * One kernel stack instance for a test, driven through the SPI. The peer is the real kernel, so
 * waiting is a poll loop bounded by an iteration count (with short parks when idle), never by time.
 */
final class KernelStackHarness implements AutoCloseable {
    static final int LOOPBACK = Endpoint.parseAddress("127.0.0.1");
    /** Polls before a wait gives up: at most ~3 s of idle parking, far beyond loopback latencies. */
    static final int MAX_POLLS = 30_000;
    private static final long IDLE_PARK_NANOS = 100_000;

    final TestStackHost host = new TestStackHost();
    final RecordingEvents events = new RecordingEvents();
    final StackInstance stack;

    KernelStackHarness() {
        this(Map.of());
    }

    KernelStackHarness(Map<String, String> options) {
        stack = new KernelStack().create(host, events, options);
    }

    /** Runs doWork until the condition holds; fails naming what was awaited and the events seen. */
    void pollUntil(String what, BooleanSupplier condition) {
        for (int i = 0; i < MAX_POLLS; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (stack.doWork() == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
        fail("gave up waiting for " + what + " after " + MAX_POLLS + " polls; events: " + events);
    }

    /** Runs doWork a fixed number of times, to show that something does not happen. */
    void pollTimes(int polls) {
        for (int i = 0; i < polls; i++) {
            if (stack.doWork() == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    /** @return a socket bound to 127.0.0.1:0 and listening */
    int listener() {
        int socket = stack.open();
        assertTrue(socket >= 0, "open: " + Errno.name(socket));
        assertEquals(0, stack.bind(socket, LOOPBACK, 0));
        assertEquals(0, stack.listen(socket, 16));
        return socket;
    }

    /** @return the local port of a socket */
    int port(int socket) {
        long endpoint = stack.localEndpoint(socket);
        assertTrue(endpoint >= 0, "localEndpoint: " + Errno.name((int) endpoint));
        return Endpoint.port(endpoint);
    }

    /** Connects a new socket to 127.0.0.1:port and waits for onConnected when it did not connect at once. */
    int connectTo(int port) {
        int socket = stack.open();
        assertTrue(socket >= 0, "open: " + Errno.name(socket));
        int rc = stack.connect(socket, LOOPBACK, port);
        if (rc == -Errno.EINPROGRESS) {
            pollUntil("onConnected(" + socket + ")", () -> events.has(RecordingEvents.Kind.CONNECTED, socket));
        } else {
            assertEquals(0, rc, "connect: " + Errno.name(rc));
        }
        return socket;
    }

    @Override
    public void close() {
        stack.destroy();
    }
}
