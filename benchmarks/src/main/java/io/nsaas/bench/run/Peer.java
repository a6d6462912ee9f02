package io.nsaas.bench.run;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Connecting to a benchmark server that may still be starting. */
public final class Peer {
    static final long CONNECT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Peer() {
    }

    /**
     * @return a socket connected to {@code server}, retrying refused connects for up to 30 s
     * @throws ConnectException naming the server when it still refuses after 30 s
     */
    public static Socket connect(InetSocketAddress server) throws IOException {
        long deadline = System.nanoTime() + CONNECT_WAIT_NANOS;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(server, 10_000);
                return socket;
            } catch (ConnectException e) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw new ConnectException("server " + server + " still refuses after 30 s: " + e.getMessage());
                }
                sleep(20);
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
