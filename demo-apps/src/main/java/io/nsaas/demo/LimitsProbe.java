package io.nsaas.demo;

import java.net.DatagramSocket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;

/**
 * Tries the socket kinds nsaas does not carry (UDP, asynchronous channels) and reports what each
 * did: {@code RESULT <kind>=<exception message>}, or {@code RESULT <kind>=opened} when it worked,
 * which under the nsaas agent would mean traffic escaping the tenant's stack. Exits 0.
 */
public final class LimitsProbe {

    private LimitsProbe() {
    }

    public static void main(String[] args) {
        probe("udp", () -> new DatagramSocket().close());
        probe("datagram-channel", () -> DatagramChannel.open().close());
        probe("async", () -> AsynchronousSocketChannel.open().close());
        probe("async-server", () -> AsynchronousServerSocketChannel.open().close());
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void probe(String kind, Attempt attempt) {
        try {
            attempt.run();
            Results.print(kind, "opened");
        } catch (Exception | Error e) {
            Results.print(kind, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
