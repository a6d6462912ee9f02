package io.nsaas.guest.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nsaas.nqe.RegionLayout;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChannelGuestNopTest {
    static final RegionLayout LAYOUT = RegionLayout.compute(64 * 1024, 4096, 16, 16);

    @TempDir
    Path dir;
    FakeHost host;
    ChannelGuest guest;

    @BeforeEach
    void attach() throws IOException {
        host = new FakeHost(dir, Map.of("vm-a", "secret-a"), LAYOUT);
        guest = ChannelGuest.attach(host.controlPath(), "vm-a", "secret-a");
    }

    @AfterEach
    void detach() throws IOException {
        guest.close();
        host.close();
    }

    /**
     * Eight requesters and the event thread all drain the completion ring while they wait
     * ({@link CompletionDrain}); a completion read twice or by two threads at once would show up as
     * an unknown request id (a protocol violation) or a lost wake-up (a timeout).
     */
    @Test
    void nopsFromManyThreadsEachCompleteThroughTheHostWithoutOpeningASocket() throws Exception {
        int threads = 8;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        guest.nop();
                    }
                    return each;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(threads * each, total);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, host.stack().guestProtocolErrors(), "NOPs the host validator rejected");
        assertEquals(0, guest.channel().protocolViolations(), "completions the guest could not match");
        assertEquals(0, (int) host.stack().call(FakeStack::openSockets), "a NOP opens no socket");
        assertEquals(0, guest.channel().openSockets());
    }

    @Test
    void nopAfterTheHostDetachedThrowsHostDetached() throws Exception {
        guest.nop();
        host.dropTenant();
        ChannelSocketTest.awaitTrue(() -> !guest.isAttached(), "guest sees the detach");
        SocketException e = assertThrows(SocketException.class, guest::nop);
        assertEquals(NqeChannel.HOST_DETACHED, e.getMessage());
    }

    @Test
    void nopAfterCloseThrowsSocketClosed() {
        guest.close();
        SocketException e = assertThrows(SocketException.class, guest::nop);
        assertEquals("Socket closed", e.getMessage());
    }
}
