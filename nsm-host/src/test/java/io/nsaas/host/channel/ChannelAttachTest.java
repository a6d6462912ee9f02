package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
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
        host = new ChannelHostFixture(dir, "");
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

    @Test
    void aGuestInAnotherJvmSendsToAnAttachedTenant() throws Exception {
        int bytes = 2 << 20;
        try (ChannelGuest a = ChannelGuest.attach(host.controlSocket, "vm-a", ChannelHostFixture.token("vm-a"));
             GuestSocket listener = a.open()) {
            listener.bind(0, PORT);
            listener.listen(8);
            Process sender = ChannelLeakTest.startGuestJvm(host.controlSocket, "vm-b", "send", "10.0.0.1",
                String.valueOf(PORT), String.valueOf(bytes), "11");
            try {
                MessageDigest received = MessageDigest.getInstance("SHA-256");
                long total = 0;
                try (GuestSocket server = listener.accept(WAIT)) {
                    ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
                    int n;
                    while ((n = server.read(buffer.clear(), WAIT)) >= 0) {
                        received.update(buffer.array(), 0, n);
                        total += n;
                    }
                }
                String output = new String(sender.getInputStream().readAllBytes());
                assertTrue(sender.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, sender.exitValue(), output);
                assertEquals("SENT " + bytes, output.strip());
                assertEquals(bytes, total);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(GuestProcessMain.payload(bytes, 11)),
                    received.digest());
            } finally {
                sender.destroyForcibly();
            }
        }
        awaitRegionFiles(0);
    }

    @Test
    void tenantsSharingAnNsmAttachAndDetachWithoutDisturbingEachOther() throws Exception {
        try (ChannelGuest d = ChannelGuest.attach(host.controlSocket, "vm-d", ChannelHostFixture.token("vm-d"));
             GuestSocket listener = d.open()) {
            listener.bind(0, PORT);
            listener.listen(8);
            for (int round = 0; round < 3; round++) {
                try (ChannelGuest c = ChannelGuest.attach(host.controlSocket, "vm-c", ChannelHostFixture.token("vm-c"));
                     GuestSocket client = c.open()) {
                    CompletableFuture<GuestSocket> accepted = CompletableFuture.supplyAsync(() -> {
                        try {
                            return listener.accept(WAIT);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    assertTrue(client.connect(d.localAddress(), PORT, WAIT));
                    try (GuestSocket server = accepted.get(20, TimeUnit.SECONDS)) {
                        client.write(ByteBuffer.wrap(new byte[] {(byte) round}), WAIT);
                        ByteBuffer in = ByteBuffer.allocate(1);
                        assertEquals(1, server.read(in, WAIT));
                        assertEquals(round, in.get(0));
                    }
                }
                awaitRegionFiles(1);
                assertTrue(d.isAttached(), "vm-d stays attached while vm-c on its NSM detaches");
            }
            assertEquals("pool", host.report("vm-d").nsm());
        }
    }

    @Test
    void aTenantOnTheSocketLevelKernelStackAttachesToo() throws Exception {
        try (ChannelGuest k = ChannelGuest.attach(host.controlSocket, "vm-k", ChannelHostFixture.token("vm-k"))) {
            assertEquals("kernel", k.stackId());
            try (GuestSocket socket = k.open()) {
                assertTrue(socket.isOpen());
                assertEquals(1, host.report("vm-k").sockets());
            }
            assertEquals(0, host.report("vm-k").sockets());
        }
        awaitRegionFiles(0);
    }

    void awaitRegionFiles(long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT;
        while (host.regionFiles() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, host.regionFiles(), "region files in " + host.shmDir);
    }
}
