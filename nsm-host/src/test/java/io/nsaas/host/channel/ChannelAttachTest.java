package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.nqe.RegionHeaderDescriptor;
import io.nsaas.spi.Endpoint;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Guests attach through the real control socket with the real {@link ChannelGuest} and talk TCP over newreno. */
@Timeout(120)
class ChannelAttachTest {
    private static final long WAIT = TimeUnit.SECONDS.toNanos(20);
    private static final int PORT = 5000;
    private static final int BYTES = 4 << 20;

    @TempDir
    Path dir;

    private ChannelHostFixture host;

    @BeforeEach
    void startHost() throws Exception {
        host = new ChannelHostFixture(dir, "chunk-size = 16KiB, tx-chunks = 32, rx-chunks = 32, ring-capacity = 64KiB");
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void twoAttachedTenantsExchangeMegabytesOverNewReno() throws Exception {
        try (ChannelGuest a = ChannelGuest.attach(host.controlSocket, "vm-a", ChannelHostFixture.token("vm-a"));
             ChannelGuest b = ChannelGuest.attach(host.controlSocket, "vm-b", ChannelHostFixture.token("vm-b"))) {
            assertEquals(Endpoint.parseAddress("10.0.0.1"), a.localAddress());
            assertEquals(24, a.prefixLength());
            assertEquals("newreno", b.stackId());
            assertTrue(host.report("vm-a").attached());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.regionPath())));

            GuestSocket listener = a.open();
            listener.bind(0, PORT);
            listener.listen(8);
            GuestSocket client = b.open();
            CompletableFuture<GuestSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept(WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(client.connect(a.localAddress(), PORT, WAIT));
            GuestSocket server = accepted.get(20, TimeUnit.SECONDS);

            byte[] payload = new byte[BYTES];
            new Random(7).nextBytes(payload);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.write(ByteBuffer.wrap(payload), WAIT);
                    client.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
            long total = 0;
            int n;
            while ((n = server.read(buffer.clear(), WAIT)) >= 0) {
                received.update(buffer.array(), 0, n);
                total += n;
            }
            writer.get(20, TimeUnit.SECONDS);
            assertEquals(BYTES, total);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(payload), received.digest());

            TenantReport sender = host.report("vm-b");
            assertEquals(BYTES, sender.sent());
            assertTrue(sender.nqes() > 0, sender.toString());
            assertEquals(BYTES, host.report("vm-a").received());
            server.close();
            listener.close();
        }
        awaitRegionFiles(0);
        assertEquals(false, host.report("vm-a").attached());
    }

    void awaitRegionFiles(long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT;
        while (host.regionFiles() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, host.regionFiles(), "region files in " + host.shmDir);
    }

    static int detachedState() {
        return RegionHeaderDescriptor.HOST_DETACHED;
    }
}
