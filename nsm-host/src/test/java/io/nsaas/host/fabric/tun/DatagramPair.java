package io.nsaas.host.fabric.tun;

import java.nio.ByteOrder;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stand-in for a TUN device that needs no privilege: a non-blocking Unix datagram socket pair, which
 * keeps packet boundaries as a TUN descriptor does. {@link #device()} wraps one end as a
 * {@link TunDevice}; the test plays the kernel on the other end with {@link #inject} and {@link #take}.
 */
final class DatagramPair implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;

    /** The one call {@link TunLibC} does not bind. */
    public interface SocketPairLibC {
        @SaveError
        int socketpair(int domain, int type, int protocol, @intptr_t long fds);
    }

    private final TunLibC libc = TunDevice.libc();
    private final TunDevice device;
    private final int kernelFd;
    private final UnsafeBuffer staging = new UnsafeBuffer(BufferUtil.allocateDirectAligned(65536, 64));

    DatagramPair(String name) {
        SocketPairLibC pairs = LibraryLoader.create(SocketPairLibC.class).load("c");
        UnsafeBuffer fds = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8, 8));
        if (pairs.socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | TunLibC.SOCK_CLOEXEC, 0, fds.addressOffset()) != 0) {
            throw new IllegalStateException("socketpair failed: errno " + jnr.ffi.Runtime.getRuntime(pairs).getLastError());
        }
        this.device = new TunDevice(libc, name, fds.getInt(0, ByteOrder.nativeOrder()), 1500);
        this.kernelFd = fds.getInt(4, ByteOrder.nativeOrder());
    }

    TunDevice device() {
        return device;
    }

    /** Sends one packet toward the device, as the kernel routing it there would. */
    void inject(DirectBuffer packet, int offset, int length) {
        staging.putBytes(0, packet, offset, length);
        if (libc.write(kernelFd, staging.addressOffset(), length) != length) {
            throw new IllegalStateException("inject failed: errno " + jnr.ffi.Runtime.getRuntime(libc).getLastError());
        }
    }

    /** @return the next packet the device wrote, or null when none is waiting */
    byte[] take() {
        long n = libc.read(kernelFd, staging.addressOffset(), staging.capacity());
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[(int) n];
        staging.getBytes(0, bytes);
        return bytes;
    }

    @Override
    public void close() {
        device.close();
        libc.close(kernelFd);
    }
}
