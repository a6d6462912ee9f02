package io.nsaas.conformance.linux;

import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls the Linux reference target makes, bound by jnr-ffi: the socket calls a wire script
 * performs against kernel TCP, plus {@code setns} to create sockets inside the target's network
 * namespace. Pointers travel as raw native addresses into memory the caller preallocated. Every
 * function returns -1 and sets {@code errno} on failure; jnr-ffi saves it right after the call
 * ({@link SaveError}) and callers read it only after a -1.
 *
 * <p>Constants are the Linux values shared by x86-64 and arm64 ({@code asm-generic}). Public only
 * because jnr-ffi generates the implementation in another class loader.
 */
public interface LinuxLibC {
    int AF_INET = 2;
    int SOCK_STREAM = 1;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int O_RDONLY = 0;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int F_GETFL = 3;
    int F_SETFL = 4;
    int SOL_SOCKET = 1;
    int SO_ERROR = 4;
    int SO_LINGER = 13;
    int IPPROTO_TCP = 6;
    int TCP_INFO = 11;
    int MSG_NOSIGNAL = 0x4000;
    /** {@code setns} namespace type of a network namespace. */
    int CLONE_NEWNET = 0x4000_0000;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @intptr_t long sockaddr, int addrlen);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int accept4(int fd, @intptr_t long sockaddr, @intptr_t long addrlenPointer, int flags);

    @SaveError
    int connect(int fd, @intptr_t long sockaddr, int addrlen);

    @SaveError
    @ssize_t
    long send(int fd, @intptr_t long buffer, @size_t long length, int flags);

    @SaveError
    @ssize_t
    long recv(int fd, @intptr_t long buffer, @size_t long length, int flags);

    @SaveError
    int shutdown(int fd, int how);

    @SaveError
    int close(int fd);

    @SaveError
    int setsockopt(int fd, int level, int optname, @intptr_t long optval, int optlen);

    @SaveError
    int getsockopt(int fd, int level, int optname, @intptr_t long optval, @intptr_t long optlenPointer);

    @SaveError
    int fcntl(int fd, int cmd, long arg);

    @SaveError
    int poll(@intptr_t long fds, long nfds, int timeoutMillis);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    int geteuid();
}
