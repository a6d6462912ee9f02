package io.nsaas.stack.tcp;

import static io.nsaas.stack.tcp.TcpHarness.REMOTE_SEQ;
import static io.nsaas.stack.tcp.TcpHarness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Corner cases across states: reopening TIME_WAIT, rate limits, hostile packets, simultaneous close. */
class EdgeCaseTest {
    @Test
    void newSynAboveTimeWaitSequenceReopensThroughListener() {
        TcpHarness t = new TcpHarness();
        t.timeWait();
        t.send(segment().syn().seq(REMOTE_SEQ + 100_000).mss(1460));
        t.expect(segment().synAck().ack(REMOTE_SEQ + 100_001));
        assertEquals(State.CLOSED, t.state());
    }

    @Test
    void oldSynInTimeWaitGetsAckNotANewConnection() {
        TcpHarness t = new TcpHarness();
        t.timeWait();
        t.send(segment().syn().seq(REMOTE_SEQ - 5));
        t.expect(segment().ack(REMOTE_SEQ + 2));
        assertEquals(State.TIME_WAIT, t.state());
    }

    @Test
    void simultaneousCloseEndsInTimeWaitThenClosed() {
        TcpHarness t = new TcpHarness();
        t.closing();
        t.send(segment().ack(t.localSeq + 2).seq(REMOTE_SEQ + 2));
        assertEquals(State.TIME_WAIT, t.state());
        t.advanceTime(60_000);
        assertEquals(State.CLOSED, t.state());
    }

    @Test
    void challengeAcksAreRateLimitedPerSecond() {
        TcpHarness t = new TcpHarness(Map.of("challenge-ack-limit", "3"));
        t.established();
        for (int i = 0; i < 5; i++) {
            t.send(segment().rst().seq(REMOTE_SEQ + 10 + i));
        }
        for (int i = 0; i < 3; i++) {
            t.expect(segment().ack(REMOTE_SEQ + 1));
        }
        t.expectNothing();
        t.advanceTime(1000);
        t.send(segment().rst().seq(REMOTE_SEQ + 50));
        t.expect(segment().ack(REMOTE_SEQ + 1));
        assertEquals(State.ESTABLISHED, t.state());
    }

    @Test
    void badChecksumAndTruncatedPacketsAreDroppedAndCounted() {
        TcpHarness t = new TcpHarness();
        t.established();
        t.sendRaw(new byte[] {0x45, 0, 0});
        assertEquals(1, t.stack.stats().malformed);
        t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(10));
        t.advanceTime(40);
        t.drain();
        assertEquals(10, t.read().length);
        // now a corrupted copy of a valid data segment
        TcpHarness u = new TcpHarness();
        u.established();
        byte[] bytes = new byte[0];
        u.host.transmitted.clear();
        io.nsaas.stack.tcp.wire.OutgoingSegment out = new io.nsaas.stack.tcp.wire.OutgoingSegment();
        segment().ack(u.localSeq + 1).seq(REMOTE_SEQ + 1).payload(10).fill(out, TcpHarness.REMOTE,
            u.remotePort, TcpHarness.LOCAL, u.localPort);
        org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[200]);
        int length = new io.nsaas.stack.tcp.wire.SegmentWriter().write(out, buffer, 0);
        bytes = new byte[length];
        buffer.getBytes(0, bytes);
        bytes[length - 1] ^= 1;
        u.sendRaw(bytes);
        assertEquals(1, u.stack.stats().badChecksum);
        u.advanceTime(100);
        u.expectNothing();
        assertEquals(0, u.read().length);
    }

    @Test
    void dataForAClosedSocketResetsLikeLinux() {
        TcpHarness t = new TcpHarness();
        t.established();
        t.stack.close(t.socket);
        t.expect(segment().fin().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
        t.send(segment().ack(t.localSeq + 2).seq(REMOTE_SEQ + 1).payload(10));
        t.expect(segment().rst().ack(REMOTE_SEQ + 1).seq(t.localSeq + 2));
        assertEquals(0, t.stack.connectionCount());
    }

    @Test
    void orphanedFinWait2TimesOut() {
        TcpHarness t = new TcpHarness(Map.of("fin-timeout", "5s"));
        t.finWait2();
        t.stack.close(t.socket);
        t.advanceTime(5000);
        assertEquals(0, t.stack.connectionCount());
    }

    @Test
    void dataSegmentsShrinkSoSackBlocksStillFitTheMtu() {
        TcpHarness t = new TcpHarness(Map.of("sack", "true", "timestamps", "true"));
        t.peerSyn = s -> s.sackPermitted().ts(10, 0);
        t.synReceived();
        t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(11, 0));
        t.socket = t.stack.accept(t.listener);
        t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 501).ts(12, 0).payload(100));
        t.expect(segment().ack(REMOTE_SEQ + 1).sack(REMOTE_SEQ + 501, REMOTE_SEQ + 601));
        t.stack.setOption(t.socket, io.nsaas.spi.SocketOption.TCP_NODELAY, 1);
        t.write(new byte[3000]);
        io.nsaas.stack.tcp.wire.TcpSegment first = t.expect(segment().ack(REMOTE_SEQ + 1).length(1448 - 12)
            .sack(REMOTE_SEQ + 501, REMOTE_SEQ + 601));
        assertTrue(first.packetLength() <= 1500, "packet of " + first.packetLength() + " bytes exceeds the MTU");
    }
}
