package io.nsaas.stack.kernel;

import io.nsaas.spi.Errno;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackLogger;

/**
 * Watches one instance's kernel sockets with epoll and turns readiness into {@link StackEvents}.
 *
 * <p><b>Edge-triggered, on purpose.</b> Every socket is registered with {@code EPOLLET}. The SPI's
 * events are edge-like hints after which the host re-checks with non-blocking calls until
 * {@code -EAGAIN}; level-triggered epoll would instead report the same unread data or the same free
 * send space on every duty cycle, so an idle-but-readable tenant would keep its NSM busy forever.
 * No wakeup is lost: the kernel queues an edge on every new arrival (data, FIN, RST, connection,
 * freed send space), and {@code EPOLL_CTL_ADD}/{@code EPOLL_CTL_MOD} check the socket's current
 * readiness when they run, so readiness that arose before a socket was (re)armed is reported too.
 * Events beyond the per-poll bound stay queued in the kernel for the next poll.
 *
 * <p><b>Interest per mode</b> ({@link SocketTable}): listening {@code IN}; connecting
 * {@code OUT|IN|RDHUP}; connected {@code IN|RDHUP}, plus {@code OUT} only while a send is waiting
 * for space ({@link #armWrite}) and removed again once {@code onWritable} is raised. Fresh sockets
 * are not registered at all (an unconnected TCP socket polls as {@code OUT|HUP}).
 *
 * <p>Threading: owned by one {@link KernelStackInstance}, NSM thread only; allocation-free.
 */
final class EpollReadiness {
    private static final int LISTEN_INTEREST = LibC.EPOLLIN | LibC.EPOLLET;
    private static final int CONNECTING_INTEREST = LibC.EPOLLOUT | LibC.EPOLLIN | LibC.EPOLLRDHUP | LibC.EPOLLET;
    private static final int CONNECTED_INTEREST = LibC.EPOLLIN | LibC.EPOLLRDHUP | LibC.EPOLLET;
    private static final int READABLE = LibC.EPOLLIN | LibC.EPOLLRDHUP;

    private final KernelSyscalls syscalls;
    private final SocketTable table;
    private final StackEvents events;
    private final StackLogger logger;
    private final int epfd;
    private boolean pollFailureLogged;

    EpollReadiness(KernelSyscalls syscalls, SocketTable table, StackEvents events, StackLogger logger, int epfd) {
        this.syscalls = syscalls;
        this.table = table;
        this.events = events;
        this.logger = logger;
        this.epfd = epfd;
    }

    /**
     * Registers the socket, or updates its registration, with the interest its mode and write arming
     * call for.
     *
     * @return 0 or {@code -errno} from {@code epoll_ctl}
     */
    int watch(int id) {
        int interest = interest(id);
        int op = table.watched(id) ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD;
        int rc = syscalls.epollCtl(epfd, op, table.fd(id), interest, table.token(id));
        if (rc == 0) {
            table.watched(id, true);
        }
        return rc;
    }

    /** A send returned {@code -EAGAIN}: watch for send space until {@code onWritable} is raised. */
    void armWrite(int id) {
        if (table.writeArmed(id)) {
            return;
        }
        table.writeArmed(id, true);
        // Connecting sockets already watch OUT; finished or unconnected ones have nothing to wait for.
        if (table.mode(id) == SocketTable.CONNECTED) {
            watchOrLog(id);
        }
    }

    /**
     * Collects ready sockets without waiting and raises their events.
     *
     * @return how many epoll events were handled
     */
    int poll() {
        int ready = syscalls.epollWait(epfd);
        if (ready <= 0) {
            if (ready < 0 && ready != -Errno.EINTR && !pollFailureLogged) {
                pollFailureLogged = true;
                logger.error("epoll_wait on fd {} failed: {}; socket events stop until it recovers", epfd, Errno.name(ready));
            }
            return 0;
        }
        for (int i = 0; i < ready; i++) {
            int id = table.idOf(syscalls.eventData(i));
            if (id >= 0) {
                dispatch(id, syscalls.eventMask(i));
            }
        }
        return ready;
    }

    private void dispatch(int id, int mask) {
        switch (table.mode(id)) {
            case SocketTable.LISTENING:
                listening(id, mask);
                break;
            case SocketTable.CONNECTING:
                connecting(id, mask);
                break;
            case SocketTable.CONNECTED:
                connected(id, mask);
                break;
            default:
                break; // FRESH or FINISHED: no longer of interest (an edge queued before the change)
        }
    }

    private void listening(int id, int mask) {
        if ((mask & LibC.EPOLLIN) != 0) {
            events.onAcceptable(id);
        }
        if ((mask & LibC.EPOLLHUP) != 0) {
            finish(id, socketError(id)); // the tenant shut the listener down
        }
    }

    /** Completion of a non-blocking connect: writable with {@code SO_ERROR} 0, or an error. */
    private void connecting(int id, int mask) {
        int errno = socketError(id);
        if (errno != 0) {
            int rc = syscalls.disconnect(table.fd(id)); // so the tenant may connect the socket again
            if (rc < 0) {
                logger.warn("connect(AF_UNSPEC) after the failed connect of socket {} failed: {}", id, Errno.name(rc));
            }
            finish(id, errno);
            return;
        }
        if ((mask & LibC.EPOLLOUT) == 0) {
            if ((mask & LibC.EPOLLHUP) != 0) {
                finish(id, 0); // shut down by the tenant before the handshake finished
            }
            return;
        }
        table.mode(id, SocketTable.CONNECTED);
        watchOrLog(id);
        events.onConnected(id);
        connected(id, mask);
    }

    private void connected(int id, int mask) {
        if ((mask & READABLE) != 0) {
            events.onReadable(id);
        }
        if ((mask & LibC.EPOLLHUP) != 0) {
            // Both directions are finished (peer FIN received and ours sent, or an RST/timeout put the
            // socket in CLOSE): the connection is gone. SO_ERROR says how.
            finish(id, socketError(id));
            return;
        }
        if ((mask & LibC.EPOLLERR) != 0) {
            // An error on a live connection: keep it for the tenant's next call and wake both sides.
            int errno = socketError(id);
            if (errno != 0) {
                table.pendingError(id, errno);
            }
            events.onReadable(id);
        }
        if ((mask & (LibC.EPOLLOUT | LibC.EPOLLERR)) != 0 && table.writeArmed(id)) {
            table.writeArmed(id, false);
            watchOrLog(id);
            events.onWritable(id);
        }
    }

    /** The connection is gone: stop watching, keep the error for the tenant, raise onClosed once. */
    private void finish(int id, int errno) {
        table.mode(id, SocketTable.FINISHED);
        table.writeArmed(id, false);
        if (errno != 0) {
            table.pendingError(id, errno);
        }
        if (table.watched(id)) {
            syscalls.epollCtl(epfd, LibC.EPOLL_CTL_DEL, table.fd(id), 0, 0L);
            table.watched(id, false);
        }
        events.onClosed(id, errno);
    }

    /**
     * Reads and clears {@code SO_ERROR}. Reading it consumes the kernel's copy, so callers that get
     * a non-zero value keep it in the table ({@link SocketTable#pendingError}) for the tenant.
     */
    private int socketError(int id) {
        if (table.hasPendingError(id)) {
            return table.takePendingError(id);
        }
        int errno = syscalls.takeSocketError(table.fd(id));
        return errno < 0 ? -errno : errno;
    }

    private void watchOrLog(int id) {
        int rc = watch(id);
        if (rc < 0) {
            logger.warn("epoll_ctl for socket {} (fd {}) failed: {}; its events may stall", id, table.fd(id), Errno.name(rc));
        }
    }

    private int interest(int id) {
        switch (table.mode(id)) {
            case SocketTable.LISTENING:
                return LISTEN_INTEREST;
            case SocketTable.CONNECTING:
                return CONNECTING_INTEREST;
            default:
                return table.writeArmed(id) ? CONNECTED_INTEREST | LibC.EPOLLOUT : CONNECTED_INTEREST;
        }
    }
}
