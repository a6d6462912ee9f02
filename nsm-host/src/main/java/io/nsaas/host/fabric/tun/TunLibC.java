package io.nsaas.host.fabric.tun;

import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc functions a {@link TunDevice} calls, bound by jnr-ffi. Buffers travel as raw native
 * addresses ({@code long}) into memory the caller preallocated, so the packet calls neither allocate
 * nor pin Java objects. Every function returns -1 and sets {@code errno} on failure; jnr-ffi saves
 * {@code errno} right after the call ({@link SaveError}) and callers read it only after a -1.
 *
 * <p>The constants are the Linux values shared by x86-64 and arm64 ({@code asm-generic} and
 * {@code linux/if_tun.h}, {@code linux/sockios.h}); {@code open} and {@code ioctl} are variadic in C
 * and are bound with their fixed argument count, which those two ABIs pass identically.
 *
 * <p>Public only because jnr-ffi generates its implementation in another class loader; it is not an
 * API of the host.
 */
public interface TunLibC {
    int O_RDWR = 0x2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    int AF_INET = 2;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;

    /** {@code _IOW('T', 202, int)} from {@code linux/if_tun.h}. */
    long TUNSETIFF = 0x400454caL;
    /** From {@code linux/sockios.h}. */
    long SIOCGIFMTU = 0x8921L;

    /** TUNSETIFF flag: an IP-level device (no Ethernet header). */
    short IFF_TUN = 0x0001;
    /** TUNSETIFF flag: no 4-byte packet-information prefix on reads and writes. */
    short IFF_NO_PI = 0x1000;

    @SaveError
    int open(String path, int flags);

    @SaveError
    int close(int fd);

    @SaveError
    @ssize_t
    long read(int fd, @intptr_t long buffer, @size_t long length);

    @SaveError
    @ssize_t
    long write(int fd, @intptr_t long buffer, @size_t long length);

    @SaveError
    int ioctl(int fd, @size_t long request, @intptr_t long argument);

    @SaveError
    int socket(int domain, int type, int protocol);
}
