package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.channel.ChannelGuest;
import io.nsaas.nqe.AbiVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal answers one {@code ERR <reason>} line and closes; tenant vm-b stays attached
 * throughout and still exchanges data with vm-a afterwards.
 */
@Timeout(60)
class ChannelRefusalTest {
    private static final long WAIT = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    private ChannelHostFixture host;
    private ChannelGuest bystander;

    @BeforeEach
    void startHost() throws Exception {
        host = new ChannelHostFixture(dir, ChannelHostFixture.SMALL_REGIONS);
        bystander = ChannelGuest.attach(host.controlSocket, "vm-b", ChannelHostFixture.token("vm-b"));
    }

    @AfterEach
    void bystanderStillWorks() throws Exception {
        try {
            assertTrue(bystander.isAttached(), "vm-b was detached by another client's refusal");
            assertTrue(host.report("vm-b").attached());
            try (ChannelGuest a = ChannelGuest.attach(host.controlSocket, "vm-a", ChannelHostFixture.token("vm-a"))) {
                exchange(a, bystander);
            }
        } finally {
            bystander.close();
            host.close();
        }
    }

    /** vm-b listens, vm-a connects and sends a few bytes that arrive. */
    private static void exchange(ChannelGuest a, ChannelGuest b) throws Exception {
        try (GuestSocket listener = b.open(); GuestSocket client = a.open()) {
            listener.bind(0, 7000);
            listener.listen(4);
            CompletableFuture<GuestSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept(WAIT);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(client.connect(b.localAddress(), 7000, WAIT));
            try (GuestSocket server = accepted.get(20, TimeUnit.SECONDS)) {
                client.write(ByteBuffer.wrap("ping".getBytes()), WAIT);
                ByteBuffer in = ByteBuffer.allocate(16);
                while (in.position() < 4) {
                    assertTrue(server.read(in, WAIT) > 0);
                }
                assertEquals("ping", new String(in.array(), 0, 4));
            }
        }
    }

    /** Sends one line and returns the single reply, checking the host closes right after it. */
    private String refusal(String text) throws IOException {
        try (RawControl raw = new RawControl(host.controlSocket)) {
            raw.send(text);
            String reply = raw.readLine();
            assertNull(raw.readLine(), "the host closes after ERR");
            return reply;
        }
    }

    @Test
    void unknownTenantIsRefusedByName() throws IOException {
        String reply = refusal("ATTACH 1.0 vm-z " + ChannelHostFixture.token("vm-a") + "\n");
        assertTrue(reply.startsWith("ERR unknown tenant 'vm-z'"), reply);
    }

    @Test
    void wrongTokenIsRefusedWithoutEchoingIt() throws IOException {
        String reply = refusal("ATTACH 1.0 vm-a not-the-token-of-vm-a\n");
        assertTrue(reply.startsWith("ERR wrong token for tenant 'vm-a'"), reply);
        assertFalse(reply.contains("not-the-token"), reply);
        String other = refusal("ATTACH 1.0 vm-a " + ChannelHostFixture.token("vm-b") + "\n");
        assertTrue(other.startsWith("ERR wrong token"), "another tenant's token: " + other);
    }

    @Test
    void abiMajorMismatchNamesBothVersions() throws IOException {
        int major = AbiVersion.MAJOR + 1;
        String reply = refusal("ATTACH " + major + ".0 vm-a " + ChannelHostFixture.token("vm-a") + "\n");
        assertTrue(reply.startsWith("ERR ABI " + major + ".0 of the guest does not match ABI "
            + AbiVersion.format(AbiVersion.MAJOR, AbiVersion.MINOR)), reply);
        String newerMinor = "ATTACH " + AbiVersion.MAJOR + ".9 vm-a " + ChannelHostFixture.token("vm-a") + "\n";
        try (RawControl raw = new RawControl(host.controlSocket)) {
            assertTrue(raw.send(newerMinor).readLine().startsWith("OK "), "a newer minor version attaches");
        }
    }

    @Test
    void aSecondGuestOfAnAttachedTenantIsRefused() {
        IOException refused = assertThrows(IOException.class,
            () -> ChannelGuest.attach(host.controlSocket, "vm-b", ChannelHostFixture.token("vm-b")));
        assertTrue(refused.getMessage().contains("tenant 'vm-b' is already attached"), refused.getMessage());
    }

    @Test
    void garbageAndMalformedLinesAreRefused() throws IOException {
        assertTrue(refusal("HELLO\n").startsWith("ERR unknown request; expected ATTACH"));
        assertTrue(refusal("ATTACH vm-a\n").startsWith("ERR malformed ATTACH line"));
        assertTrue(refusal("ATTACH one vm-a " + ChannelHostFixture.token("vm-a") + "\n")
            .startsWith("ERR malformed ABI version 'one'"));
        assertTrue(refusal("\u0001\u0002\n").startsWith("ERR unknown request"));
    }

    @Test
    void anOversizeLineIsRefused() throws IOException {
        String reply = refusal("A".repeat(4000));
        assertTrue(reply.startsWith("ERR line longer than 1024 bytes"), reply);
    }

    @Test
    void aSilentClientIsDroppedAfterFiveSeconds() throws IOException {
        long start = System.nanoTime();
        try (RawControl raw = new RawControl(host.controlSocket)) {
            String reply = raw.readLine();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(reply.startsWith("ERR no request within 5 s"), reply);
            assertNull(raw.readLine());
            assertTrue(waited >= 4900 && waited < 8000, "dropped after " + waited + " ms");
        }
    }
}
