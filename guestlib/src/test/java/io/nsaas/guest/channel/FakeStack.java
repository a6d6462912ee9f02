package io.nsaas.guest.channel;

import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.NqeFlyweight;
import io.nsaas.nqe.NqeValidator;
import io.nsaas.nqe.Opcode;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Test double of an NSM + stack for one attachment: a thread that drains the job ring and answers
 * like an in-memory loopback TCP (listeners, connected pairs with bounded receive buffers, EOF,
 * held blocking requests, events), returning tx chunks and taking rx chunks as the ABI says.
 * Every request is checked with the real {@link NqeValidator}; a request it rejects counts as a
 * guest protocol error that tests assert to be zero. Test code runs actions on the stack thread
 * with {@link #call}.
 */
final class FakeStack implements Runnable {
    static final int MAX_SOCKETS = 1024;

    /** Ports whose connects never complete (a black hole). */
    final Set<Integer> blackholePorts = ConcurrentHashMap.newKeySet();
    /** When set, the next non-blocking RECV that finds nothing posts EV_READABLE first (race rule test). */
    volatile boolean raceNextRecv;
    volatile int receiveCapacity = 64 * 1024;

    private final RegionLayout layout;
    private final AtomicBuffer dataArea;
    private final RingBuffer jobs;
    private final RingBuffer completions;
    private final RingBuffer events;
    private final RingBuffer txFree;
    private final RingBuffer rxFree;
    private final int address;
    private final NqeValidator validator;
    private final NqeFlyweight request = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[32]), 0);
    private final NqeFlyweight out = new NqeFlyweight().wrap(new UnsafeBuffer(new byte[32]), 0);
    private final IntArrayList freeRx = new IntArrayList();
    private final Map<Integer, FakeSocket> sockets = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> actions = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile int guestProtocolErrors;
    private int nextId = 1;
    private int nextEphemeralPort = 40000;

    FakeStack(RegionLayout layout, AtomicBuffer region, int address) {
        this.layout = layout;
        this.dataArea = layout.dataArea(region);
        this.jobs = layout.newRingBuffer(region, RegionRing.JOB);
        this.completions = layout.newRingBuffer(region, RegionRing.COMPLETION);
        this.events = layout.newRingBuffer(region, RegionRing.EVENT);
        this.txFree = layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS);
        this.rxFree = layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS);
        this.address = address;
        this.validator = new NqeValidator(layout, MAX_SOCKETS);
    }

    @Override
    public void run() {
        BackoffIdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 200_000);
        while (running) {
            int work = jobs.read(this::onJob, 64);
            Runnable action;
            while ((action = actions.poll()) != null) {
                action.run();
                work++;
            }
            idle.idle(work);
        }
    }

    void stop() {
        running = false;
    }

    /** Runs {@code action} on the stack thread and returns its result. */
    <T> T call(Function<FakeStack, T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        actions.add(() -> {
            try {
                result.complete(action.apply(this));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("fake stack action failed", e);
        }
    }

    int guestProtocolErrors() {
        return guestProtocolErrors;
    }

    /** @return rx chunks the host could use now (on its list or back on the free ring); stack thread */
    int freeRxChunks() {
        drainRxFree();
        return freeRx.size();
    }

    /** @return open host sockets; stack thread */
    int openSockets() {
        return sockets.size();
    }

    /** Pushes {@code bytes} to the guest with EV_DATA for {@code socketId}; stack thread. @return false without a free rx chunk */
    boolean pushData(int socketId, byte[] bytes) {
        int chunk = takeRxChunk();
        if (chunk < 0) {
            return false;
        }
        int offset = layout.rxChunkOffset(chunk);
        dataArea.putBytes(offset, bytes);
        post(Opcode.EV_DATA, socketId, 0, offset, bytes.length);
        return true;
    }

    /** Posts an event; stack thread. */
    void post(int opcode, int socketId, long operand, int dataOffset, int dataLength) {
        out.reset().opcode(opcode).socketId(socketId).operand(operand).dataOffset(dataOffset).dataLength(dataLength);
        if (!events.write(NqeDescriptor.MSG_TYPE_ID, out.buffer(), 0, NqeDescriptor.LENGTH)) {
            throw new IllegalStateException("event ring full");
        }
    }

    private void onJob(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        if (msgTypeId != NqeDescriptor.MSG_TYPE_ID || length != NqeDescriptor.LENGTH) {
            guestProtocolErrors++;
            return;
        }
        request.copyFrom(buffer, index);
        Held held = new Held(request);
        int invalid = validator.validate(request);
        if (invalid != 0) {
            guestProtocolErrors++;
            returnTxChunk(held);
            complete(held, invalid, 0, 0);
            return;
        }
        dispatch(held);
    }

    private void dispatch(Held r) {
        FakeSocket socket = r.socketId == NqeDescriptor.NO_SOCKET ? null : sockets.get(r.socketId);
        if (r.opcode != Opcode.NOP && r.opcode != Opcode.SOCKET && socket == null) {
            returnTxChunk(r);
            complete(r, -Errno.EBADF, 0, 0);
            return;
        }
        switch (r.opcode) {
            case Opcode.NOP -> complete(r, 0, 0, 0);
            case Opcode.SOCKET -> {
                FakeSocket created = new FakeSocket(nextId++);
                sockets.put(created.id, created);
                complete(r, created.id, 0, 0);
            }
            case Opcode.BIND -> complete(r, bind(socket, r.operand), 0, 0);
            case Opcode.LISTEN -> {
                if (socket.local == 0) {
                    bind(socket, 0);
                }
                socket.listening = true;
                complete(r, 0, 0, 0);
            }
            case Opcode.CONNECT -> connect(socket, r);
            case Opcode.SETSOCKOPT -> {
                socket.options.put(r.operand, request.optionValue());
                complete(r, 0, 0, 0);
            }
            case Opcode.GETSOCKOPT -> complete(r, socket.options.getOrDefault(r.operand, 0L), 0, 0);
            case Opcode.GETSOCKNAME -> complete(r, socket.local, 0, 0);
            case Opcode.GETPEERNAME -> complete(r, socket.peer == null ? -Errno.ENOTCONN : socket.remote, 0, 0);
            case Opcode.SHUTDOWN -> {
                if (r.operand != 0) {
                    socket.writeShut = true;
                }
                if (r.operand != 0 && socket.peer != null) {
                    socket.peer.eof = true;
                    wake(socket.peer, Opcode.EV_READABLE, 0);
                }
                complete(r, 0, 0, 0);
            }
            case Opcode.CLOSE -> close(socket, r);
            case Opcode.ACCEPT, Opcode.RECV, Opcode.SEND -> {
                if (r.opcode == Opcode.SEND && holdsSend(socket) || !attempt(socket, r)) {
                    if ((r.flags & NqeDescriptor.FLAG_NONBLOCK) != 0) {
                        raceIfAsked(socket, r);
                        returnTxChunk(r);
                        complete(r, -Errno.EAGAIN, 0, 0);
                    } else {
                        socket.held.add(r);
                    }
                }
            }
            default -> complete(r, -Errno.EOPNOTSUPP, 0, 0);
        }
    }

    /** @return whether the request completed (false: it would block) */
    private boolean attempt(FakeSocket socket, Held r) {
        switch (r.opcode) {
            case Opcode.ACCEPT -> {
                if (!socket.listening) {
                    complete(r, -Errno.EINVAL, 0, 0);
                    return true;
                }
                FakeSocket pending = socket.acceptQueue.poll();
                if (pending == null) {
                    return false;
                }
                complete(r, pending.id, 0, 0);
                post(Opcode.EV_WRITABLE, pending.id, 0, 0, 0);
                if (!pending.received.isEmpty() || pending.eof) {
                    post(Opcode.EV_READABLE, pending.id, 0, 0, 0);
                }
                return true;
            }
            case Opcode.SEND -> {
                FakeSocket peer = socket.peer;
                if (peer == null || peer.closed || socket.writeShut) {
                    returnTxChunk(r);
                    int errno = socket.peer == null && !socket.wasConnected ? Errno.ENOTCONN : Errno.EPIPE;
                    complete(r, r.done > 0 ? r.done : -errno, 0, 0);
                    return true;
                }
                int room = receiveCapacity - peer.received.size();
                if (room <= 0 && r.dataLength > r.done) {
                    return false;
                }
                int n = Math.min(room, r.dataLength - r.done);
                for (int i = 0; i < n; i++) {
                    peer.received.add(dataArea.getByte(r.dataOffset + r.done + i));
                }
                r.done += n;
                if (n > 0) {
                    wake(peer, Opcode.EV_READABLE, 0);
                }
                if (r.done < r.dataLength && (r.flags & NqeDescriptor.FLAG_NONBLOCK) == 0) {
                    // as CoreEngine: a blocking SEND completes once all its bytes are taken
                    return false;
                }
                returnTxChunk(r);
                complete(r, r.done, 0, 0);
                return true;
            }
            case Opcode.RECV -> {
                if (socket.received.isEmpty()) {
                    if (socket.eof) {
                        complete(r, 0, 0, 0);
                        return true;
                    }
                    return false;
                }
                int chunk = takeRxChunk();
                if (chunk < 0) {
                    return false;
                }
                int offset = layout.rxChunkOffset(chunk);
                int n = (int) Math.min(r.operand, socket.received.size());
                for (int i = 0; i < n; i++) {
                    dataArea.putByte(offset + i, socket.received.poll());
                }
                complete(r, n, offset, n);
                if (socket.peer != null && !socket.peer.closed) {
                    wake(socket.peer, Opcode.EV_WRITABLE, 0);
                }
                return true;
            }
            default -> throw new IllegalStateException("not holdable: " + Opcode.name(r.opcode));
        }
    }

    private void raceIfAsked(FakeSocket socket, Held r) {
        if (r.opcode == Opcode.RECV && raceNextRecv) {
            raceNextRecv = false;
            post(Opcode.EV_READABLE, socket.id, 0, 0, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.size() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            // give the guest's event thread time to finish dispatching the event it just consumed
            sleepQuietly(20);
        }
    }

    private long bind(FakeSocket socket, long endpoint) {
        int addr = Endpoint.address(endpoint) == 0 ? address : Endpoint.address(endpoint);
        int port = Endpoint.port(endpoint) == 0 ? nextEphemeralPort++ : Endpoint.port(endpoint);
        for (FakeSocket other : sockets.values()) {
            if (other != socket && other.local != 0 && Endpoint.port(other.local) == port && other.listening) {
                return -Errno.EADDRINUSE;
            }
        }
        socket.local = Endpoint.pack(addr, port);
        return 0;
    }

    private void connect(FakeSocket socket, Held r) {
        boolean nonblock = (r.flags & NqeDescriptor.FLAG_NONBLOCK) != 0;
        int port = Endpoint.port(r.operand);
        if (blackholePorts.contains(port)) {
            if (nonblock) {
                complete(r, -Errno.EINPROGRESS, 0, 0);
            } else {
                socket.held.add(r);
            }
            return;
        }
        FakeSocket listener = null;
        for (FakeSocket candidate : sockets.values()) {
            if (candidate.listening && Endpoint.port(candidate.local) == port) {
                listener = candidate;
            }
        }
        if (listener == null) {
            if (nonblock) {
                complete(r, -Errno.EINPROGRESS, 0, 0);
                post(Opcode.EV_CLOSED, socket.id, Errno.ECONNREFUSED, 0, 0);
            } else {
                complete(r, -Errno.ECONNREFUSED, 0, 0);
            }
            return;
        }
        if (socket.local == 0) {
            bind(socket, 0);
        }
        FakeSocket server = new FakeSocket(nextId++);
        sockets.put(server.id, server);
        server.local = listener.local;
        server.remote = socket.local;
        server.peer = socket;
        server.wasConnected = true;
        socket.peer = server;
        socket.remote = r.operand;
        socket.wasConnected = true;
        listener.acceptQueue.add(server);
        complete(r, nonblock ? -Errno.EINPROGRESS : 0, 0, 0);
        post(Opcode.EV_CONNECTED, socket.id, 0, 0, 0);
        wake(listener, Opcode.EV_ACCEPTABLE, 0);
    }

    private static boolean holdsSend(FakeSocket socket) {
        for (Held held : socket.held) {
            if (held.opcode == Opcode.SEND) {
                return true;
            }
        }
        return false;
    }

    private void close(FakeSocket socket, Held r) {
        for (Held held : socket.held) {
            returnTxChunk(held);
            complete(held, -Errno.EBADF, 0, 0);
        }
        socket.held.clear();
        socket.closed = true;
        sockets.remove(socket.id);
        for (FakeSocket pending : socket.acceptQueue) {
            sockets.remove(pending.id);
            if (pending.peer != null) {
                pending.peer.eof = true;
                pending.peer.peer = null;
                wake(pending.peer, Opcode.EV_CLOSED, Errno.ECONNRESET);
            }
        }
        FakeSocket peer = socket.peer;
        if (peer != null && !peer.closed) {
            peer.eof = true;
            peer.peer = null;
            wake(peer, Opcode.EV_READABLE, 0);
            post(Opcode.EV_CLOSED, peer.id, 0, 0, 0);
        }
        complete(r, 0, 0, 0);
    }

    /** Serves the socket's held requests that can go now, then posts the event. */
    private void wake(FakeSocket socket, int event, long operand) {
        Iterator<Held> it = socket.held.iterator();
        List<Held> done = new ArrayList<>();
        boolean sendBlocked = false;
        while (it.hasNext()) {
            Held held = it.next();
            if (held.opcode == Opcode.CONNECT || held.opcode == Opcode.SEND && sendBlocked) {
                continue;
            }
            if (attempt(socket, held)) {
                done.add(held);
            } else if (held.opcode == Opcode.SEND) {
                sendBlocked = true; // later SENDs stay behind it: stream order
            }
        }
        socket.held.removeAll(done);
        post(event, socket.id, operand, 0, 0);
    }

    private void complete(Held r, long result, int dataOffset, int dataLength) {
        out.reset().opcode(Opcode.isRequest(r.opcode) ? r.opcode | Opcode.COMPLETION_BIT : Opcode.REJECTED)
            .socketId(r.socketId).requestId(r.requestId).result(result).dataOffset(dataOffset).dataLength(dataLength);
        if (!completions.write(NqeDescriptor.MSG_TYPE_ID, out.buffer(), 0, NqeDescriptor.LENGTH)) {
            throw new IllegalStateException("completion ring full");
        }
    }

    private void returnTxChunk(Held r) {
        if (r.opcode != Opcode.SEND && r.opcode != Opcode.SETSOCKOPT) {
            return;
        }
        int index = layout.txChunkIndex(r.dataOffset);
        if (index >= 0 && r.opcode == Opcode.SEND) {
            UnsafeBuffer record = new UnsafeBuffer(new byte[4]);
            record.putInt(0, index, NqeDescriptor.BYTE_ORDER);
            txFree.write(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, record, 0, 4);
        }
    }

    private int takeRxChunk() {
        drainRxFree();
        return freeRx.isEmpty() ? -1 : freeRx.removeAt(freeRx.size() - 1);
    }

    private void drainRxFree() {
        rxFree.read((type, buffer, index, length) -> freeRx.addInt(buffer.getInt(index, NqeDescriptor.BYTE_ORDER)));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A copied request. */
    static final class Held {
        final int opcode;
        final int flags;
        final int socketId;
        final long requestId;
        final long operand;
        final int dataOffset;
        final int dataLength;
        /** Bytes of a blocking SEND the peer already took. */
        int done;

        Held(NqeFlyweight nqe) {
            opcode = nqe.opcode();
            flags = nqe.flags();
            socketId = nqe.socketId();
            requestId = nqe.requestId();
            operand = nqe.operand();
            dataOffset = nqe.dataOffset();
            dataLength = nqe.dataLength();
        }
    }

    /** One host-side socket of the loopback. */
    static final class FakeSocket {
        final int id;
        final ArrayDeque<Byte> received = new ArrayDeque<>();
        final ArrayDeque<FakeSocket> acceptQueue = new ArrayDeque<>();
        final List<Held> held = new ArrayList<>();
        final Map<Long, Long> options = new HashMap<>();
        long local;
        long remote;
        FakeSocket peer;
        boolean listening;
        boolean eof;
        boolean closed;
        boolean writeShut;
        boolean wasConnected;

        FakeSocket(int id) {
            this.id = id;
        }
    }
}
