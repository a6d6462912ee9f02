package io.nsaas.guest.socket;

import static io.nsaas.nqe.NqeDescriptor.FLAG_NONBLOCK;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import io.nsaas.nqe.Opcode;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link GuestSocket} over the NQE channel: every call is one or more requests through a
 * {@link SocketTransport}; readiness comes from the host's events ({@link #onEvent}).
 *
 * <p><b>Waiting.</b> Without a timeout ({@code timeoutNanos == 0}) ACCEPT, CONNECT, RECV and SEND
 * go out as blocking requests that the host holds until they can make progress: one NQE round trip
 * and no event involved. With a timeout ({@code > 0}) they go out with {@code FLAG_NONBLOCK} and the
 * socket waits for the readiness bit until the deadline (ABI 1.0 has no cancel opcode, so a held
 * request could not be taken back). Non-blocking ({@code < 0}) answers at once. A timed-out connect
 * stays in progress; close the socket to abandon it, as {@link java.net.Socket} does.
 *
 * <p><b>Threading.</b> Readers (read, accept) serialise on one lock, writers (write, connect,
 * finishConnect) on another, so one reader and one writer work at once; other calls need no lock.
 * {@link #onEvent} and {@link #onDetached} run on the guest's event thread. Waiting threads park and
 * are unparked by the event thread, by {@link #close()} and by detach; interrupts are ignored.
 *
 * <p><b>Data.</b> Payload is copied straight between the caller's buffer and the region's chunks;
 * every host-rx chunk goes back to the host after the copy, also when the copy fails.
 */
public final class ChannelSocket implements GuestSocket {
    private static final int CONNECT_NONE = 0;
    private static final int CONNECT_PENDING = 1;
    private static final int CONNECTED = 2;
    private static final int CONNECT_FAILED = 3;
    private static final int MAX_ERRNO = 4095;
    /** Timeouts longer than this (about 73 years) wait forever; it keeps deadline arithmetic from overflowing. */
    private static final long MAX_FINITE_WAIT_NANOS = Long.MAX_VALUE / 4;

    private final SocketTransport transport;
    private final int id;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Completion readCompletion = new Completion();
    private final Completion writeCompletion = new Completion();
    private final ReadinessState readiness = new ReadinessState();
    private final RxBacklog backlog = new RxBacklog();
    private final SendPipeline pipeline = new SendPipeline(SendPipeline.configuredWindow());

    private volatile String closedReason;
    private volatile int connectState;
    private volatile int connectErrno;
    private volatile Thread readWaiter;
    private volatile Thread writeWaiter;
    private volatile Runnable listener;
    /** Where the bytes of the last {@link #receive} are; reader-owned (read lock). */
    private int receivedOffset;
    private boolean receivedFromBacklog;

    /**
     * @param transport the channel this socket's requests travel over
     * @param id        the socket id the host assigned
     * @param connected true for an accepted connection (connected and writable from the start)
     */
    public ChannelSocket(SocketTransport transport, int id, boolean connected) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.id = id;
        if (connected) {
            connectState = CONNECTED;
            readiness.set(Readiness.WRITE);
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public void bind(int address, int port) throws IOException {
        long endpoint = Endpoint.pack(address, port);
        checkResult("bind", call(Opcode.BIND, endpoint, 0, 0));
    }

    @Override
    public void listen(int backlogLength) throws IOException {
        checkResult("listen", call(Opcode.LISTEN, Math.max(backlogLength, 0), 0, 0));
    }

    @Override
    public GuestSocket accept(long timeoutNanos) throws IOException {
        readLock.lock();
        try {
            ensureOpen();
            long deadline = deadline(timeoutNanos);
            while (true) {
                long sequence = readiness.sequence();
                transport.execute(readCompletion, Opcode.ACCEPT, flags(timeoutNanos), id, 0, 0, 0, this);
                long result = readCompletion.result();
                if (result >= 0) {
                    ChannelSocket accepted = readCompletion.socket();
                    if (accepted == null) {
                        throw new SocketException("accept: nsaas host answered socket " + result
                            + " but the guest registered none; the host broke the NQE protocol");
                    }
                    return accepted;
                }
                if (result != -Errno.EAGAIN) {
                    throw ErrnoExceptions.of("accept", errno(result));
                }
                readiness.clearIfNoEventSince(Readiness.ACCEPT, sequence);
                if (timeoutNanos < 0) {
                    return null;
                }
                if (!awaitBit(Readiness.ACCEPT, deadline, true)) {
                    throw new SocketTimeoutException("Accept timed out");
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public boolean connect(int address, int port, long timeoutNanos) throws IOException {
        long endpoint = Endpoint.pack(address, port);
        writeLock.lock();
        try {
            ensureOpen();
            int state = connectState;
            if (state == CONNECTED) {
                throw ErrnoExceptions.of("connect", Errno.EISCONN);
            }
            if (state == CONNECT_PENDING) {
                throw ErrnoExceptions.of("connect", Errno.EALREADY);
            }
            connectState = CONNECT_PENDING;
            readiness.clear(Readiness.CONNECT);
            long deadline = deadline(timeoutNanos);
            transport.execute(writeCompletion, Opcode.CONNECT, flags(timeoutNanos), id, endpoint, 0, 0, this);
            long result = writeCompletion.result();
            if (result == 0) {
                markConnected();
                return true;
            }
            if (result != -Errno.EINPROGRESS) {
                connectState = CONNECT_NONE;
                throw ErrnoExceptions.of("connect", errno(result));
            }
            return timeoutNanos >= 0 && awaitConnect(deadline);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean finishConnect(long timeoutNanos) throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            if (connectState == CONNECT_NONE) {
                throw new SocketException("finishConnect: no connect in progress; call connect first");
            }
            if (connectState == CONNECT_PENDING && timeoutNanos < 0) {
                return false;
            }
            return awaitConnect(deadline(timeoutNanos));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean isConnected() {
        return connectState == CONNECTED && closedReason == null;
    }

    @Override
    public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read: the destination buffer is read-only");
        }
        readLock.lock();
        try {
            ensureOpen();
            if (!dst.hasRemaining()) {
                return 0;
            }
            int n = receive(dst.remaining(), timeoutNanos);
            if (n > 0) {
                try {
                    transport.dataArea().getBytes(receivedOffset, dst, dst.position(), n);
                    dst.position(dst.position() + n);
                } finally {
                    releaseReceived(n);
                }
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        readLock.lock();
        try {
            ensureOpen();
            if (len == 0) {
                return 0;
            }
            int n = receive(len, timeoutNanos);
            if (n > 0) {
                try {
                    transport.dataArea().getBytes(receivedOffset, b, off, n);
                } finally {
                    releaseReceived(n);
                }
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int write(ByteBuffer src, long timeoutNanos) throws IOException {
        writeLock.lock();
        try {
            ensureOpen();
            return send(src, null, 0, src.remaining(), timeoutNanos);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int write(byte[] b, int off, int len, long timeoutNanos) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        writeLock.lock();
        try {
            ensureOpen();
            return send(null, b, off, len, timeoutNanos);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void shutdown(int how) throws IOException {
        if (how < 0 || how > 2) {
            throw new IllegalArgumentException("shutdown how " + how + " must be 0 (SHUT_RD), 1 (SHUT_WR) or 2 (SHUT_RDWR)");
        }
        if (how != 0) {
            // the SENDs in flight come first, as the bytes in a Linux send buffer go before the FIN
            pipeline.await(0, Long.MAX_VALUE, transport, this);
        }
        checkResult("shutdown", call(Opcode.SHUTDOWN, how, 0, 0));
    }

    @Override
    public void setOption(SocketOption option, long value) throws IOException {
        checkNumeric(option, "setOption");
        checkResult("setOption " + option, call(Opcode.SETSOCKOPT, option.code() & 0xFFFF_FFFFL, (int) value,
            (int) (value >>> 32)));
    }

    @Override
    public long getOption(SocketOption option) throws IOException {
        checkNumeric(option, "getOption");
        return checkResult("getOption " + option, call(Opcode.GETSOCKOPT, option.code() & 0xFFFF_FFFFL, 0, 0));
    }

    @Override
    public long localEndpoint() throws IOException {
        return checkResult("getsockname", call(Opcode.GETSOCKNAME, 0, 0, 0));
    }

    @Override
    public long peerEndpoint() throws IOException {
        return checkResult("getpeername", call(Opcode.GETPEERNAME, 0, 0, 0));
    }

    @Override
    public int readyOps() {
        return readiness.bits();
    }

    @Override
    public void readinessListener(Runnable listener) {
        this.listener = listener;
    }

    @Override
    public boolean isOpen() {
        return closedReason == null;
    }

    /**
     * Closes the socket: first waits until the stack took the SENDs still in flight (unless another
     * thread is blocked writing: then the close is abortive), then waiting threads wake with "Socket
     * closed", EV_DATA chunks go back, and a CLOSE request tells the host (which first fails the
     * socket's held requests with EBADF). Idempotent; quiet once the guest is detached.
     */
    @Override
    public void close() throws IOException {
        if (closedReason == null && !writeLock.isLocked()) {
            flushSends();
        }
        if (!markClosed(ErrnoExceptions.SOCKET_CLOSED)) {
            return;
        }
        pipeline.markClosing();
        wakeWaiters();
        backlog.returnAll(transport);
        try {
            if (transport.detachedFailure() == null) {
                Completion completion = new Completion();
                transport.execute(completion, Opcode.CLOSE, 0, id, 0, 0, 0, null);
                long result = completion.result();
                if (result < 0 && result != -Errno.EBADF) {
                    throw ErrnoExceptions.of("close", errno(result));
                }
            }
        } catch (IOException e) {
            if (transport.detachedFailure() == null) {
                throw e;
            }
        } finally {
            transport.forget(this);
        }
    }

    /**
     * An event for this socket, from the guest's event thread: updates connect state and readiness,
     * wakes waiters, calls the listener. EV_DATA ranges must already be checked with
     * {@link SocketTransport#isRxRange}.
     */
    public void onEvent(int opcode, long operand, int dataOffset, int dataLength) {
        int bits;
        switch (opcode) {
            case Opcode.EV_CONNECTED:
                if (connectState == CONNECT_PENDING) {
                    connectState = CONNECTED;
                }
                bits = Readiness.CONNECT | Readiness.WRITE;
                break;
            case Opcode.EV_READABLE:
                bits = Readiness.READ;
                break;
            case Opcode.EV_WRITABLE:
                bits = Readiness.WRITE;
                break;
            case Opcode.EV_ACCEPTABLE:
                bits = Readiness.ACCEPT;
                break;
            case Opcode.EV_CLOSED:
                bits = Readiness.READ | Readiness.WRITE;
                if (connectState == CONNECT_PENDING) {
                    connectErrno = operand > 0 && operand <= MAX_ERRNO ? (int) operand : Errno.ECONNABORTED;
                    connectState = CONNECT_FAILED;
                    bits |= Readiness.CONNECT;
                }
                break;
            case Opcode.EV_DATA:
                if (closedReason != null) {
                    transport.returnRxChunk(dataOffset);
                    return;
                }
                backlog.add(dataOffset, dataLength);
                bits = Readiness.READ;
                break;
            default:
                return;
        }
        readiness.onEvent(bits);
        wakeWaiters();
    }

    /** The guest detached (host or application): fail every waiter and future call with {@code reason}. */
    public void onDetached(String reason) {
        if (markClosed(reason)) {
            wakeWaiters();
        }
    }

    /**
     * The completion of a SEND that {@link SocketTransport#submitSend} submitted, from the thread
     * that drains completions: records a failure for the next write and makes the socket writable
     * once nothing is in flight.
     */
    public void onSendCompleted(long result, int length) {
        if (pipeline.onCompleted(result, length) == SendPipeline.DRAINED && closedReason == null) {
            readiness.onEvent(Readiness.WRITE);
            wakeWaiters();
        }
    }

    /** @return a fresh exception saying why this socket is closed, or null while open */
    public IOException closedFailure() {
        String reason = closedReason;
        return reason == null ? null : new SocketException(reason);
    }

    @Override
    public String toString() {
        return "ChannelSocket{id=" + id + ", open=" + isOpen() + ", connected=" + isConnected()
            + ", ready=" + readiness.bits() + '}';
    }

    /** @return bytes ready at {@link #receivedOffset} (release with {@link #releaseReceived}), -1 at EOF, 0 none */
    private int receive(int max, long timeoutNanos) throws IOException {
        int want = Math.min(max, transport.chunkSize());
        long deadline = deadline(timeoutNanos);
        while (true) {
            int head = backlog.headOffset();
            if (head >= 0) {
                receivedOffset = head;
                receivedFromBacklog = true;
                return Math.min(want, backlog.headLength());
            }
            long sequence = readiness.sequence();
            transport.execute(readCompletion, Opcode.RECV, flags(timeoutNanos), id, want, 0, 0, this);
            long result = readCompletion.result();
            if (result > 0) {
                receivedOffset = checkedRxRange(readCompletion, want);
                receivedFromBacklog = false;
                return (int) result;
            }
            if (result == 0) {
                return -1;
            }
            if (result != -Errno.EAGAIN) {
                throw ErrnoExceptions.of("read", errno(result));
            }
            readiness.clearIfNoEventSince(Readiness.READ, sequence);
            if (timeoutNanos < 0) {
                return 0;
            }
            if (!awaitBit(Readiness.READ, deadline, true)) {
                throw new SocketTimeoutException("Read timed out");
            }
        }
    }

    private void releaseReceived(int n) {
        if (receivedFromBacklog) {
            backlog.consumed(n, transport);
        } else {
            transport.returnRxChunk(receivedOffset);
        }
    }

    private int checkedRxRange(Completion completion, int want) throws IOException {
        long result = completion.result();
        int offset = completion.dataOffset();
        int length = completion.dataLength();
        if (result > want || length != result || !transport.isRxRange(offset, length)) {
            transport.returnRxChunk(offset);
            throw new SocketException("read: nsaas host answered RECV of " + want + " bytes with result " + result
                + " and chunk range " + offset + "+" + length + "; the host broke the NQE protocol");
        }
        return offset;
    }

    /** Sends {@code length} bytes from {@code src} (at its position, advanced as bytes go) or {@code array}. */
    private int send(ByteBuffer src, byte[] array, int arrayOffset, int length, long timeoutNanos) throws IOException {
        int failed = pipeline.takeFailure();
        if (failed != 0) {
            throw ErrnoExceptions.of("write", failed);
        }
        if (timeoutNanos == 0 && pipeline.window() > 1) {
            return sendPipelined(src, array, arrayOffset, length);
        }
        long deadline = deadline(timeoutNanos);
        if (pipeline.inFlight() > 0 && length > 0) {
            // earlier blocking writes are still in flight: new bytes queue behind them
            long sequence = readiness.sequence();
            if (timeoutNanos < 0 && pipeline.inFlight() > 0) {
                readiness.clearIfNoEventSince(Readiness.WRITE, sequence);
                return 0;
            }
            if (!pipeline.await(0, deadline, transport, this)) {
                throw new SocketTimeoutException("Write timed out");
            }
        }
        int chunkSize = transport.chunkSize();
        int written = 0;
        while (written < length) {
            int chunk = transport.takeTxChunk(this, txWait(timeoutNanos, deadline));
            if (chunk < 0) {
                if (timeoutNanos < 0) {
                    return written;
                }
                throw new SocketTimeoutException("Write timed out");
            }
            int n = Math.min(length - written, chunkSize);
            fillChunk(chunk, src, array, arrayOffset + written, n);
            long sequence = readiness.sequence();
            transport.execute(writeCompletion, Opcode.SEND, flags(timeoutNanos), id, 0, chunk, n, this);
            long result = writeCompletion.result();
            if (result > n) {
                throw new SocketException("write: nsaas host accepted " + result + " of " + n
                    + " bytes; the host broke the NQE protocol");
            }
            if (result > 0) {
                written += (int) result;
                if (src != null) {
                    src.position(src.position() + (int) result);
                }
                if (result < n && timeoutNanos < 0) {
                    return written;
                }
                continue;
            }
            if (result < 0 && result != -Errno.EAGAIN) {
                throw ErrnoExceptions.of("write", errno(result));
            }
            readiness.clearIfNoEventSince(Readiness.WRITE, sequence);
            if (timeoutNanos < 0) {
                return written;
            }
            if (!awaitBit(Readiness.WRITE, deadline, false)) {
                throw new SocketTimeoutException("Write timed out");
            }
        }
        return written;
    }

    /**
     * A blocking write with SENDs in flight ({@link SendPipeline}): fills and submits one chunk after
     * another, waiting only while the window is full. @return {@code length}
     */
    private int sendPipelined(ByteBuffer src, byte[] array, int arrayOffset, int length) throws IOException {
        int chunkSize = transport.chunkSize();
        int written = 0;
        while (written < length) {
            pipeline.await(pipeline.window() - 1, Long.MAX_VALUE, transport, this);
            int failed = pipeline.takeFailure();
            if (failed != 0) {
                throw ErrnoExceptions.of("write", failed);
            }
            int chunk = transport.takeTxChunk(this, 0);
            int n = Math.min(length - written, chunkSize);
            fillChunk(chunk, src, array, arrayOffset + written, n);
            if (!pipeline.trySubmit()) {
                transport.untakeTxChunk(chunk);
                ensureOpen();
                throw new SocketException(ErrnoExceptions.SOCKET_CLOSED);
            }
            try {
                transport.submitSend(this, chunk, n);
            } catch (IOException e) {
                transport.untakeTxChunk(chunk);
                onSendCompleted(n, n);
                throw e;
            }
            written += n;
            if (src != null) {
                src.position(src.position() + n);
            }
        }
        return written;
    }

    /** Copies {@code n} bytes from {@code src} (at its position, not advanced) or {@code array} into a taken tx chunk. */
    private void fillChunk(int chunk, ByteBuffer src, byte[] array, int arrayOffset, int n) {
        try {
            if (src != null) {
                transport.dataArea().putBytes(chunk, src, src.position(), n);
            } else {
                transport.dataArea().putBytes(chunk, array, arrayOffset, n);
            }
        } catch (RuntimeException e) {
            transport.untakeTxChunk(chunk);
            throw e;
        }
    }

    /** Waits until the stack took every SEND in flight; a close or detach meanwhile ends the wait quietly. */
    private void flushSends() {
        try {
            pipeline.await(0, Long.MAX_VALUE, transport, this);
        } catch (IOException e) {
            // closed or detached while waiting: the close goes on
        }
    }

    private static long txWait(long timeoutNanos, long deadline) {
        if (timeoutNanos <= 0) {
            return timeoutNanos;
        }
        return Math.max(1, deadline - System.nanoTime());
    }

    private boolean awaitConnect(long deadline) throws IOException {
        registerWaiter(false);
        try {
            while (true) {
                int state = connectState;
                if (state == CONNECTED) {
                    readiness.clear(Readiness.CONNECT);
                    return true;
                }
                if (state == CONNECT_FAILED) {
                    connectState = CONNECT_NONE;
                    readiness.clear(Readiness.CONNECT);
                    throw ErrnoExceptions.of("connect", connectErrno);
                }
                ensureOpen();
                if (!parkUntil(deadline)) {
                    throw new SocketTimeoutException("Connect timed out");
                }
            }
        } finally {
            unregisterWaiter(false);
        }
    }

    private boolean awaitBit(int bit, long deadline, boolean reader) throws IOException {
        registerWaiter(reader);
        try {
            while ((readiness.bits() & bit) == 0) {
                ensureOpen();
                if (!parkUntil(deadline)) {
                    return false;
                }
            }
            return true;
        } finally {
            unregisterWaiter(reader);
        }
    }

    private boolean parkUntil(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            LockSupport.park(this);
            return true;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        LockSupport.parkNanos(this, remaining);
        return true;
    }

    private void registerWaiter(boolean reader) {
        if (reader) {
            readWaiter = Thread.currentThread();
        } else {
            writeWaiter = Thread.currentThread();
        }
    }

    private void unregisterWaiter(boolean reader) {
        if (reader) {
            readWaiter = null;
        } else {
            writeWaiter = null;
        }
    }

    private void wakeWaiters() {
        Thread reader = readWaiter;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
        Thread writer = writeWaiter;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
        pipeline.wakeWaiter();
        Runnable current = listener;
        if (current != null) {
            try {
                current.run();
            } catch (RuntimeException e) {
                System.err.println("nsaas guest: readiness listener of socket " + id + " threw " + e
                    + "; listeners must not throw");
            }
        }
    }

    private synchronized boolean markClosed(String reason) {
        if (closedReason != null) {
            return false;
        }
        closedReason = reason;
        return true;
    }

    private void markConnected() {
        connectState = CONNECTED;
        readiness.set(Readiness.WRITE);
    }

    void ensureOpen() throws IOException {
        String reason = closedReason;
        if (reason != null) {
            throw new SocketException(reason);
        }
    }

    private long call(int opcode, long operand, int dataOffset, int dataLength) throws IOException {
        ensureOpen();
        Completion completion = new Completion();
        transport.execute(completion, opcode, 0, id, operand, dataOffset, dataLength, this);
        return completion.result();
    }

    private static long checkResult(String operation, long result) throws IOException {
        if (result < 0) {
            throw ErrnoExceptions.of(operation, errno(result));
        }
        return result;
    }

    private static void checkNumeric(SocketOption option, String operation) throws SocketException {
        if (option.kind() != SocketOption.Kind.NUMERIC) {
            throw new SocketException(operation + ": " + option + " carries bytes, not a number; "
                + "this API handles numeric options only");
        }
    }

    private static int errno(long result) {
        return result < -MAX_ERRNO ? Errno.EIO : (int) -result;
    }

    private static int flags(long timeoutNanos) {
        return timeoutNanos == 0 ? 0 : FLAG_NONBLOCK;
    }

    private static long deadline(long timeoutNanos) {
        if (timeoutNanos <= 0 || timeoutNanos > MAX_FINITE_WAIT_NANOS) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + timeoutNanos;
    }
}
