package io.nsaas.host.nsm;

import io.nsaas.host.fabric.TestPackets;
import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.spi.Capability;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.SocketOption;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A tiny packet-level stack for NSM tests. Options:
 * {@code hello} = dotted address to send one packet to on the first doWork;
 * {@code echo} = {@code true} to answer every packet with a packet back to its source;
 * {@code fail} = {@code packet}, {@code work} or {@code timer} to throw there.
 * Public for the NQE channel's tests of tenants whose stack fails.
 */
public final class ProbeStack implements NetworkStack {
    static final Set<String> OPTIONS = Set.of("hello", "echo", "fail");

    private final StackDescriptor descriptor;
    final List<Probe> instances = new CopyOnWriteArrayList<>();

    ProbeStack(String id, Capability level) {
        this.descriptor = new StackDescriptor(id, "1.0.0", "reno", EnumSet.of(level));
    }

    public ProbeStack() {
        this("probe", Capability.PACKET_LEVEL);
    }

    public LoadedStack loaded() {
        return new LoadedStack(descriptor.id(), descriptor.version(), this);
    }

    Probe instance(String tenantId) {
        for (Probe probe : instances) {
            if (probe.host.tenantId().equals(tenantId)) {
                return probe;
            }
        }
        throw new AssertionError("no instance for " + tenantId);
    }

    @Override
    public StackDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' (known: echo, fail, hello)");
            }
        }
        String fail = options.getOrDefault("fail", "none");
        if (!Set.of("none", "packet", "work", "timer").contains(fail)) {
            throw new IllegalArgumentException("option fail='" + fail + "' must be none, packet, work or timer");
        }
        String hello = options.get("hello");
        Probe probe = new Probe(host, hello == null ? 0 : Endpoint.parseAddress(hello),
            Boolean.parseBoolean(options.getOrDefault("echo", "false")), fail);
        instances.add(probe);
        return probe;
    }

    /** The instance: counts what reaches it. Fields are volatile so threaded tests can read them. */
    static final class Probe implements StackInstance {
        final StackHost host;
        private final int hello;
        private final boolean echo;
        private final String fail;
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final List<long[]> timersFired = new CopyOnWriteArrayList<>();
        volatile int packets;
        volatile int lastSource;
        volatile int lastSeq = -1;
        volatile int doWorkCalls;
        volatile boolean destroyed;
        volatile String destroyThread;
        volatile String workThread;
        private int sent;

        Probe(StackHost host, int hello, boolean echo, String fail) {
            this.host = host;
            this.hello = hello;
            this.echo = echo;
            this.fail = fail;
        }

        /** Sends one packet with a sequence number. @return whether the fabric took it */
        boolean send(int destination, int seq) {
            byte[] payload = new byte[8];
            int length = TestPackets.write(out, 0, host.localAddress(), destination, payload);
            out.putInt(20, seq, ByteOrder.BIG_ENDIAN);
            return host.transmit(out, 0, length);
        }

        @Override
        public void onPacket(DirectBuffer packet, int offset, int length) {
            if (fail.equals("packet")) {
                throw new IllegalStateException("probe fails on packets");
            }
            packets++;
            lastSource = packet.getInt(offset + 12, ByteOrder.BIG_ENDIAN);
            lastSeq = packet.getInt(offset + 20, ByteOrder.BIG_ENDIAN);
            if (echo) {
                send(lastSource, lastSeq + 1);
            }
        }

        @Override
        public void onTimer(long timerId, long nowNanos) {
            if (fail.equals("timer")) {
                throw new IllegalStateException("probe fails on timers");
            }
            timersFired.add(new long[] {timerId, nowNanos});
        }

        @Override
        public int doWork() {
            doWorkCalls++;
            workThread = Thread.currentThread().getName();
            if (fail.equals("work")) {
                throw new IllegalStateException("probe fails in doWork");
            }
            if (hello != 0 && sent == 0) {
                sent = 1;
                send(hello, 1);
                return 1;
            }
            return 0;
        }

        @Override
        public void destroy() {
            destroyed = true;
            destroyThread = Thread.currentThread().getName();
        }

        @Override
        public int open() {
            return -Errno.ENOSYS;
        }

        @Override
        public int bind(int socket, int address, int port) {
            return -Errno.EBADF;
        }

        @Override
        public int listen(int socket, int backlog) {
            return -Errno.EBADF;
        }

        @Override
        public int accept(int socket) {
            return -Errno.EBADF;
        }

        @Override
        public int connect(int socket, int address, int port) {
            return -Errno.EBADF;
        }

        @Override
        public int send(int socket, DirectBuffer src, int offset, int length) {
            return -Errno.EBADF;
        }

        @Override
        public int recv(int socket, MutableDirectBuffer dst, int offset, int length) {
            return -Errno.EBADF;
        }

        @Override
        public int shutdown(int socket, int how) {
            return -Errno.EBADF;
        }

        @Override
        public int close(int socket) {
            return -Errno.EBADF;
        }

        @Override
        public int setOption(int socket, SocketOption option, long value) {
            return -Errno.EBADF;
        }

        @Override
        public long getOption(int socket, SocketOption option) {
            return -Errno.EBADF;
        }

        @Override
        public long localEndpoint(int socket) {
            return -Errno.EBADF;
        }

        @Override
        public long peerEndpoint(int socket) {
            return -Errno.EBADF;
        }

        @Override
        public int info(int socket, TcpInfo into) {
            return -Errno.EBADF;
        }
    }
}
