package io.nsaas.host.channel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's control socket: a Unix domain socket served by one thread ({@code nsaas-control}) with
 * a {@link Selector}. It frames lines ({@link ControlClient}), drops a client that sends no whole
 * line within {@link #IDLE_TIMEOUT_NANOS} or a line over {@link ControlClient#MAX_LINE} bytes with an
 * {@code ERR} reason, and hands every line to its {@link Handler}. Work from other threads (NSM
 * futures, fatal tenant faults) is queued with {@link #execute} and runs on the control thread, so
 * the handler's state needs no locks.
 *
 * <p>The socket file is created 0600 (missing parent directories 0700); a stale socket file left by
 * a dead host is replaced, a live one is refused. {@link #close()} stops accepting, lets the handler
 * detach everyone ({@link Handler#onStop}), waits up to {@link #STOP_TIMEOUT_NANOS} for it, closes
 * every connection and deletes the socket file.
 */
final class ControlServer implements Executor, AutoCloseable {
    /** How long a new connection may take to send its request line. */
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long {@link #close()} waits for the handler to finish detaching. */
    static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final long MAX_SELECT_MILLIS = 1000;

    /** What the server does with lines; every method runs on the control thread. */
    interface Handler {
        /** One line from a client (without its newline). */
        void onLine(ControlClient client, String line);

        /** The client is gone (EOF, I/O error, or dropped by the server); it is already closed. */
        void onGone(ControlClient client);

        /** The host is stopping: refuse new attaches and detach every tenant. */
        void onStop();

        /** @return whether nothing is attached or in progress any more (stop may finish) */
        boolean stopped();
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final Set<ControlClient> clients = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopRequested;
    private long nextClientId = 1;

    private ControlServer(Path path, ServerSocketChannel server, Selector selector, Handler handler) {
        this.path = path;
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.thread = new Thread(this::run, "nsaas-control");
        thread.setDaemon(true);
    }

    /**
     * Binds the control socket at {@code path} and starts the control thread.
     *
     * @throws IOException with a one-line reason: another host listens there, the path is not a
     *                     socket, or it cannot be created
     */
    static ControlServer start(Path path, Handler handler) throws IOException {
        ServerSocketChannel server = bind(path);
        try {
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            ControlServer control = new ControlServer(path, server, selector, handler);
            control.thread.start();
            return control;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private static ServerSocketChannel bind(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException("control socket path " + path + " exists and is not a socket; remove it or"
                    + " choose another nsaas.host.control-socket");
            }
            if (listening(path)) {
                throw new IOException("another nsaas host is listening at " + path + "; stop it or choose another"
                    + " nsaas.host.control-socket");
            }
            Files.delete(path);
            LOG.info("replaced the stale control socket {} of a host that is gone", path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen at " + path + ": " + e + "; check nsaas.host.control-socket", e);
        }
    }

    private static boolean listening(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the socket path */
    Path path() {
        return path;
    }

    /** Runs {@code task} on the control thread; any thread. Tasks queued after stop are dropped. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** @return whether the caller runs on the control thread */
    boolean onControlThread() {
        return Thread.currentThread() == thread;
    }

    /** Detaches everyone (bounded by {@link #STOP_TIMEOUT_NANOS}), closes every connection, deletes the socket. */
    @Override
    public void close() {
        stopRequested = true;
        selector.wakeup();
        if (!onControlThread()) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(STOP_TIMEOUT_NANOS) + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long stopDeadline = 0;
        boolean stopping = false;
        try {
            while (true) {
                if (stopRequested && !stopping) {
                    stopping = true;
                    stopDeadline = System.nanoTime() + STOP_TIMEOUT_NANOS;
                    server.close();
                    handler.onStop();
                }
                runTasks();
                if (stopping && (handler.stopped() || System.nanoTime() - stopDeadline >= 0)) {
                    if (!handler.stopped()) {
                        LOG.warn("control socket {}: tenants still detaching after {} s; stopping anyway", path,
                            TimeUnit.NANOSECONDS.toSeconds(STOP_TIMEOUT_NANOS));
                    }
                    return;
                }
                selector.select(selectMillis(stopping ? stopDeadline : Long.MAX_VALUE));
                serveSelected();
                dropIdle(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("control socket {} failed: {}; tenants can no longer attach", path, e.toString(), e);
        } finally {
            shutDown();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("control task failed: {}", e.toString(), e);
            }
        }
    }

    private long selectMillis(long stopDeadline) {
        long now = System.nanoTime();
        long next = stopDeadline;
        for (ControlClient client : clients) {
            next = Math.min(next, client.deadlineNanos());
        }
        long millis = next == Long.MAX_VALUE ? MAX_SELECT_MILLIS : TimeUnit.NANOSECONDS.toMillis(next - now) + 1;
        return Math.max(1, Math.min(MAX_SELECT_MILLIS, millis));
    }

    private void serveSelected() throws IOException {
        Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
        while (selected.hasNext()) {
            SelectionKey key = selected.next();
            selected.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            ControlClient client = (ControlClient) key.attachment();
            if (key.isWritable()) {
                client.flush();
            }
            if (client.isOpen() && key.isReadable()) {
                read(client);
            }
            if (!client.isOpen() && clients.remove(client)) {
                handler.onGone(client);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            ControlClient client = new ControlClient(channel, key, nextClientId++, System.nanoTime() + IDLE_TIMEOUT_NANOS);
            key.attach(client);
            clients.add(client);
        }
    }

    private void read(ControlClient client) {
        try {
            client.fill();
        } catch (IOException e) {
            drop(client, null);
            return;
        }
        String line;
        while (client.isOpen() && (line = client.readLine()) != null) {
            handler.onLine(client, line);
        }
        if (client.isOpen() && client.lineTooLong()) {
            drop(client, "ERR line longer than " + ControlClient.MAX_LINE + " bytes; the control protocol sends short"
                + " ASCII lines");
        } else if (client.isOpen() && client.peerGone()) {
            drop(client, null);
        }
    }

    private void dropIdle(long now) {
        List<ControlClient> expired = new ArrayList<>();
        for (Iterator<ControlClient> it = clients.iterator(); it.hasNext();) {
            ControlClient client = it.next();
            if (!client.isOpen()) {
                it.remove();
            } else if (now - client.deadlineNanos() >= 0) {
                expired.add(client);
            }
        }
        for (ControlClient client : expired) {
            drop(client, "ERR no request within " + TimeUnit.NANOSECONDS.toSeconds(IDLE_TIMEOUT_NANOS)
                + " s; send ATTACH <abi> <tenant> <token> or STATUS right after connecting");
        }
    }

    /** Closes a client (after a last ERR line when given) and tells the handler it is gone. */
    private void drop(ControlClient client, String lastLine) {
        if (lastLine != null) {
            client.replyAndClose(lastLine);
        }
        client.close();
        if (clients.remove(client)) {
            handler.onGone(client);
        }
    }

    private void shutDown() {
        for (ControlClient client : new ArrayList<>(clients)) {
            client.close();
        }
        clients.clear();
        tasks.clear();
        try {
            server.close();
            selector.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove control socket {}: {}", path, e.toString());
        }
    }
}
