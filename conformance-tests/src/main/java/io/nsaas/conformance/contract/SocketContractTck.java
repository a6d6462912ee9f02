package io.nsaas.conformance.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nsaas.conformance.StackTck;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the socket-contract TCK classes ({@code SC-*} requirements): one {@link ContractHost} per
 * test class running the plugin under test, fresh sockets per test (closed after it), and the
 * assertions the contract tests share. Expected errnos are what Linux returns; the kernel plugin's
 * run of the same tests is the reference. Every wait is bounded, so a broken stack fails a test
 * rather than hanging the suite (and each test has a 60 s ceiling).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SocketContractTck extends StackTck {
    /** Upper bound of every wait that should end at once on a working stack. */
    protected static final long WAIT = TimeUnit.SECONDS.toNanos(10);
    /** A wait that should run out (timeouts, "nothing arrives"). */
    protected static final long SHORT = TimeUnit.MILLISECONDS.toNanos(200);
    /** Non-blocking, as {@link GuestSocket} defines it. */
    protected static final long NOW = -1;

    private ContractHost host;
    private final List<GuestSocket> opened = new ArrayList<>();

    /** One socket call that may throw. */
    @FunctionalInterface
    protected interface SocketCall {
        void run() throws IOException;
    }

    /** Both ends of one connection, and the listener that accepted it. */
    protected record Connection(GuestSocket listener, GuestSocket client, GuestSocket server) {
    }

    @BeforeAll
    final void startContractHost() throws IOException {
        host = ContractHost.start(plugin());
    }

    @AfterAll
    final void stopContractHost() {
        if (host != null) {
            host.close();
        }
    }

    @AfterEach
    final void closeSockets() {
        for (GuestSocket socket : opened) {
            try {
                socket.close();
            } catch (IOException e) {
                // the test is over; a socket the stack already reset may refuse a clean close
            }
        }
        opened.clear();
    }

    /** @return the host and its two tenants */
    protected final ContractHost host() {
        return host;
    }

    /** @return a new socket of the listening tenant, closed after the test */
    protected final GuestSocket serverSocket() throws IOException {
        return track(host.server().open());
    }

    /** @return a new socket of the connecting tenant, closed after the test */
    protected final GuestSocket clientSocket() throws IOException {
        return track(host.client().open());
    }

    /** @return {@code socket}, to be closed after the test */
    protected final GuestSocket track(GuestSocket socket) {
        if (socket != null) {
            opened.add(socket);
        }
        return socket;
    }

    /** @return a listening socket of the server tenant on a port the stack chose */
    protected final GuestSocket listener(int backlog) throws IOException {
        GuestSocket listener = serverSocket();
        listener.bind(0, 0);
        listener.listen(backlog);
        return listener;
    }

    /** @return the local port of a bound socket */
    protected static int portOf(GuestSocket socket) throws IOException {
        return Endpoint.port(socket.localEndpoint());
    }

    /** @return an established connection from the client tenant to the server tenant */
    protected final Connection connect() throws IOException {
        GuestSocket listener = listener(8);
        GuestSocket client = clientSocket();
        assertTrue(client.connect(host.serverAddress(), portOf(listener), WAIT), "a blocking connect to a listener returns connected");
        GuestSocket server = track(listener.accept(WAIT));
        assertNotNull(server, "a blocking accept returns the connection that completed its handshake");
        return new Connection(listener, client, server);
    }

    /** Asserts that {@code call} fails with {@code errno}, as Linux's call would. */
    protected static void assertErrno(int errno, String operation, SocketCall call) {
        try {
            call.run();
        } catch (IOException e) {
            assertEquals(Errno.name(errno), Errno.name(RaisedErrno.of(e)),
                operation + " must fail with " + Errno.name(errno) + " as on Linux, but threw " + e);
            return;
        }
        fail(operation + " must fail with " + Errno.name(errno) + " as on Linux, but succeeded");
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@link #WAIT}. */
    protected static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("within " + TimeUnit.NANOSECONDS.toSeconds(WAIT) + " s: " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting: " + what);
            }
        }
    }

    /** @return the bytes read until {@code expected} arrived or the stream ended */
    protected static byte[] readFully(GuestSocket socket, int expected) throws IOException {
        byte[] bytes = new byte[expected];
        int total = 0;
        while (total < expected) {
            int n = socket.read(bytes, total, expected - total, WAIT);
            if (n < 0) {
                return java.util.Arrays.copyOf(bytes, total);
            }
            total += n;
        }
        return bytes;
    }
}
