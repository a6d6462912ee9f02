package io.nsaas.stack.tcp;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackEvents;
import io.nsaas.stack.tcp.cc.NewReno;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/** Manual probe (not a test): wall-clock throughput of two engines over a lossless virtual link. */
public final class ThroughputProbe {
    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 200L << 20;
        for (int round = 0; round < 3; round++) {
            run(total);
        }
    }

    private static void run(long total) {
        Scheduler scheduler = new Scheduler();
        int a = Endpoint.parseAddress("10.0.0.1");
        int b = Endpoint.parseAddress("10.0.0.2");
        VirtualHost hostA = new VirtualHost(scheduler, a, 1);
        VirtualHost hostB = new VirtualHost(scheduler, b, 2);
        StackEvents none = new RecordingEventsSink();
        TcpStack client = new TcpStack(hostA, none, TcpConfig.parse(Map.of("rcvbuf", "4m", "sndbuf", "4m")), NewReno::new);
        TcpStack server = new TcpStack(hostB, none, TcpConfig.parse(Map.of("rcvbuf", "4m", "sndbuf", "4m")), NewReno::new);
        hostA.attach(client);
        hostB.attach(server);
        hostA.link(p -> scheduler.at(scheduler.now() + 50_000, () -> server.onPacket(new UnsafeBuffer(p), 0, p.length)));
        hostB.link(p -> scheduler.at(scheduler.now() + 50_000, () -> client.onPacket(new UnsafeBuffer(p), 0, p.length)));
        int l = server.open();
        server.bind(l, 0, 80);
        server.listen(l, 8);
        int s = client.open();
        client.connect(s, b, 80);
        UnsafeBuffer src = new UnsafeBuffer(new byte[1 << 20]);
        UnsafeBuffer dst = new UnsafeBuffer(new byte[1 << 20]);
        long sent = 0;
        long received = 0;
        int accepted = -1;
        long start = System.nanoTime();
        while (received < total) {
            if (sent < total) {
                int n = client.send(s, src, 0, (int) Math.min(src.capacity(), total - sent));
                if (n > 0) {
                    sent += n;
                }
            }
            if (accepted < 0) {
                accepted = server.accept(l);
            }
            if (accepted >= 0) {
                int n;
                while ((n = server.recv(accepted, dst, 0, dst.capacity())) > 0) {
                    received += n;
                }
            }
            if (!scheduler.step()) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%d MB in %.2f s wall = %.2f Gbit/s (virtual %.2f s)%n", received >> 20, seconds,
            received * 8 / seconds / 1e9, scheduler.now() / 1e9 - 1);
    }

    private static final class RecordingEventsSink implements StackEvents {
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
    }
}
