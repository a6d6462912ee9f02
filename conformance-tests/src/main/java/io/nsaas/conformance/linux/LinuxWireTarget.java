package io.nsaas.conformance.linux;

import io.nsaas.conformance.wire.OutboundPacket;
import io.nsaas.conformance.wire.ShellOutcome;
import io.nsaas.conformance.wire.Syscall;
import io.nsaas.conformance.wire.WireTarget;
import io.nsaas.host.fabric.tun.TunDevice;
import io.nsaas.spi.TcpInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.LibraryLoader;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The Linux reference target, set up the way packetdrill runs scripts against Linux: the kernel's TCP
 * is the stack under test at 192.168.0.1 behind a TUN device in a network namespace of its own
 * ({@link ScriptNamespace}); the script's packets are written to the device as if they arrived from
 * 192.0.2.1, and what the kernel routes to 192.0.2.1 is read back from it. System calls act on real
 * kernel sockets ({@link KernelSocketCalls}); time is real time.
 *
 * <p>Outbound packets are taken off the device whenever the target waits or acts and stamped then
 * (a poll every {@value #POLL_MICROS} us while waiting), so a timestamp is at most about that late.
 * Only IPv4 TCP packets are returned; anything else the kernel sends on the device is dropped.
 *
 * <p>Threading: one thread (the script's) calls every method, as {@link WireTarget} says.
 */
public final class LinuxWireTarget implements WireTarget {
    private static final int POLL_MICROS = 100;
    private static final int IP_PROTO_TCP = 6;
    private static final long LINK_UP_MILLIS = 5_000;

    private long start = System.nanoTime();
    private final ScriptNamespace namespace;
    private final TunDevice tun;
    private final KernelSocketCalls sockets;
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[65_536]);
    private final ArrayDeque<OutboundPacket> outbound = new ArrayDeque<>();
    private final String description;
    private Path shellDirectory;

    private LinuxWireTarget(LinuxLibC libc, ScriptNamespace namespace, TunDevice tun) {
        this.namespace = namespace;
        this.tun = tun;
        this.sockets = new KernelSocketCalls(libc, namespace, this::nowNanos);
        this.description = "linux " + kernelRelease();
    }

    /** @return null when a Linux target can be opened here, else one line saying what is missing */
    public static String unavailableReason() {
        try {
            return ScriptNamespace.unavailableReason(Native.libc());
        } catch (LinkageError | RuntimeException e) {
            return "the Linux reference target cannot bind libc: " + e.getMessage();
        }
    }

    /**
     * Creates the namespace, its TUN device and route.
     *
     * @throws IllegalStateException when the environment lacks something ({@link #unavailableReason}) or setup fails
     */
    public static LinuxWireTarget open() {
        String missing = unavailableReason();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        LinuxLibC libc = Native.libc();
        ScriptNamespace namespace = ScriptNamespace.create(libc);
        try {
            TunDevice[] tun = new TunDevice[1];
            namespace.inside(() -> {
                tun[0] = TunDevice.open(ScriptNamespace.DEVICE);
                return 0;
            });
            if (!namespace.awaitDeviceUp(LINK_UP_MILLIS)) {
                tun[0].close();
                throw new IllegalStateException("TUN device " + ScriptNamespace.DEVICE + " in " + namespace.name()
                    + " did not come up in " + LINK_UP_MILLIS + " ms");
            }
            LinuxWireTarget target = new LinuxWireTarget(libc, namespace, tun[0]);
            target.warmUp();
            return target;
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public long nowNanos() {
        return System.nanoTime() - start;
    }

    /** Restarts the clock; what the device holds until then (nothing, before the first socket call) is dropped. */
    @Override
    public void startClock() {
        drain();
        outbound.clear();
        start = System.nanoTime();
    }

    @Override
    public void advanceTo(long nanos) {
        while (nowNanos() < nanos) {
            drain();
            long left = nanos - nowNanos();
            if (left > 0) {
                LockSupport.parkNanos(Math.min(left, TimeUnit.MICROSECONDS.toNanos(POLL_MICROS)));
            }
        }
        drain();
    }

    @Override
    public void inject(byte[] ipv4) {
        drain();
        int n = tun.write(new UnsafeBuffer(ipv4), 0, ipv4.length);
        if (n != ipv4.length) {
            throw new IllegalStateException("writing a " + ipv4.length + "-byte packet to " + tun + " failed: errno " + -n);
        }
    }

    @Override
    public OutboundPacket nextOutbound(long deadlineNanos) {
        while (true) {
            drain();
            if (!outbound.isEmpty()) {
                return outbound.poll();
            }
            long left = deadlineNanos - nowNanos();
            if (left <= 0) {
                return null;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MICROSECONDS.toNanos(POLL_MICROS)));
        }
    }

    @Override
    public long syscall(Syscall call) {
        drain();
        long result = sockets.call(call);
        drain();
        return result;
    }

    @Override
    public long pendingResult() {
        drain();
        return sockets.pendingResult();
    }

    @Override
    public boolean info(int fd, TcpInfo into) {
        return sockets.info(fd, into);
    }

    /**
     * Runs later shell lines in {@code directory}, as packetdrill suites run scripts from their own directory
     * (so {@code `./defaults.sh`} next to the script is found).
     */
    public void runShellLinesIn(Path directory) {
        shellDirectory = directory;
    }

    /** Runs the line with {@code /bin/sh -c} inside the script's namespace (so sysctls stay there). */
    @Override
    public ShellOutcome shell(String command) {
        try {
            ScriptNamespace.Outcome outcome = namespace.shell(command, shellDirectory);
            return ShellOutcome.ran(outcome.exitCode(), outcome.output().isEmpty() ? "ran in " + namespace.name()
                : outcome.output().lines().findFirst().orElse(""));
        } catch (IOException e) {
            return ShellOutcome.ran(127, "/bin/sh: " + e.getMessage());
        }
    }

    /** Closes the sockets, the device and the namespace. */
    @Override
    public void close() {
        sockets.close();
        tun.close();
        namespace.close();
    }

    /**
     * Makes the first calls of every native function (jnr-ffi binds each on first use, which takes
     * milliseconds: enough to make a script's first packets late) and then starts the script's clock.
     * The packet path: a read, and a write of an IPv4 header with a wrong checksum, which the kernel
     * drops without answering; the socket calls: on a socket closed right away.
     */
    private void warmUp() {
        byte[] dropped = new byte[20];
        dropped[0] = 0x45;
        dropped[3] = 20;
        dropped[8] = 1;
        dropped[9] = (byte) 253; // experimental protocol; the header checksum stays 0 (wrong)
        for (int i = 0; i < 3; i++) {
            tun.write(new UnsafeBuffer(dropped), 0, dropped.length);
            drain();
        }
        sockets.warmUp();
        startClock();
    }

    /** Takes every packet waiting on the device, stamped now; keeps IPv4 TCP only. */
    private void drain() {
        int n;
        while ((n = tun.read(packet, 0, packet.capacity())) > 0) {
            if (n >= 20 && (packet.getByte(0) & 0xF0) == 0x40 && packet.getByte(9) == IP_PROTO_TCP) {
                outbound.add(new OutboundPacket(nowNanos(), Arrays.copyOf(packet.byteArray(), n)));
            }
        }
        if (n < 0) {
            throw new IllegalStateException("reading " + tun + " failed: errno " + -n);
        }
    }

    private static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /** Binds libc once, on first use. */
    private static final class Native {
        private static volatile LinuxLibC libc;

        static LinuxLibC libc() {
            LinuxLibC bound = libc;
            if (bound == null) {
                bound = LibraryLoader.create(LinuxLibC.class).load("c");
                libc = bound;
            }
            return bound;
        }
    }
}
