package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.nqe.RegionHeaderDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Detach by DETACH, by an abrupt close, by a fatal tenant fault and by host stop. */
@Timeout(60)
class ChannelDetachTest {
    private static final long WAIT = TimeUnit.SECONDS.toNanos(20);
    private static final int PORT = 6000;

    @TempDir
    Path dir;

    private ChannelHostFixture host;

    @BeforeEach
    void startHost() throws Exception {
        host = new ChannelHostFixture(dir, ChannelHostFixture.SMALL_REGIONS);
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    private ChannelGuest attach(String tenant) throws IOException {
        return ChannelGuest.attach(host.controlSocket, tenant, ChannelHostFixture.token(tenant));
    }

    @Test
    void detachClosesTheTenantsSocketsOnTheStackAndDeletesTheRegion() throws Exception {
        try (ChannelGuest b = attach("vm-b")) {
            ChannelGuest a = attach("vm-a");
            RegionView region = new RegionView(a.regionPath());
            assertEquals(RegionHeaderDescriptor.HOST_ATTACHED, region.hostState());
            GuestSocket listener = a.open();
            listener.bind(0, PORT);
            listener.listen(4);
            GuestSocket client = b.open();
            CompletableFuture<GuestSocket> accepted = acceptAsync(listener);
            assertTrue(client.connect(a.localAddress(), PORT, WAIT));
            accepted.get(20, TimeUnit.SECONDS);
            assertEquals(2, host.report("vm-a").sockets());

            a.close();

            awaitTrue(() -> !Files.exists(a.regionPath()), "region file deleted");
            assertEquals(RegionHeaderDescriptor.HOST_DETACHED, region.hostState());
            TenantReport report = host.report("vm-a");
            assertFalse(report.attached());
            assertEquals("RUNNING", report.state());
            // vm-a's connection is gone from its stack: the fresh instance answers vm-b's segments with a reset
            IOException reset = assertThrows(IOException.class, () -> {
                client.write(ByteBuffer.wrap(new byte[100]), WAIT);
                client.read(ByteBuffer.allocate(100), WAIT);
            });
            assertTrue(reset.getMessage().contains("reset") || reset.getMessage().contains("Broken pipe"),
                reset.getMessage());

            try (ChannelGuest again = attach("vm-a"); GuestSocket relisten = again.open()) {
                relisten.bind(0, PORT);
                relisten.listen(4);
                assertTrue(host.report("vm-a").attached());
            }
        }
    }

    @Test
    void anAbruptCloseDetachesAndTheTenantCanAttachAgain() throws Exception {
        Path regionPath;
        RegionView region;
        try (RawControl raw = new RawControl(host.controlSocket)) {
            String reply = raw.send(RawControl.attachLine("vm-a")).readLine();
            assertTrue(reply.startsWith("OK "), reply);
            String[] words = reply.split(" ");
            assertEquals("10.0.0.1/24", words[2]);
            assertEquals("newreno", words[3]);
            regionPath = Path.of(words[1]);
            assertTrue(regionPath.getFileName().toString().matches("nsaas-vm-a-[0-9a-f]{16}\\.region"), regionPath.toString());
            region = new RegionView(regionPath);
            assertEquals("vm-a", region.tenantId());
            assertTrue(host.report("vm-a").attached());
        }
        awaitTrue(() -> !Files.exists(regionPath), "region file deleted");
        assertEquals(RegionHeaderDescriptor.HOST_DETACHED, region.hostState());
        assertFalse(host.report("vm-a").attached());
        try (ChannelGuest again = attach("vm-a")) {
            assertTrue(again.isAttached());
        }
    }

    @Test
    void aCorruptRingDetachesOnlyThatTenant() throws Exception {
        try (ChannelGuest b = attach("vm-b"); ChannelGuest a = attach("vm-a")) {
            RegionView region = new RegionView(a.regionPath());
            region.corruptJobRing();

            awaitTrue(() -> !a.isAttached(), "vm-a's guest sees the host detach it");
            awaitTrue(() -> !Files.exists(a.regionPath()), "region file deleted");
            assertEquals(RegionHeaderDescriptor.HOST_DETACHED, region.hostState());
            assertFalse(host.report("vm-a").attached());
            assertTrue(b.isAttached());
            assertTrue(host.report("vm-b").attached());
            try (GuestSocket socket = b.open()) {
                socket.bind(0, PORT);
            }
        }
        try (ChannelGuest again = attach("vm-a")) {
            assertTrue(again.isAttached());
        }
    }

    @Test
    void hostStopDetachesEveryGuestAndRemovesItsFiles() throws Exception {
        ChannelGuest a = attach("vm-a");
        RegionView region = new RegionView(a.regionPath());
        host.close();
        assertEquals(RegionHeaderDescriptor.HOST_DETACHED, region.hostState());
        assertFalse(Files.exists(a.regionPath()));
        assertFalse(Files.exists(host.controlSocket), "control socket deleted");
        awaitTrue(() -> !a.isAttached(), "the guest sees the host detach it");
        a.close();
    }

    @Test
    void aDetachLineAfterAttachIsHonouredAndAnythingElseDetachesToo() throws Exception {
        try (RawControl raw = new RawControl(host.controlSocket)) {
            assertTrue(raw.send(RawControl.attachLine("vm-a")).readLine().startsWith("OK "));
            raw.send("DETACH\n");
            assertNull(raw.readLine(), "the host closes the connection once detached");
        }
        assertFalse(host.report("vm-a").attached());
        try (RawControl raw = new RawControl(host.controlSocket)) {
            assertTrue(raw.send(RawControl.attachLine("vm-a")).readLine().startsWith("OK "));
            String reply = raw.send("STATUS\n").readLine();
            assertTrue(reply.startsWith("ERR unexpected line on an attached connection"), reply);
            assertNull(raw.readLine());
        }
        awaitTrue(() -> host.regionFiles() == 0, "vm-a's region deleted");
        assertFalse(host.report("vm-a").attached());
    }

    private static CompletableFuture<GuestSocket> acceptAsync(GuestSocket listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept(WAIT);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A condition that may throw, polled by {@link #awaitTrue}. */
    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT;
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }
}
