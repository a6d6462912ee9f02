package io.nsaas.stack.tcp;

import io.nsaas.spi.Endpoint;
import io.nsaas.stack.tcp.cc.NewReno;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/** Manual probe (not a test): heap per idle established connection over 10,000 connections. */
public final class IdleMemoryProbe {
    private static final io.nsaas.spi.StackEvents NONE = new io.nsaas.spi.StackEvents() {
        @Override
        public void onConnected(int socket) {
        }

        @Override
        public void onReadable(int socket) {
        }

        @Override
        public void onWritable(int socket) {
        }

        @Override
        public void onAcceptable(int socket) {
        }

        @Override
        public void onClosed(int socket, int errno) {
        }
    };

    public static void main(String[] args) {
        Scheduler scheduler = new Scheduler();
        int a = Endpoint.parseAddress("10.0.0.1");
        int b = Endpoint.parseAddress("10.0.0.2");
        VirtualHost hostA = new VirtualHost(scheduler, a, 1);
        VirtualHost hostB = new VirtualHost(scheduler, b, 2);
        TcpStack client = new TcpStack(hostA, NONE, TcpConfig.parse(Map.of()), NewReno::new);
        TcpStack server = new TcpStack(hostB, NONE, TcpConfig.parse(Map.of()), NewReno::new);
        hostA.attach(client);
        hostB.attach(server);
        hostA.link(p -> scheduler.at(scheduler.now() + 100_000, () -> server.onPacket(new UnsafeBuffer(p), 0, p.length)));
        hostB.link(p -> scheduler.at(scheduler.now() + 100_000, () -> client.onPacket(new UnsafeBuffer(p), 0, p.length)));
        int l = server.open();
        server.bind(l, 0, 80);
        server.listen(l, 4096);
        int n = 10_000;
        long before = used();
        for (int i = 0; i < n; i++) {
            client.connect(client.open(), b, 80);
            scheduler.runUntil(scheduler.now() + 1_000_000);
            while (server.accept(l) >= 0) {
                // accepted
            }
        }
        scheduler.runUntil(scheduler.now() + 1_000_000_000L);
        long after = used();
        System.out.println("connections=" + client.connectionCount() + "+" + server.connectionCount()
            + " bytes per connection (each side, no buffers allocated)=" + (after - before) / (2 * n));
    }

    private static long used() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
