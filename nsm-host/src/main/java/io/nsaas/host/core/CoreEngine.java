package io.nsaas.host.core;

import static io.nsaas.host.core.SocketSignals.ACCEPTABLE;
import static io.nsaas.host.core.SocketSignals.CLOSED;
import static io.nsaas.host.core.SocketSignals.CONNECTED;
import static io.nsaas.host.core.SocketSignals.READABLE;
import static io.nsaas.host.core.SocketSignals.WRITABLE;

import io.nsaas.host.nsm.TenantState;
import io.nsaas.host.nsm.TenantWork;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.NqeValidator;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.TcpInfo;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.ControlledMessageHandler.Action;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The host side of one tenant attachment: drains the tenant's job ring, runs each NQE on the
 * tenant's stack and answers on the completion and event rings (NetKernel's CoreEngine).
 *
 * <p><b>Requests.</b> Every job record is copied out of shared memory, then checked with
 * {@link NqeValidator}; a bad NQE gets an error completion with its request id, a record whose opcode
 * is not a request gets {@link Opcode#REJECTED}. Socket ids are the host's ({@link SocketTable}); an
 * id that does not name an open socket of this attachment gets {@code -EBADF}. Without
 * {@link NqeDescriptor#FLAG_NONBLOCK}, ACCEPT, CONNECT, SEND and RECV that cannot make progress are
 * held (at most {@link CoreSettings#maxHeldPerSocket()} per socket, then {@code -EAGAIN}) and
 * completed from the stack's events; with it they are answered at once. CLOSE first completes the
 * socket's held requests with {@code -EBADF}. Payload moves between the region's data area and the
 * stack without an intermediate copy. The guest-tx chunk of a SEND or BYTES SETSOCKOPT goes back on
 * the free-chunk ring before the completion is posted. RECV, BYTES GETSOCKOPT and INFO ({@link InfoRecord})
 * fill a host-rx chunk taken from the guest; a RECV with no free chunk is held until one comes back
 * (NONBLOCK: {@code -EAGAIN}); a GETSOCKOPT or INFO with no free chunk is answered {@code -ENOBUFS}.
 *
 * <p><b>Events.</b> Stack events are recorded per socket ({@link SocketSignals}) and acted on in the
 * duty cycle: first held requests are served, then EV_CONNECTED, EV_ACCEPTABLE, EV_WRITABLE,
 * EV_READABLE, EV_CLOSED are posted for the tenant socket id. A newly accepted socket gets
 * EV_WRITABLE and EV_READABLE as hints (bytes may have arrived before ACCEPT).
 *
 * <p><b>Backpressure.</b> While the completion ring is full, completions wait in a host-side backlog
 * of {@link CoreSettings#completionBacklog()} and the job ring is not drained; none is dropped. When
 * the backlog overflows, or a ring is corrupt, the engine calls {@code onFatal} once with the reason
 * and never touches the region again; the caller detaches the tenant.
 *
 * <p><b>Threading.</b> Constructed on any thread; {@link #doWork}, the {@link StackEvents} methods and
 * {@link #onStackGone} run on the tenant's NSM thread only. The counters may be read from any thread.
 * After warm-up the duty cycle does not allocate. Exceptions thrown by the stack propagate to the NSM
 * (which fails the tenant); tenant input never makes the engine throw.
 */
public final class CoreEngine implements TenantWork, StackEvents {
    private static final AtomicLong ATTACHMENTS = new AtomicLong();
    private static final long PENDING = Long.MIN_VALUE;
    private static final long NO_CHUNK = Long.MIN_VALUE + 1;

    private final String tenantId;
    private final Consumer<String> onFatal;
    private final int chunkSize;
    private final TenantRings rings;
    private final AtomicBuffer data;
    private final NqeValidator validator;
    private final SocketTable table;
    private final HeldRequests held;
    private final SocketSignals signals;
    private final NqeFlyweight request = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]), 0);
    private final NqeFlyweight completion = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[NqeDescriptor.LENGTH]), 0);
    private final TcpInfo info = new TcpInfo();
    private final ControlledMessageHandler jobHandler = this::onJob;
    private final AtomicLong socketsOpen = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong nqesProcessed = new AtomicLong();
    private StackInstance stack;
    private int recvChunkOffset;
    private String corruptJob;
    private RuntimeException stackException;
    private Error stackError;
    private boolean eventRingFull;
    private boolean fatal;
    private boolean gone;

    /**
     * @param tenantId the tenant, for messages
     * @param layout   the region's layout as the host computed it (never re-read from shared memory)
     * @param region   the mapped region, header and rings already initialised by the caller
     * @param settings the tenant's limits
     * @param onFatal  called once, on the NSM thread, with a one-line reason when the tenant broke its
     *                 region (corrupt ring, completion ring not read); the caller then detaches it
     * @throws IllegalArgumentException when {@code region} is shorter than the layout
     */
    public CoreEngine(String tenantId, RegionLayout layout, AtomicBuffer region, CoreSettings settings,
                      Consumer<String> onFatal) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(settings, "settings");
        this.onFatal = Objects.requireNonNull(onFatal, "onFatal");
        this.chunkSize = layout.chunkSize();
        this.rings = new TenantRings(layout, region, settings.completionBacklog());
        this.data = rings.dataArea();
        this.validator = new NqeValidator(layout, Integer.MAX_VALUE);
        this.table = new SocketTable(settings.maxSockets(), ATTACHMENTS.incrementAndGet());
        this.held = new HeldRequests(settings.maxSockets(), settings.maxHeldPerSocket());
        this.signals = new SocketSignals(settings.maxSockets());
    }

    /** @return the tenant's open sockets; any thread */
    public long socketsOpen() {
        return socketsOpen.get();
    }

    /** @return payload bytes the stack accepted from SENDs; any thread */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** @return payload bytes RECVs delivered to the tenant; any thread */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** @return job-ring NQEs taken, valid or not; any thread */
    public long nqesProcessed() {
        return nqesProcessed.get();
    }

    /** @return the tenant id */
    public String tenantId() {
        return tenantId;
    }

    /** @return requests held for their socket; NSM thread */
    int heldRequests() {
        return held.total();
    }

    /** @return completions waiting on the host for room in the completion ring; NSM thread */
    int completionBacklog() {
        return rings.backlogSize();
    }

    /** @return whether the engine stopped after a fatal tenant fault */
    boolean failed() {
        return fatal;
    }

    @Override
    public int doWork(StackInstance stack, int limit) {
        if (fatal || gone) {
            return 0;
        }
        this.stack = stack;
        try {
            int work = rings.flushCompletions();
            if (signals.hasChunkWaiters() && rings.rxChunkAvailable()) {
                signals.wakeChunkWaiters();
            }
            work += processSignals();
            if (!rings.completionsBacklogged()) {
                work += drainJobs(limit);
                work += processSignals();
            }
            return work;
        } catch (TenantFault e) {
            fail(e.getMessage());
            return 1;
        }
    }

    @Override
    public void onStackGone(TenantState state, String reason) {
        if (fatal || gone) {
            return;
        }
        gone = true;
        stack = null;
        try {
            for (int slot = 0; slot < table.capacity(); slot++) {
                if (table.inUse(slot)) {
                    completeHeld(slot, -Errno.ECONNABORTED);
                    rings.postEvent(Opcode.EV_CLOSED, table.tenantId(slot), Errno.ECONNABORTED);
                    release(slot);
                }
            }
        } catch (TenantFault e) {
            fail(e.getMessage());
        }
    }

    @Override
    public void onConnected(int socket) {
        signal(socket, CONNECTED);
    }

    @Override
    public void onReadable(int socket) {
        signal(socket, READABLE);
    }

    @Override
    public void onWritable(int socket) {
        signal(socket, WRITABLE);
    }

    @Override
    public void onAcceptable(int socket) {
        signal(socket, ACCEPTABLE);
    }

    @Override
    public void onClosed(int socket, int errno) {
        if (fatal || gone) {
            return;
        }
        int slot = table.slotOfStack(socket);
        if (slot != SocketTable.NONE) {
            signals.closed(slot, errno);
        }
    }

    private void signal(int stackSocket, int bit) {
        if (fatal || gone) {
            return;
        }
        int slot = table.slotOfStack(stackSocket);
        if (slot != SocketTable.NONE) {
            signals.signal(slot, bit);
        }
    }

    private void fail(String reason) {
        if (!fatal) {
            fatal = true;
            onFatal.accept("tenant '" + tenantId + "': " + reason);
        }
    }

    // ---- job ring ---------------------------------------------------------------------------------

    private int drainJobs(int limit) {
        int read = rings.readJobs(jobHandler, limit);
        if (stackException != null) {
            RuntimeException e = stackException;
            stackException = null;
            throw e;
        }
        if (stackError != null) {
            Error e = stackError;
            stackError = null;
            throw e;
        }
        if (corruptJob != null) {
            throw new TenantFault(corruptJob);
        }
        return read;
    }

    private Action onJob(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (!rings.wellFormedJob(msgTypeId, index, length)) {
            corruptJob = "job ring is corrupt: a record of type " + msgTypeId + " and length " + length
                + " at " + index + " (every record must be one " + NqeDescriptor.LENGTH + "-byte NQE of type "
                + NqeDescriptor.MSG_TYPE_ID + ")";
            return Action.ABORT;
        }
        request.copyFrom(buffer, index);
        nqesProcessed.lazySet(nqesProcessed.get() + 1);
        try {
            execute();
        } catch (TenantFault e) {
            throw e;
        } catch (RuntimeException e) {
            stackException = e;
            return Action.BREAK;
        } catch (Error e) {
            stackError = e;
            return Action.BREAK;
        }
        return rings.completionsBacklogged() ? Action.BREAK : Action.CONTINUE;
    }

    private void execute() {
        int error = validator.validate(request);
        if (error != 0) {
            answer(request, error);
            return;
        }
        int opcode = request.opcode();
        if (opcode == Opcode.NOP) {
            complete(request, 0);
            return;
        }
        if (opcode == Opcode.SOCKET) {
            openSocket();
            return;
        }
        int slot = table.slotOf(request.socketId());
        if (slot == SocketTable.NONE) {
            answer(request, -Errno.EBADF);
            return;
        }
        dispatch(opcode, slot, table.stackSocket(slot));
    }

    private void dispatch(int opcode, int slot, int socket) {
        long operand = request.operand();
        switch (opcode) {
            case Opcode.BIND:
                complete(request, stack.bind(socket, Endpoint.address(operand), Endpoint.port(operand)));
                break;
            case Opcode.LISTEN:
                complete(request, stack.listen(socket, (int) operand));
                break;
            case Opcode.ACCEPT:
                accept(slot);
                break;
            case Opcode.CONNECT:
                connect(slot, socket, operand);
                break;
            case Opcode.SEND:
                send(slot);
                break;
            case Opcode.RECV:
                recv(slot);
                break;
            case Opcode.SHUTDOWN:
                complete(request, stack.shutdown(socket, (int) operand));
                signals.retry(slot, READABLE | WRITABLE);
                break;
            case Opcode.CLOSE:
                close(slot, socket);
                break;
            case Opcode.SETSOCKOPT:
                setOption(socket, SocketOption.fromCode((int) operand));
                break;
            case Opcode.GETSOCKOPT:
                getOption(socket, SocketOption.fromCode((int) operand));
                break;
            case Opcode.GETSOCKNAME:
                complete(request, stack.localEndpoint(socket));
                break;
            case Opcode.GETPEERNAME:
                complete(request, stack.peerEndpoint(socket));
                break;
            case Opcode.INFO:
                info(socket);
                break;
            default:
                answer(request, -Errno.EINVAL);
        }
    }

    // ---- requests ---------------------------------------------------------------------------------

    private void openSocket() {
        if (table.full()) {
            complete(request, -Errno.EMFILE);
            return;
        }
        int socket = stack.open();
        if (socket < 0) {
            complete(request, socket);
            return;
        }
        int slot = table.allocate(socket);
        if (slot == SocketTable.NONE) {
            complete(request, -Errno.EIO);
            return;
        }
        socketsOpen.lazySet(table.open());
        complete(request, table.tenantId(slot));
    }

    private void accept(int slot) {
        long result = held.count(slot, Opcode.ACCEPT) > 0 ? -Errno.EAGAIN : tryAccept(slot);
        if (result == -Errno.EAGAIN) {
            holdOrAnswer(slot);
        } else {
            complete(request, result);
        }
    }

    private long tryAccept(int slot) {
        if (table.full()) {
            return -Errno.EMFILE;
        }
        int child = stack.accept(table.stackSocket(slot));
        if (child < 0) {
            return child;
        }
        int childSlot = table.allocate(child);
        if (childSlot == SocketTable.NONE) {
            return -Errno.EIO;
        }
        socketsOpen.lazySet(table.open());
        signals.signal(childSlot, READABLE | WRITABLE);
        return table.tenantId(childSlot);
    }

    private void connect(int slot, int socket, long endpoint) {
        if (held.count(slot, Opcode.CONNECT) > 0) {
            complete(request, -Errno.EALREADY);
            return;
        }
        int result = stack.connect(socket, Endpoint.address(endpoint), Endpoint.port(endpoint));
        if (result == -Errno.EINPROGRESS) {
            signals.reopened(slot);
            if ((request.flags() & NqeDescriptor.FLAG_NONBLOCK) == 0 && !held.full(slot)) {
                held.hold(slot, request);
                return;
            }
        }
        complete(request, result);
    }

    /**
     * A blocking SEND completes once all its bytes are in the stack (as a Linux blocking send), so
     * pipelined SENDs keep the stream's order; the held copy's operand counts the bytes done.
     */
    private void send(int slot) {
        long result = held.count(slot, Opcode.SEND) > 0 ? -Errno.EAGAIN : trySend(slot, request, 0);
        if (result == -Errno.EAGAIN) {
            holdOrAnswer(slot);
        } else if (result >= 0 && result < request.dataLength() && (request.flags() & NqeDescriptor.FLAG_NONBLOCK) == 0
            && !signals.isClosed(slot) && !held.full(slot)) {
            held.hold(slot, request.operand(result));
        } else {
            finishSend(request, result);
        }
    }

    /**
     * Offers the SEND's range after its first {@code done} bytes until the stack has taken all of it
     * or answers {@code -EAGAIN} or an error: onWritable follows only a send that returned
     * {@code -EAGAIN} (SPI), so stopping after a short send would wait for an event that never comes.
     *
     * @return bytes the stack took, or {@code -errno} when it took none
     */
    private long trySend(int slot, NqeFlyweight send, long done) {
        long taken = 0;
        while (true) {
            int length = send.dataLength() - (int) (done + taken);
            if (length == 0) {
                return taken;
            }
            int sent = stack.send(table.stackSocket(slot), data, send.dataOffset() + (int) (done + taken), length);
            if (sent > length) {
                throw new IllegalStateException("stack send returned " + sent + " for " + length + " bytes");
            }
            if (sent <= 0) {
                return taken > 0 ? taken : sent;
            }
            bytesSent.lazySet(bytesSent.get() + sent);
            taken += sent;
        }
    }

    /** Retries a held SEND. @return the total to complete it with, or {@link #PENDING} */
    private long continueSend(int slot, NqeFlyweight send) {
        long done = send.operand();
        long sent = trySend(slot, send, done);
        if (sent < 0) {
            long settled = settle(slot, Opcode.SEND, sent);
            return settled == PENDING || done == 0 ? settled : done;
        }
        long total = done + sent;
        if (total < send.dataLength() && !signals.isClosed(slot)) {
            send.operand(total);
            return PENDING;
        }
        return total;
    }

    private void finishSend(NqeFlyweight send, long result) {
        rings.returnTxChunk(send.dataOffset());
        complete(send, result);
    }

    private void recv(int slot) {
        long result = held.count(slot, Opcode.RECV) > 0 ? -Errno.EAGAIN : tryRecv(slot, request);
        if (result == NO_CHUNK) {
            if ((request.flags() & NqeDescriptor.FLAG_NONBLOCK) != 0 || held.full(slot)) {
                complete(request, -Errno.EAGAIN);
            } else {
                held.hold(slot, request);
                signals.waitForChunk(slot);
            }
        } else if (result == -Errno.EAGAIN) {
            holdOrAnswer(slot);
        } else {
            finishRecv(request, result);
        }
    }

    private long tryRecv(int slot, NqeFlyweight recv) {
        int chunk = rings.takeRxChunk();
        if (chunk < 0) {
            return NO_CHUNK;
        }
        int offset = rings.rxChunkOffset(chunk);
        int max = (int) Math.min(recv.operand(), chunkSize);
        int received = stack.recv(table.stackSocket(slot), data, offset, max);
        if (received > max) {
            throw new IllegalStateException("stack recv returned " + received + " for a " + max + "-byte buffer");
        }
        if (received <= 0) {
            rings.keepRxChunk(chunk);
        }
        recvChunkOffset = offset;
        return received;
    }

    private void finishRecv(NqeFlyweight recv, long result) {
        if (result > 0) {
            bytesReceived.lazySet(bytesReceived.get() + result);
            completeWithData(recv, result, recvChunkOffset);
        } else {
            complete(recv, result);
        }
    }

    /** The fresh request would block: hold it, or answer at once (NONBLOCK, no room, connection gone). */
    private void holdOrAnswer(int slot) {
        if (signals.isClosed(slot)) {
            answer(request, afterClose(request.opcode(), slot));
        } else if ((request.flags() & NqeDescriptor.FLAG_NONBLOCK) != 0 || held.full(slot)) {
            answer(request, -Errno.EAGAIN);
        } else {
            held.hold(slot, request);
        }
    }

    private void close(int slot, int socket) {
        completeHeld(slot, -Errno.EBADF);
        int result = stack.close(socket);
        release(slot);
        complete(request, result);
    }

    private void release(int slot) {
        table.release(slot);
        signals.clear(slot);
        socketsOpen.lazySet(table.open());
    }

    private void setOption(int socket, SocketOption option) {
        if (option.kind() == SocketOption.Kind.NUMERIC) {
            complete(request, stack.setOption(socket, option, request.optionValue()));
        } else {
            int result = stack.setOptionBytes(socket, option, data, request.dataOffset(), request.dataLength());
            rings.returnTxChunk(request.dataOffset());
            complete(request, result);
        }
    }

    private void getOption(int socket, SocketOption option) {
        if (option.kind() == SocketOption.Kind.NUMERIC) {
            complete(request, stack.getOption(socket, option));
            return;
        }
        int chunk = rings.takeRxChunk();
        if (chunk < 0) {
            complete(request, -Errno.ENOBUFS);
            return;
        }
        int offset = rings.rxChunkOffset(chunk);
        int length = stack.getOptionBytes(socket, option, data, offset, chunkSize);
        if (length > chunkSize) {
            throw new IllegalStateException("stack getOptionBytes returned " + length + " for a " + chunkSize
                + "-byte buffer");
        }
        if (length > 0) {
            completeWithData(request, length, offset);
        } else {
            rings.keepRxChunk(chunk);
            complete(request, length);
        }
    }

    private void info(int socket) {
        int result = stack.info(socket, info);
        if (result < 0) {
            complete(request, result);
            return;
        }
        int chunk = rings.takeRxChunk();
        if (chunk < 0) {
            complete(request, -Errno.ENOBUFS);
            return;
        }
        int offset = rings.rxChunkOffset(chunk);
        completeWithData(request, InfoRecord.write(info, data, offset), offset);
    }

    // ---- signals and held requests -----------------------------------------------------------------

    private int processSignals() {
        int work = 0;
        eventRingFull = false;
        for (int n = signals.dirtyCount(); n > 0; n--) {
            int slot = signals.pollDirty();
            if (!table.inUse(slot)) {
                continue;
            }
            int serve = signals.takeServe(slot);
            if (serve != 0) {
                work += serveHeld(slot, serve);
            }
            if (!eventRingFull && signals.emitBits(slot) != 0) {
                work += postEvents(slot);
            }
            if (signals.pending(slot)) {
                signals.markDirty(slot);
            }
        }
        return work;
    }

    /** @return events posted; sets {@link #eventRingFull} when the ring has no room for the next */
    private int postEvents(int slot) {
        int posted = 0;
        int tenantSocket = table.tenantId(slot);
        for (int bit : SocketSignals.ORDER) {
            if ((signals.emitBits(slot) & bit) != 0) {
                long operand = bit == CLOSED ? signals.closedErrno(slot) : 0;
                if (!rings.postEvent(SocketSignals.eventOpcode(bit), tenantSocket, operand)) {
                    eventRingFull = true;
                    return posted;
                }
                signals.emitted(slot, bit);
                posted++;
            }
        }
        return posted;
    }

    /** Retries the held requests {@code bits} can unblock, in order per kind. @return requests completed */
    private int serveHeld(int slot, int bits) {
        boolean closed = (bits & CLOSED) != 0;
        boolean acceptOpen = closed || (bits & ACCEPTABLE) != 0;
        boolean sendOpen = closed || (bits & WRITABLE) != 0;
        boolean recvOpen = closed || (bits & READABLE) != 0;
        boolean connectDone = closed || (bits & CONNECTED) != 0;
        int served = 0;
        int previous = HeldRequests.END;
        int record = held.first(slot);
        while (record != HeldRequests.END) {
            int following = held.next(record);
            NqeFlyweight waiting = held.request(record);
            int opcode = waiting.opcode();
            long result = PENDING;
            if (opcode == Opcode.CONNECT && connectDone) {
                result = (bits & CONNECTED) != 0 ? 0 : afterClose(Opcode.CONNECT, slot);
            } else if (opcode == Opcode.ACCEPT && acceptOpen) {
                result = settle(slot, opcode, tryAccept(slot));
                acceptOpen = result != PENDING;
            } else if (opcode == Opcode.SEND && sendOpen) {
                result = continueSend(slot, waiting);
                sendOpen = result != PENDING;
            } else if (opcode == Opcode.RECV && recvOpen) {
                result = tryRecv(slot, waiting);
                if (result == NO_CHUNK) {
                    signals.waitForChunk(slot);
                    result = PENDING;
                } else {
                    result = settle(slot, opcode, result);
                }
                recvOpen = result != PENDING;
            }
            if (result == PENDING) {
                previous = record;
            } else {
                finishHeld(waiting, result);
                held.remove(slot, record, previous);
                served++;
            }
            record = following;
        }
        return served;
    }

    /** @return {@link #PENDING} for a retry that would still block on a live connection, else the result */
    private long settle(int slot, int opcode, long result) {
        if (result != -Errno.EAGAIN) {
            return result;
        }
        return signals.isClosed(slot) ? afterClose(opcode, slot) : PENDING;
    }

    private void finishHeld(NqeFlyweight waiting, long result) {
        switch (waiting.opcode()) {
            case Opcode.SEND:
                finishSend(waiting, result);
                break;
            case Opcode.RECV:
                finishRecv(waiting, result);
                break;
            default:
                complete(waiting, result);
        }
    }

    /** What a request that would block gets once the stack ended the connection. */
    private long afterClose(int opcode, int slot) {
        int errno = signals.closedErrno(slot);
        if (errno != 0) {
            return -errno;
        }
        switch (opcode) {
            case Opcode.RECV:
                return 0;
            case Opcode.SEND:
                return -Errno.EPIPE;
            default:
                return -Errno.ECONNABORTED;
        }
    }

    /** Completes every held request of {@code slot} with {@code result}, returning tx chunks first. */
    private void completeHeld(int slot, int result) {
        int record = held.first(slot);
        while (record != HeldRequests.END) {
            int following = held.next(record);
            answer(held.request(record), result);
            held.remove(slot, record, HeldRequests.END);
            record = following;
        }
    }

    // ---- completions ------------------------------------------------------------------------------

    /** Completes {@code nqe} with {@code result}, first returning its guest-tx chunk when it carries one. */
    private void answer(NqeFlyweight nqe, long result) {
        if (carriesTxChunk(nqe)) {
            rings.returnTxChunk(nqe.dataOffset());
        }
        complete(nqe, result);
    }

    private void complete(NqeFlyweight nqe, long result) {
        rings.complete(completion.completionOf(nqe, result));
    }

    private void completeWithData(NqeFlyweight nqe, long length, int dataOffset) {
        rings.complete(completion.completionOf(nqe, length).dataOffset(dataOffset).dataLength((int) length));
    }

    /** @return whether {@code nqe} is a SEND or a SETSOCKOPT of a BYTES option (the tx chunk return rule) */
    static boolean carriesTxChunk(NqeFlyweight nqe) {
        int opcode = nqe.opcode();
        if (opcode == Opcode.SEND) {
            return true;
        }
        if (opcode != Opcode.SETSOCKOPT) {
            return false;
        }
        long code = nqe.operand();
        if (code < 0 || code > 0xFFFF_FFFFL) {
            return false;
        }
        SocketOption option = SocketOption.fromCode((int) code);
        return option != null && option.kind() == SocketOption.Kind.BYTES;
    }
}
