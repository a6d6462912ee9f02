package io.nsaas.stack.tcp;

import static io.nsaas.stack.tcp.TcpHarness.REMOTE_SEQ;
import static io.nsaas.stack.tcp.TcpHarness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.CaState;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Reordering mistaken for loss: undo of spurious fast retransmits by D-SACK (RFC 3708) and by timestamps
 * (RFC 3522), and the learned reordering degree used as DupThresh (Linux tp->reordering).
 */
class ReorderingTest {
    static final int MSS = 1460;

    /** Expects {@code segments} full segments from {@code base} on, and nothing more. */
    static void expectSegments(TcpHarness t, int base, int segments, int mss) {
        for (int i = 0; i < segments; i++) {
            t.expect(segment().seq(base + i * mss).length(mss));
        }
        t.expectNothing();
    }

    /** The peer SACKs segments 1..n of the flight at {@code base} one duplicate ACK at a time (segment 0 is late). */
    static void sackAfterHole(TcpHarness t, int base, int n, int mss) {
        for (int i = 1; i <= n; i++) {
            t.send(segment().ack(base).seq(REMOTE_SEQ + 1).sack(base + mss, base + (i + 1) * mss));
        }
    }

    static TcpInfo info(TcpHarness t) {
        TcpInfo info = new TcpInfo();
        t.stack.info(t.socket, info);
        return info;
    }

    @Nested
    class DsackUndo {
        final TcpHarness t = sackHarness(Map.of());

        TcpHarness sackHarness(Map<String, String> extra) {
            Map<String, String> options = new HashMap<>(Map.of("sack", "true"));
            options.putAll(extra);
            TcpHarness h = new TcpHarness(options);
            h.peerSyn = s -> s.sackPermitted();
            h.established();
            return h;
        }

        /**
         * Segment 0 of ten arrives after segments 1..3: the third duplicate ACK triggers a fast retransmit,
         * the original then completes the flight and the retransmission comes back as a D-SACK.
         *
         * @return the sequence number of the next new byte
         */
        int spuriousEpisode(TcpHarness h) {
            int base = h.localSeq + 1;
            h.write(new byte[10 * MSS]);
            expectSegments(h, base, 10, MSS);
            sackAfterHole(h, base, 3, MSS);
            h.expect(segment().seq(base).length(MSS));
            h.expectNothing();
            assertEquals(CaState.RECOVERY, h.connection().caState);
            assertEquals(5, info(h).sndSsthresh);
            h.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1));
            assertEquals(CaState.OPEN, h.connection().caState);
            assertEquals(5, info(h).sndCwnd, "recovery ended with the reduced window");
            h.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1).sack(base, base + MSS));
            h.expectNothing();
            return base + 10 * MSS;
        }

        @Test
        void spuriousFastRetransmitIsUndoneWhenItsRetransmissionIsDsacked() {
            spuriousEpisode(t);
            TcpInfo info = info(t);
            assertEquals(10, info.sndCwnd, "cwnd restored by undoCwnd (priorCwnd)");
            assertEquals(Integer.MAX_VALUE, info.sndSsthresh, "ssthresh = max(ssthresh, priorSsthresh)");
            assertEquals(CaState.OPEN, t.connection().caState);
            assertEquals(1, t.stack.stats().dsackUndos);
            assertEquals(4, t.connection().reordering, "the late segment plus the three that overtook it");
        }

        @Test
        void learnedReorderingKeepsTheSamePatternFromRetransmitting() {
            int base = spuriousEpisode(t);
            t.write(new byte[10 * MSS]);
            expectSegments(t, base, 10, MSS);
            sackAfterHole(t, base, 3, MSS);
            t.expectNothing();
            t.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1));
            t.expectNothing();
            assertEquals(1, t.stack.stats().fastRetransmits);
            assertEquals(1, t.stack.stats().retransmitted);
            assertEquals(10, info(t).sndCwnd);
            assertEquals(2, t.stack.stats().reorderingDetected, "the late original was seen as reordering again");
        }

        @Test
        void genuineLossIsStillRetransmittedWithoutWaitingForTheTimer() {
            int base = spuriousEpisode(t);
            t.write(new byte[10 * MSS]);
            expectSegments(t, base, 10, MSS);
            sackAfterHole(t, base, 3, MSS);
            t.expectNothing();
            sackAfterHole(t, base, 4, MSS); // the fourth segment above the hole exceeds the degree of 4
            t.expect(segment().seq(base).length(MSS));
            t.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1));
            TcpInfo info = info(t);
            assertEquals(5, info.sndCwnd, "a genuine loss keeps its reduction");
            assertEquals(5, info.sndSsthresh);
            assertEquals(2, t.stack.stats().fastRetransmits);
            assertEquals(0, t.stack.stats().timeouts);
            assertEquals(1, t.stack.stats().dsackUndos);
        }

        @Test
        void maxReorderingBoundsTheLearnedDegree() {
            TcpHarness h = sackHarness(Map.of("max-reordering", "3"));
            int base = spuriousEpisode(h);
            assertEquals(3, h.connection().reordering);
            assertEquals(1, h.stack.stats().dsackUndos, "the undo itself does not depend on the bound");
            h.write(new byte[10 * MSS]);
            expectSegments(h, base, 10, MSS);
            sackAfterHole(h, base, 3, MSS);
            h.expect(segment().seq(base).length(MSS));
        }

        @Test
        void dsackOfDataNeverRetransmittedUndoesNothing() {
            int base = t.localSeq + 1;
            t.write(new byte[10 * MSS]);
            expectSegments(t, base, 10, MSS);
            sackAfterHole(t, base, 3, MSS);
            t.expect(segment().seq(base).length(MSS));
            t.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1));
            // a duplicate of segment 5 (duplicated by the network), not of the retransmitted segment 0
            t.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1).sack(base + 5 * MSS, base + 6 * MSS));
            assertEquals(5, info(t).sndCwnd);
            assertEquals(0, t.stack.stats().dsackUndos);
            assertEquals(1, t.connection().undoRetrans);
        }
    }

    @Nested
    class TimestampUndo {
        static final int TS_MSS = 1448;
        final TcpHarness t = new TcpHarness(Map.of("timestamps", "true", "sack", "true"));

        int original;

        int establishAndSendFlight() {
            t.peerSyn = s -> s.ts(1000, 0).sackPermitted();
            t.synReceived();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(1001, 0));
            t.socket = t.stack.accept(t.listener);
            int base = t.localSeq + 1;
            t.write(new byte[10 * TS_MSS]);
            original = t.expect(segment().seq(base).length(TS_MSS)).options().tsVal;
            for (int i = 1; i < 10; i++) {
                t.expect(segment().seq(base + i * TS_MSS).length(TS_MSS));
            }
            t.advanceTime(5);
            for (int i = 1; i <= 3; i++) {
                t.send(segment().ack(base).seq(REMOTE_SEQ + 1).ts(1001 + i, original)
                    .sack(base + TS_MSS, base + (i + 1) * TS_MSS));
            }
            int retransmission = t.expect(segment().seq(base).length(TS_MSS)).options().tsVal;
            assertTrue(retransmission - original >= 5, "the retransmission carries a newer TSval");
            assertEquals(CaState.RECOVERY, t.connection().caState);
            return base;
        }

        @Test
        void spuriousFastRetransmitIsUndoneWhenTheAckEchoesTheOriginalTimestamp() {
            int base = establishAndSendFlight();
            t.send(segment().ack(base + 10 * TS_MSS).seq(REMOTE_SEQ + 1).ts(1005, original));
            TcpInfo info = info(t);
            assertEquals(10, info.sndCwnd);
            assertEquals(Integer.MAX_VALUE, info.sndSsthresh);
            assertEquals(CaState.OPEN, t.connection().caState);
            assertEquals(1, t.stack.stats().timestampUndos);
            assertEquals(4, t.connection().reordering);
        }

        @Test
        void ackEchoingTheRetransmissionKeepsTheReduction() {
            int base = establishAndSendFlight();
            int echo = t.connection().undoTsVal;
            t.send(segment().ack(base + 10 * TS_MSS).seq(REMOTE_SEQ + 1).ts(1005, echo));
            TcpInfo info = info(t);
            assertEquals(5, info.sndCwnd);
            assertEquals(5, info.sndSsthresh);
            assertEquals(0, t.stack.stats().timestampUndos);
            assertEquals(3, t.connection().reordering);
        }
    }
}
