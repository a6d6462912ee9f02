package io.nsaas.host.fabric.tun;

import io.nsaas.spi.Errno;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.LibraryLoader;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A Linux TUN device opened through jnr-ffi: each {@link #read} returns one IP packet the kernel
 * routed to the device, each {@link #write} injects one IP packet into the kernel as if it arrived on
 * the device. The device is opened {@code IFF_TUN | IFF_NO_PI} (packets start at the IP header), its
 * descriptor non-blocking and close-on-exec.
 *
 * <p><b>Attach or create.</b> {@link #open} attaches to an existing device of that name (made with
 * {@code ip tuntap add dev NAME mode tun [user U]}; its owner, or root, may attach without any other
 * privilege) or, when none exists, creates a non-persistent one, which needs CAP_NET_ADMIN and
 * disappears on {@link #close}. Every failure is a {@link TunException} with a one-line message.
 * Call {@link #awaitLinkUp} before the first packets matter.
 *
 * <p><b>Errors are values.</b> {@code read} and {@code write} never throw for I/O: they return
 * {@code -errno} (Linux numbers, {@link Errno}), and {@code read} returns 0 when no packet is waiting.
 * A range outside the buffer returns {@code -EINVAL}.
 *
 * <p><b>Threading.</b> One thread calls {@code read} and one thread calls {@code write} (the same or
 * two different ones: each direction has its own native staging memory). {@link #close} is
 * idempotent; call it after those threads stopped using the device (a call racing close may act on
 * a reused descriptor number). Neither direction allocates.
 */
public final class TunDevice implements AutoCloseable {
    /** The clone device every TUN descriptor is opened from. */
    public static final String CLONE_DEVICE = "/dev/net/tun";
    /** The MTU reported when the kernel cannot be asked. */
    public static final int DEFAULT_MTU = 1500;
    /** Native staging per direction for heap-backed buffers: holds the largest IPv4 packet. */
    static final int STAGING_LENGTH = 64 * 1024;

    private final TunLibC libc;
    private final jnr.ffi.Runtime runtime;
    private final String name;
    private final int fd;
    private final int mtu;
    private final UnsafeBuffer readStaging;
    private final UnsafeBuffer writeStaging;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps an open packet descriptor (tests pass one end of a datagram socket pair); takes ownership of {@code fd}. */
    TunDevice(TunLibC libc, String name, int fd, int mtu) {
        this.libc = libc;
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.name = name;
        this.fd = fd;
        this.mtu = mtu;
        this.readStaging = new UnsafeBuffer(BufferUtil.allocateDirectAligned(STAGING_LENGTH, BitUtil.CACHE_LINE_LENGTH));
        this.writeStaging = new UnsafeBuffer(BufferUtil.allocateDirectAligned(STAGING_LENGTH, BitUtil.CACHE_LINE_LENGTH));
    }

    /**
     * Attaches to TUN device {@code name}, or creates it when no interface has that name.
     *
     * @param name the interface name, at most 15 bytes; a {@code %d} in it lets the kernel number a
     *             new device ({@link #name()} then tells the name it chose)
     * @throws TunException when the name is invalid, {@code /dev/net/tun} is missing or not
     *                      accessible, the name belongs to a non-TUN interface, the device is busy or
     *                      belongs to another user; the message says how to fix it
     */
    public static TunDevice open(String name) {
        return open(name, CLONE_DEVICE);
    }

    /** As {@link #open(String)} with another clone device path, so tests can make it missing. */
    static TunDevice open(String name, String clonePath) {
        TunException invalid = TunException.invalidName(name);
        if (invalid != null) {
            throw invalid;
        }
        TunLibC libc = Native.libc();
        jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
        int fd = libc.open(clonePath, TunLibC.O_RDWR | TunLibC.O_NONBLOCK | TunLibC.O_CLOEXEC);
        if (fd < 0) {
            throw TunException.openFailed(clonePath, name, runtime.getLastError());
        }
        try {
            UnsafeBuffer ifreq = new UnsafeBuffer(BufferUtil.allocateDirectAligned(IfreqDescriptor.LENGTH, 8));
            IfreqDescriptor.writeNameAndFlags(ifreq, 0, name.getBytes(StandardCharsets.UTF_8),
                (short) (TunLibC.IFF_TUN | TunLibC.IFF_NO_PI));
            if (libc.ioctl(fd, TunLibC.TUNSETIFF, ifreq.addressOffset()) < 0) {
                int errno = runtime.getLastError();
                throw TunException.attachFailed(clonePath, name, errno, interfaceExists(name));
            }
            String actual = IfreqDescriptor.name(ifreq, 0);
            return new TunDevice(libc, actual, fd, queryMtu(libc, ifreq, actual));
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    private static boolean interfaceExists(String name) {
        return name.indexOf('%') < 0 && Files.exists(Path.of("/sys/class/net", name));
    }

    /** @return the device's MTU from SIOCGIFMTU, or {@link #DEFAULT_MTU} when the kernel cannot tell */
    private static int queryMtu(TunLibC libc, UnsafeBuffer ifreq, String name) {
        int socket = libc.socket(TunLibC.AF_INET, TunLibC.SOCK_DGRAM | TunLibC.SOCK_CLOEXEC, 0);
        if (socket < 0) {
            return DEFAULT_MTU;
        }
        try {
            IfreqDescriptor.writeName(ifreq, 0, name.getBytes(StandardCharsets.UTF_8));
            if (libc.ioctl(socket, TunLibC.SIOCGIFMTU, ifreq.addressOffset()) < 0) {
                return DEFAULT_MTU;
            }
            int mtu = IfreqDescriptor.mtu(ifreq, 0);
            return mtu > 0 ? mtu : DEFAULT_MTU;
        } finally {
            libc.close(socket);
        }
    }

    /** @return the interface name (the kernel's choice when the requested name held {@code %d}) */
    public String name() {
        return name;
    }

    /** @return the MTU the device had when opened (SIOCGIFMTU), or 1500 when it could not be read */
    public int mtu() {
        return mtu;
    }

    /**
     * Reads one packet without waiting. {@code length} should be at least {@link #mtu()}: a packet
     * longer than the space is cut by the kernel.
     *
     * @return the packet's length in bytes at {@code dst[offset]}, 0 when no packet is waiting, or
     *         {@code -errno} ({@code -EBADF} after close, {@code -EINVAL} for a range outside {@code dst})
     */
    public int read(MutableDirectBuffer dst, int offset, int length) {
        if (closed.get()) {
            return -Errno.EBADF;
        }
        if (offset < 0 || length < 0 || offset > dst.capacity() - length) {
            return -Errno.EINVAL;
        }
        boolean direct = dst.byteArray() == null;
        int space = direct ? length : Math.min(length, STAGING_LENGTH);
        long address = direct ? dst.addressOffset() + offset : readStaging.addressOffset();
        long n = libc.read(fd, address, space);
        if (n < 0) {
            int errno = runtime.getLastError();
            return errno == Errno.EAGAIN || errno == Errno.EINTR ? 0 : -errnoOrEio(errno);
        }
        if (!direct && n > 0) {
            dst.putBytes(offset, readStaging, 0, (int) n);
        }
        return (int) n;
    }

    /**
     * Writes one packet (starting with its IP header) into the kernel without waiting.
     *
     * @return {@code length} when the kernel took the packet, or {@code -errno}: {@code -EAGAIN} when
     *         it had no room (the caller counts a drop), {@code -EIO} while the interface is down,
     *         {@code -EBADF} after close, {@code -EINVAL} for a range outside {@code src} or an empty
     *         or over-long packet
     */
    public int write(DirectBuffer src, int offset, int length) {
        if (closed.get()) {
            return -Errno.EBADF;
        }
        if (offset < 0 || length <= 0 || length > STAGING_LENGTH || offset > src.capacity() - length) {
            return -Errno.EINVAL;
        }
        long address;
        if (src.byteArray() == null) {
            address = src.addressOffset() + offset;
        } else {
            writeStaging.putBytes(0, src, offset, length);
            address = writeStaging.addressOffset();
        }
        long n = libc.write(fd, address, length);
        return n >= 0 ? (int) n : -errnoOrEio(runtime.getLastError());
    }

    private static int errnoOrEio(int errno) {
        return errno > 0 ? errno : Errno.EIO;
    }

    /**
     * Waits until the kernel transmits on the device. Attaching turns the carrier on, but Linux
     * activates the device's queueing discipline asynchronously (link watch, up to about a second
     * later); until then packets the kernel routes to the device are silently dropped, so a reply to
     * the first packets written may be lost. Call this once after {@link #open}, before traffic
     * matters; it blocks (setup only, never from a duty cycle).
     *
     * @return true when the device's operational state is up, false when {@code timeoutMillis}
     *         passed first (for instance because the interface is administratively down:
     *         {@code ip link set dev NAME up})
     */
    public boolean awaitLinkUp(long timeoutMillis) {
        Path operstate = Path.of("/sys/class/net", name, "operstate");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String state;
            try {
                state = Files.readString(operstate).trim();
            } catch (IOException e) {
                state = "missing";
            }
            // a TUN device reports "unknown" when up: its driver does not track operational state
            if (state.equals("up") || state.equals("unknown")) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** @return the bound libc, for tests that make descriptors of their own */
    static TunLibC libc() {
        return Native.libc();
    }

    /** @return whether {@link #close} was called */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the descriptor. A device this call created goes away with it; one made with
     * {@code ip tuntap add} stays (it is persistent) and only loses its carrier. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            libc.close(fd);
        }
    }

    @Override
    public String toString() {
        return "TUN device " + name + " (fd " + fd + ", mtu " + mtu + ")";
    }

    /** Binds libc once, on first use, so a host that never opens a TUN device never loads jnr-ffi's native code. */
    private static final class Native {
        private static final TunLibC LIBC;
        private static final Throwable FAILURE;

        static {
            TunLibC libc = null;
            Throwable failure = null;
            try {
                libc = LibraryLoader.create(TunLibC.class).load("c");
            } catch (LinkageError | RuntimeException e) {
                failure = e;
            }
            LIBC = libc;
            FAILURE = failure;
        }

        static TunLibC libc() {
            if (LIBC == null) {
                throw new TunException("cannot bind libc through jnr-ffi for TUN devices: " + FAILURE
                    + "; TUN devices need Linux (glibc or musl) on x86-64 or arm64", FAILURE);
            }
            return LIBC;
        }
    }
}
