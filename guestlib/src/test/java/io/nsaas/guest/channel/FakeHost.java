package io.nsaas.guest.channel;

import io.nsaas.nqe.AbiVersion;
import io.nsaas.nqe.NqeDescriptor;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.nqe.RegionHeaderFlyweight;
import io.nsaas.nqe.RegionLayout;
import io.nsaas.nqe.RegionRing;
import io.nsaas.spi.Endpoint;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Test double of the host's control socket (CHANNEL-API section 1 and 2): answers ATTACH for the
 * configured tenants, creates a region laid out by {@link RegionLayout} with every chunk on its free
 * ring, runs a {@link FakeStack} over it, and detaches on EOF / DETACH or when a test calls
 * {@link #dropTenant()}. Knobs let tests script odd answers.
 */
final class FakeHost implements AutoCloseable {
    static final int ADDRESS = Endpoint.parseAddress("10.0.0.1");

    /** Reply sent instead of the real one when set (e.g. a malformed line). */
    volatile String scriptedReply;
    /** Close the connection right after reading ATTACH, without answering. */
    volatile boolean hangUpOnAttach;
    /** Write this tenant id into the region header instead of the real one. */
    volatile String regionTenantOverride;
    /** Write a wrong magic into the region header. */
    volatile boolean corruptMagic;

    private final Path dir;
    private final Path controlPath;
    private final Map<String, String> tokens;
    private final RegionLayout layout;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private volatile SocketChannel connection;
    private volatile FakeStack stack;
    private volatile Thread stackThread;
    private volatile Path regionPath;
    private volatile CountDownLatch detached = new CountDownLatch(1);
    private volatile String lastAttachLine;

    FakeHost(Path dir, Map<String, String> tokens, RegionLayout layout) throws IOException {
        this.dir = dir;
        this.controlPath = dir.resolve("control.sock");
        this.tokens = tokens;
        this.layout = layout;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(controlPath));
        this.acceptor = new Thread(this::acceptLoop, "fake-host-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path controlPath() {
        return controlPath;
    }

    FakeStack stack() {
        return stack;
    }

    Path regionPath() {
        return regionPath;
    }

    String lastAttachLine() {
        return lastAttachLine;
    }

    /** @return whether the guest detached (EOF or DETACH) within the timeout */
    boolean awaitDetach(long millis) throws InterruptedException {
        return detached.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The host detaches the tenant on its own: closes the control connection. */
    void dropTenant() throws IOException {
        SocketChannel current = connection;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropTenant();
        FakeStack current = stack;
        if (current != null) {
            current.stop();
        }
        Files.deleteIfExists(controlPath);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try (SocketChannel accepted = server.accept()) {
                connection = accepted;
                serve(accepted);
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            } finally {
                FakeStack current = stack;
                if (current != null) {
                    current.stop();
                }
                detached.countDown();
            }
        }
    }

    private void serve(SocketChannel channel) throws IOException {
        detached = new CountDownLatch(1);
        String line = readLine(channel);
        lastAttachLine = line;
        if (line == null || hangUpOnAttach) {
            return;
        }
        if (scriptedReply != null) {
            write(channel, scriptedReply + "\n");
            return;
        }
        String[] parts = line.split(" ");
        if (parts.length != 4 || !parts[0].equals("ATTACH")) {
            write(channel, "ERR malformed line; expected ATTACH <abi> <tenant> <token>\n");
            return;
        }
        if (!parts[1].equals(AbiVersion.format(AbiVersion.MAJOR, AbiVersion.MINOR))) {
            write(channel, "ERR ABI " + parts[1] + " not supported\n");
            return;
        }
        String expected = tokens.get(parts[2]);
        if (expected == null) {
            write(channel, "ERR unknown tenant '" + parts[2] + "'; add it to the host config\n");
            return;
        }
        if (!expected.equals(parts[3])) {
            write(channel, "ERR wrong token for tenant '" + parts[2] + "'; check the tenant's token\n");
            return;
        }
        UnsafeBuffer region = createRegion(parts[2]);
        FakeStack created = new FakeStack(layout, region, ADDRESS);
        stack = created;
        Thread thread = new Thread(created, "fake-host-stack");
        thread.setDaemon(true);
        stackThread = thread;
        thread.start();
        write(channel, "OK " + regionPath + " 10.0.0.1/24 fake\n");
        ByteBuffer in = ByteBuffer.allocate(64);
        while (channel.read(in) >= 0) {
            in.clear();
        }
    }

    private UnsafeBuffer createRegion(String tenant) throws IOException {
        Path path = dir.resolve("nsaas-" + tenant + "-" + System.nanoTime() + ".region");
        MappedByteBuffer mapped;
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            file.truncate(layout.regionLength());
            file.write(ByteBuffer.wrap(new byte[1]), layout.regionLength() - 1);
            mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, layout.regionLength());
        }
        UnsafeBuffer region = new UnsafeBuffer(mapped);
        RegionHeaderFlyweight header = new RegionHeaderFlyweight().wrap(region, 0);
        layout.write(header);
        header.tenantId(regionTenantOverride != null ? regionTenantOverride : tenant);
        header.hostStateWord(RegionHeaderDescriptor.hostStateWord(RegionHeaderDescriptor.HOST_ATTACHED, 1));
        if (corruptMagic) {
            header.magic(0x1234);
        }
        fillFreeRing(layout.newRingBuffer(region, RegionRing.TX_FREE_CHUNKS), layout.txChunkCount());
        fillFreeRing(layout.newRingBuffer(region, RegionRing.RX_FREE_CHUNKS), layout.rxChunkCount());
        regionPath = path;
        return region;
    }

    /** Marks the current region DETACHED in its header (the other way a host lets go). */
    void markRegionDetached() throws IOException {
        try (FileChannel file = FileChannel.open(regionPath, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            UnsafeBuffer region = new UnsafeBuffer(file.map(FileChannel.MapMode.READ_WRITE, 0, layout.regionLength()));
            new RegionHeaderFlyweight().wrap(region, 0)
                .hostStateWord(RegionHeaderDescriptor.hostStateWord(RegionHeaderDescriptor.HOST_DETACHED, 1));
        }
    }

    private static void fillFreeRing(RingBuffer ring, int count) {
        UnsafeBuffer record = new UnsafeBuffer(new byte[4]);
        for (int i = 0; i < count; i++) {
            record.putInt(0, i, NqeDescriptor.BYTE_ORDER);
            if (!ring.write(RegionLayout.CHUNK_INDEX_MSG_TYPE_ID, record, 0, 4)) {
                throw new IllegalStateException("free-chunk ring too small for " + count + " chunks");
            }
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        StringBuilder line = new StringBuilder();
        while (line.length() < 1024) {
            one.clear();
            if (channel.read(one) < 0) {
                return null;
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
        return null;
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
