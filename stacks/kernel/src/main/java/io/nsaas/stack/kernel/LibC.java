package io.nsaas.stack.kernel;

import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc functions the kernel stack calls, bound by jnr-ffi. Every pointer travels as a raw
 * native address ({@code long}) into memory the caller preallocated, so a call neither allocates
 * nor pins Java objects. Every function returns -1 and sets {@code errno} on failure; jnr-ffi saves
 * {@code errno} right after the call ({@link SaveError}) and the caller reads it only after a -1.
 *
 * <p>The constants are the Linux values shared by x86-64 and arm64 ({@code asm-generic}); other
 * architectures are refused by {@link EpollEventDescriptor#forCurrentArchitecture()}.
 */
public interface LibC {
    int AF_UNSPEC = 0;
    int AF_INET = 2;
    int SOCK_STREAM = 1;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int IPPROTO_TCP = 6;
    int SOL_SOCKET = 1;

    int SO_ERROR = 4;
    int SO_LINGER = 13;
    int TCP_INFO = 11;
    int TCP_CONGESTION = 13;

    int MSG_NOSIGNAL = 0x4000;

    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLL_CTL_MOD = 3;
    int EPOLLIN = 0x001;
    int EPOLLOUT = 0x004;
    int EPOLLERR = 0x008;
    int EPOLLHUP = 0x010;
    int EPOLLRDHUP = 0x2000;
    int EPOLLET = 0x8000_0000;

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
    int getsockname(int fd, @intptr_t long sockaddr, @intptr_t long addrlenPointer);

    @SaveError
    int getpeername(int fd, @intptr_t long sockaddr, @intptr_t long addrlenPointer);

    @SaveError
    int epoll_create1(int flags);

    @SaveError
    int epoll_ctl(int epfd, int op, int fd, @intptr_t long event);

    @SaveError
    int epoll_wait(int epfd, @intptr_t long events, int maxevents, int timeout);
}
