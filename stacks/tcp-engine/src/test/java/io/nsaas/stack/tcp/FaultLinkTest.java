package io.nsaas.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.stack.tcp.cc.NewReno;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two engines connected through a seeded link that loses, duplicates, reorders and corrupts packets; a
 * bulk transfer must arrive byte for byte (SHA-256) and the connection must close cleanly. Virtual time.
 */
class FaultLinkTest {
    static final int A = Endpoint.parseAddress("10.0.0.1");
    static final int B = Endpoint.parseAddress("10.0.0.2");

    /** One direction of the link: base delay plus seeded faults. */
    static final class Link {
        final Scheduler scheduler;
        final SplittableRandom random;
        final double loss;
        final double duplicate;
        final double reorder;
        final double corrupt;
        TcpStack to;
        long delivered;
        long dropped;

        Link(Scheduler scheduler, long seed, double loss, double duplicate, double reorder, double corrupt) {
            this.scheduler = scheduler;
            this.random = new SplittableRandom(seed);
            this.loss = loss;
            this.duplicate = duplicate;
            this.reorder = reorder;
            this.corrupt = corrupt;
        }

        void carry(byte[] packet) {
            if (random.nextDouble() < loss) {
                dropped++;
                return;
            }
            int copies = random.nextDouble() < duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                byte[] bytes = packet.clone();
                if (random.nextDouble() < corrupt) {
                    int at = random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
                long delay = 1_000_000L + (random.nextDouble() < reorder ? random.nextLong(3_000_000L) : 0);
                scheduler.at(scheduler.now() + delay, () -> {
                    delivered++;
                    to.onPacket(new UnsafeBuffer(bytes), 0, bytes.length);
                });
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "clean,       0.00, 0.00, 0.00, 0.00, 2000000",
        "loss,        0.03, 0.00, 0.00, 0.00, 2000000",
        "duplication, 0.00, 0.05, 0.00, 0.00, 2000000",
        "reordering,  0.00, 0.00, 0.10, 0.00, 2000000",
        "corruption,  0.00, 0.00, 0.00, 0.03, 2000000",
        "combined,    0.02, 0.02, 0.05, 0.02, 3000000",
    })
    void bulkTransferArrivesIntactThroughFaults(String name, double loss, double dup, double reorder, double corrupt,
                                                 int bytes) throws NoSuchAlgorithmException {
        Scheduler scheduler = new Scheduler();
        VirtualHost hostA = new VirtualHost(scheduler, A, 11);
        VirtualHost hostB = new VirtualHost(scheduler, B, 22);
        RecordingEvents eventsA = new RecordingEvents();
        RecordingEvents eventsB = new RecordingEvents();
        TcpStack client = new TcpStack(hostA, eventsA, TcpConfig.parse(Map.of()), NewReno::new);
        TcpStack server = new TcpStack(hostB, eventsB, TcpConfig.parse(Map.of()), NewReno::new);
        hostA.attach(client);
        hostB.attach(server);
        Link ab = new Link(scheduler, 101, loss, dup, reorder, corrupt);
        Link ba = new Link(scheduler, 202, loss, dup, reorder, corrupt);
        ab.to = server;
        ba.to = client;
        hostA.link(ab::carry);
        hostB.link(ba::carry);

        int listener = server.open();
        assertEquals(0, server.bind(listener, 0, 5001));
        assertEquals(0, server.listen(listener, 8));
        int socket = client.open();
        assertEquals(-Errno.EINPROGRESS, client.connect(socket, B, 5001));

        byte[] data = new byte[bytes];
        new SplittableRandom(99).nextBytes(data);
        UnsafeBuffer source = new UnsafeBuffer(data);
        UnsafeBuffer sink = new UnsafeBuffer(new byte[65_536]);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        int sent = 0;
        long receivedBytes = 0;
        int accepted = -1;
        boolean closed = false;
        boolean eof = false;
        long limit = scheduler.now() + 600_000_000_000L;
        while (!eof && scheduler.now() < limit) {
            if (sent < bytes) {
                int n = client.send(socket, source, sent, Math.min(65_536, bytes - sent));
                if (n > 0) {
                    sent += n;
                }
            } else if (!closed) {
                assertEquals(0, client.close(socket));
                closed = true;
            }
            if (accepted < 0) {
                accepted = server.accept(listener);
            }
            if (accepted >= 0) {
                int n;
                while ((n = server.recv(accepted, sink, 0, sink.capacity())) > 0) {
                    byte[] chunk = new byte[n];
                    sink.getBytes(0, chunk);
                    received.update(chunk);
                    receivedBytes += n;
                }
                if (n == 0) {
                    eof = true;
                }
            }
            if (!eof && !scheduler.step()) {
                break;
            }
        }
        assertTrue(eof, name + ": no EOF; received " + receivedBytes + " of " + bytes + " at virtual "
            + scheduler.now() / 1_000_000 + " ms; client " + client.stats() + "; server " + server.stats());
        assertEquals(bytes, receivedBytes);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), received.digest(), name + ": SHA-256");
        assertEquals(0, server.close(accepted));
        scheduler.runUntil(scheduler.now() + 200_000_000_000L);
        assertEquals(0, client.connectionCount(), name + ": client connection should be gone after TIME_WAIT");
        assertEquals(0, server.connectionCount(), name + ": server connection should be gone");
        assertEquals(0, client.stats().internalErrors + server.stats().internalErrors);
        if (loss > 0) {
            assertTrue(ab.dropped + ba.dropped > 0 && client.stats().retransmitted > 0, "losses were repaired");
        }
        System.out.println(name + ": virtual " + (scheduler.now() / 1_000_000) + " ms, client " + client.stats());
        if (corrupt > 0) {
            assertTrue(client.stats().badChecksum + server.stats().badChecksum + client.stats().malformed
                + server.stats().malformed > 0, "corruption was detected and counted");
        }
    }
}
