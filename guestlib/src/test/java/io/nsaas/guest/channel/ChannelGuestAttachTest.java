package io.nsaas.guest.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.nqe.RegionLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChannelGuestAttachTest {
    static final RegionLayout LAYOUT = RegionLayout.compute(64 * 1024, 4096, 16, 16);

    @TempDir
    Path dir;
    FakeHost host;

    @BeforeEach
    void startHost() throws IOException {
        host = new FakeHost(dir, Map.of("vm-a", "secret-a"), LAYOUT);
    }

    @AfterEach
    void stopHost() throws IOException {
        host.close();
    }

    @Test
    void attachSendsAbiTenantTokenAndReportsAddressPrefixAndStack() throws IOException {
        try (ChannelGuest guest = ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a")) {
            assertEquals("ATTACH 1.0 vm-a secret-a", host.lastAttachLine());
            assertEquals("vm-a", guest.tenantId());
            assertEquals(0x0A000001, guest.localAddress());
            assertEquals(24, guest.prefixLength());
            assertEquals("fake", guest.stackId());
            assertEquals(host.regionPath(), guest.regionPath());
            assertTrue(guest.isAttached());
        }
    }

    @Test
    void wrongTokenIsRefusedWithTheHostsReason() {
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-a", "nope"));
        assertEquals("nsaas host at " + host.controlPath() + " refused tenant 'vm-a': wrong token for tenant 'vm-a'; "
            + "check the tenant's token", e.getMessage());
    }

    @Test
    void unknownTenantIsRefusedWithTheHostsReason() {
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-z", "x"));
        assertTrue(e.getMessage().endsWith("refused tenant 'vm-z': unknown tenant 'vm-z'; add it to the host config"),
            e.getMessage());
    }

    @Test
    void missingControlSocketSaysNoHostIsListeningThere() {
        Path missing = dir.resolve("nothing.sock");
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(missing, "vm-a", "secret-a"));
        assertTrue(e.getMessage().startsWith("no nsaas host listening at " + missing), e.getMessage());
    }

    @Test
    void fileThatIsNotASocketSaysNoHostIsListeningThere() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.sock"), "x");
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(plain, "vm-a", "secret-a"));
        assertTrue(e.getMessage().startsWith("no nsaas host listening at " + plain), e.getMessage());
    }

    @Test
    void hostHangingUpWithoutAnswerIsReported() {
        host.hangUpOnAttach = true;
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a"));
        assertTrue(e.getMessage().contains("closed the control connection without answering ATTACH"), e.getMessage());
    }

    @Test
    void unexpectedReplyIsReportedWithTheExpectedForm() {
        host.scriptedReply = "HELLO there";
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a"));
        assertTrue(e.getMessage().contains("unexpected attach reply 'HELLO there'"), e.getMessage());
    }

    @Test
    void silentHostTimesOutWithAClearMessage() throws IOException {
        Path socket = dir.resolve("s2.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                () -> ChannelGuest.attach(socket, "vm-a", "secret-a", TimeUnit.MILLISECONDS.toNanos(200)));
            assertTrue(e.getMessage().contains("did not answer ATTACH"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void regionOfAnotherTenantIsRefused() {
        host.regionTenantOverride = "vm-b";
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a"));
        assertTrue(e.getMessage().contains("belongs to tenant 'vm-b', not 'vm-a'"), e.getMessage());
    }

    @Test
    void regionWithBadMagicIsRefusedAsInvalid() {
        host.corruptMagic = true;
        IOException e = assertThrows(IOException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a"));
        assertTrue(e.getMessage().startsWith("nsaas region " + host.regionPath() + " is invalid: "), e.getMessage());
    }

    @Test
    void malformedTenantIdOrTokenIsRejectedBeforeConnecting() {
        IllegalArgumentException space = assertThrows(IllegalArgumentException.class,
            () -> ChannelGuest.attach(host.controlPath(), "vm a", "t"));
        assertEquals("tenant id has character 0x20 at index 2; use printable ASCII without spaces", space.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelGuest.attach(host.controlPath(), "vm-a", ""));
        assertEquals(null, host.lastAttachLine());
    }

    @Test
    void closeSendsDetachAndTheHostSeesIt() throws Exception {
        ChannelGuest guest = ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a");
        guest.close();
        assertFalse(guest.isAttached());
        assertTrue(host.awaitDetach(5000));
        guest.eventThread().join(5000);
        assertFalse(guest.eventThread().isAlive(), "the event thread stops on close");
    }
}
