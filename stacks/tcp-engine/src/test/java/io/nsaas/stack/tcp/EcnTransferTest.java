package io.nsaas.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.InternetChecksum;
import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.wire.TcpSegment;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two ECN engines through a seeded link that sets CE on ECN-capable packets at random (and may drop some):
 * the transfer still arrives byte for byte, marks are echoed and answered with reductions, and no packet
 * that left Not-ECT is ever found marked. Virtual time.
 */
class EcnTransferTest {
    static final int A = Endpoint.parseAddress("10.0.0.1");
    static final int B = Endpoint.parseAddress("10.0.0.2");

    /** One direction: 1 ms delay, seeded CE marking of ECT packets, seeded loss. */
    static final class MarkingLink {
        final Scheduler scheduler;
        final SplittableRandom random;
        final double markProbability;
        final double loss;
        final TcpSegment parsed = new TcpSegment();
        TcpStack to;
        long ectSeen;
        long marked;
        long notEctWithPayload;

        MarkingLink(Scheduler scheduler, long seed, double markProbability, double loss) {
            this.scheduler = scheduler;
            this.random = new SplittableRandom(seed);
            this.markProbability = markProbability;
            this.loss = loss;
        }

        void carry(byte[] packet) {
            if (random.nextDouble() < loss) {
                return;
            }
            int ecn = packet[1] & 3;
            if (ecn != 0) {
                ectSeen++;
                if (random.nextDouble() < markProbability) {
                    marked++;
                    packet[1] = (byte) (packet[1] | 3); // CE (RFC 3168 5), then fix the header checksum
                    UnsafeBuffer header = new UnsafeBuffer(packet);
                    header.putShort(10, (short) 0);
                    header.putShort(10, (short) InternetChecksum.fold(InternetChecksum.sum(header, 0, 20, 0)),
                        ByteOrder.BIG_ENDIAN);
                }
            } else if (parsed.parse(new UnsafeBuffer(packet), 0, packet.length) == TcpSegment.OK
                && parsed.payloadLength() > 0) {
                notEctWithPayload++; // retransmissions (or, wrongly, new data) leave Not-ECT
            }
            scheduler.at(scheduler.now() + 1_000_000L, () -> to.onPacket(new UnsafeBuffer(packet), 0, packet.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "classic echo,    false, 0.05, 0.00",
        "per-packet echo, true,  0.05, 0.00",
        "classic lossy,   false, 0.10, 0.01",
        "per-packet lossy, true, 0.10, 0.01",
    })
    void transferWithRandomCeMarksDeliversEveryByte(String name, boolean needsEcn, double mark, double loss)
        throws NoSuchAlgorithmException {
        Scheduler scheduler = new Scheduler();
        VirtualHost hostA = new VirtualHost(scheduler, A, 11);
        VirtualHost hostB = new VirtualHost(scheduler, B, 22);
        TcpConfig config = TcpConfig.parse(Map.of("ecn", "on"));
        TcpStack client = new TcpStack(hostA, new RecordingEvents(), config, () -> new RecordingCc(needsEcn));
        TcpStack server = new TcpStack(hostB, new RecordingEvents(), config, () -> new RecordingCc(needsEcn));
        hostA.attach(client);
        hostB.attach(server);
        MarkingLink ab = new MarkingLink(scheduler, 101, mark, loss);
        MarkingLink ba = new MarkingLink(scheduler, 202, mark, loss);
        ab.to = server;
        ba.to = client;
        hostA.link(ab::carry);
        hostB.link(ba::carry);

        int listener = server.open();
        assertEquals(0, server.bind(listener, 0, 5001));
        assertEquals(0, server.listen(listener, 8));
        int socket = client.open();
        assertEquals(-Errno.EINPROGRESS, client.connect(socket, B, 5001));

        int bytes = 2_000_000;
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
        TcpInfo clientInfo = new TcpInfo();
        TcpStats clientStatsAtClose = null;
        long limit = scheduler.now() + 600_000_000_000L;
        while (!eof && scheduler.now() < limit) {
            if (sent < bytes) {
                int n = client.send(socket, source, sent, Math.min(65_536, bytes - sent));
                if (n > 0) {
                    sent += n;
                }
            } else if (!closed) {
                assertEquals(0, client.info(socket, clientInfo));
                clientStatsAtClose = client.stats().copy();
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
        TcpStats c = client.stats();
        TcpStats s = server.stats();
        assertTrue(eof, name + ": no EOF; received " + receivedBytes + " of " + bytes + "; client " + c + "; server " + s);
        assertEquals(bytes, receivedBytes);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), received.digest(), name + ": SHA-256");
        assertEquals(1, c.ecnNegotiated, "client negotiated ECN");
        assertEquals(1, s.ecnNegotiated, "server negotiated ECN");
        assertTrue(ab.marked > 20, "the link marked data: " + ab.marked);
        assertEquals(0, ba.ectSeen, "the receiver sends only pure ACKs: never ECT");
        assertEquals(ab.marked, s.ecnCeReceived, "every mark reached the receiver's count");
        assertTrue(c.ecnEceReceived > 0 && c.ecnReductions > 0 && c.ecnCwrSent > 0,
            "marks were echoed and answered: " + c);
        assertTrue(c.ecnReductions <= c.ecnCwrSent + 1, "CWR follows reductions: " + c);
        assertEquals(0, c.internalErrors + s.internalErrors);
        TcpInfo serverInfo = new TcpInfo();
        assertEquals(0, server.info(accepted, serverInfo));
        assertTrue(serverInfo.ecnNegotiated && clientInfo.ecnNegotiated, "TCP_INFO says ECN was negotiated");
        assertEquals(s.ecnCeReceived, serverInfo.ecnCeReceived, "the connection's CE count is the stack's");
        assertEquals(clientStatsAtClose.ecnEceReceived, clientInfo.ecnEceReceived);
        assertEquals(clientStatsAtClose.ecnReductions, clientInfo.ecnReductions);
        assertEquals(clientStatsAtClose.ecnCwrSent, clientInfo.ecnCwrSent);
        if (loss == 0) {
            assertEquals(0, ab.notEctWithPayload, "without loss every data packet is new data and ECT(0)");
            assertEquals(0, c.retransmitted, "marks alone cause no retransmission");
        }
    }
}
