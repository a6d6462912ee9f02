package io.nsaas.stack.tcp;

import static io.nsaas.stack.tcp.TcpHarness.REMOTE_SEQ;
import static io.nsaas.stack.tcp.TcpHarness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.SocketOption;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Data transfer in ESTABLISHED: retransmission, recovery, ACK policy, flow control, timers. */
class ReliabilityTest {
    static final int MSS = 1460;

    @Nested
    class Retransmission {
        final TcpHarness t = new TcpHarness();

        @Test
        void retransmitsAfterRtoWithBackoff() {
            t.established();
            t.write(new byte[100]);
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1).length(100));
            long rto = 200;
            for (int i = 0; i < 4; i++) {
                t.advanceTime(rto - 1);
                t.expectNothing();
                t.advanceTime(1);
                t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1).length(100));
                rto *= 2;
            }
            TcpInfo info = new TcpInfo();
            t.stack.info(t.socket, info);
            assertEquals(4, info.backoff);
            assertEquals(1, info.sndCwnd);
            assertEquals(4, info.totalRetrans);
        }

        @Test
        void fastRetransmitAfterThreeDupacksThenNewRenoPartialAck() {
            t.established();
            t.write(new byte[10 * MSS]);
            for (int i = 0; i < 10; i++) {
                t.expect(segment().seq(t.localSeq + 1 + i * MSS).ack(REMOTE_SEQ + 1).length(MSS));
            }
            for (int i = 0; i < 2; i++) {
                t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
                t.expectNothing();
            }
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            t.expect(segment().seq(t.localSeq + 1).ack(REMOTE_SEQ + 1).length(MSS));
            TcpInfo info = new TcpInfo();
            t.stack.info(t.socket, info);
            assertEquals(5, info.sndSsthresh);
            // RFC 6582 partial ACK: retransmit the next unacknowledged segment at once
            t.send(segment().ack(t.localSeq + 1 + 2 * MSS).seq(REMOTE_SEQ + 1));
            t.expect(segment().seq(t.localSeq + 1 + 2 * MSS).length(MSS));
            t.send(segment().ack(t.localSeq + 1 + 10 * MSS).seq(REMOTE_SEQ + 1));
            t.expectNothing();
            t.stack.info(t.socket, info);
            assertEquals(5, info.sndCwnd);
            assertEquals(1, t.stack.stats().fastRetransmits);
        }

        @Test
        void limitedTransmitSendsNewDataOnFirstTwoDupacks() {
            t.established();
            t.write(new byte[12 * MSS]);
            for (int i = 0; i < 10; i++) {
                t.expect(segment().seq(t.localSeq + 1 + i * MSS).length(MSS));
            }
            t.expectNothing();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            t.expect(segment().seq(t.localSeq + 1 + 10 * MSS).length(MSS));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            t.expect(segment().seq(t.localSeq + 1 + 11 * MSS).length(MSS));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            t.expect(segment().seq(t.localSeq + 1).length(MSS));
        }

        @Test
        void userTimeoutAbortsWithReset() {
            t.established();
            t.stack.setOption(t.socket, SocketOption.TCP_USER_TIMEOUT, 1000);
            t.write(new byte[100]);
            t.drain();
            t.advanceTime(1000);
            assertEquals(State.ESTABLISHED, t.state());
            t.advanceTime(1000);
            assertEquals(State.CLOSED, t.state());
            assertTrue(t.events.has("closed " + t.socket + " ETIMEDOUT"));
        }
    }

    @Nested
    class SackRecovery {
        final TcpHarness t = new TcpHarness(Map.of("sack", "true"));

        @Test
        void retransmitsEveryLostHoleOnce() {
            t.peerSyn = s -> s.sackPermitted();
            t.established();
            t.write(new byte[10 * MSS]);
            for (int i = 0; i < 10; i++) {
                t.expect(segment().seq(t.localSeq + 1 + i * MSS).length(MSS));
            }
            int base = t.localSeq + 1;
            t.send(segment().ack(base).seq(REMOTE_SEQ + 1)
                .sack(base + 4 * MSS, base + 10 * MSS, base + MSS, base + 2 * MSS));
            t.expect(segment().seq(base).length(MSS));
            t.expect(segment().seq(base + 2 * MSS).length(MSS));
            t.expect(segment().seq(base + 3 * MSS).length(MSS));
            t.expectNothing();
            t.send(segment().ack(base + 10 * MSS).seq(REMOTE_SEQ + 1));
            t.expectNothing();
            TcpInfo info = new TcpInfo();
            t.stack.info(t.socket, info);
            assertEquals(0, info.unacked);
            assertEquals(3, info.totalRetrans);
        }

        @Test
        void duplicateDataIsReportedAsDsack() {
            t.peerSyn = s -> s.sackPermitted();
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(100));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(100));
            t.expect(segment().ack(REMOTE_SEQ + 101).sack(REMOTE_SEQ + 1, REMOTE_SEQ + 101));
            t.advanceTime(100);
            t.expectNothing();
        }

        @Test
        void outOfOrderDataIsAnsweredWithSackBlock() {
            t.peerSyn = s -> s.sackPermitted();
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 101).payload(100));
            t.expect(segment().ack(REMOTE_SEQ + 1).sack(REMOTE_SEQ + 101, REMOTE_SEQ + 201));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(100));
            t.expect(segment().ack(REMOTE_SEQ + 201).sack());
            assertEquals(200, t.read().length);
        }
    }

    @Nested
    class AckPolicy {
        final TcpHarness t = new TcpHarness();

        @Test
        void delayedAckFiresAfterFortyMilliseconds() {
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(100));
            t.expectNothing();
            t.advanceTime(39);
            t.expectNothing();
            t.advanceTime(1);
            t.expect(segment().ack(REMOTE_SEQ + 101));
        }

        @Test
        void everySecondFullSizedSegmentIsAckedAtOnce() {
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(MSS));
            t.expectNothing();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1 + MSS).payload(MSS));
            t.expect(segment().ack(REMOTE_SEQ + 1 + 2 * MSS));
        }

        @Test
        void outOfOrderSegmentGetsImmediateDuplicateAck() {
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1 + MSS).payload(MSS));
            t.expect(segment().ack(REMOTE_SEQ + 1));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(MSS));
            t.expect(segment().ack(REMOTE_SEQ + 1 + 2 * MSS));
        }
    }

    @Nested
    class Nagle {
        @Test
        void holdsSmallSegmentWhileDataIsUnacknowledged() {
            TcpHarness t = new TcpHarness();
            t.established();
            t.write(new byte[100]);
            t.expect(segment().seq(t.localSeq + 1).length(100));
            t.write(new byte[100]);
            t.expectNothing();
            t.send(segment().ack(t.localSeq + 101).seq(REMOTE_SEQ + 1));
            t.expect(segment().seq(t.localSeq + 101).length(100));
        }

        @Test
        void nodelaySendsSmallSegmentsAtOnce() {
            TcpHarness t = new TcpHarness();
            t.established();
            t.stack.setOption(t.socket, SocketOption.TCP_NODELAY, 1);
            t.write(new byte[100]);
            t.write(new byte[100]);
            t.expect(segment().seq(t.localSeq + 1).length(100));
            t.expect(segment().seq(t.localSeq + 101).length(100));
        }
    }

    @Nested
    class FlowControl {
        @Test
        void zeroWindowIsProbedUntilItOpens() {
            TcpHarness t = new TcpHarness();
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).window(0));
            t.write(new byte[100]);
            t.expectNothing();
            t.advanceTime(200);
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq).length(0));
            t.advanceTime(400);
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq).length(0));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).window(1000));
            t.expect(segment().seq(t.localSeq + 1).length(100));
        }

        @Test
        void smallWindowIsFilledAfterTheSillyWindowOverrideTimeout() {
            TcpHarness t = new TcpHarness();
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).window(500));
            t.write(new byte[2000]);
            t.expectNothing();
            t.advanceTime(200);
            t.expect(segment().seq(t.localSeq + 1).length(500));
        }

        @Test
        void windowScalingIsNegotiatedAndApplied() {
            TcpHarness t = new TcpHarness(Map.of("window-scaling", "true", "rcvbuf", "1m"));
            t.peerSyn = s -> s.windowScale(7);
            t.synReceived();
            t.drain();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).window(100));
            t.socket = t.stack.accept(t.listener);
            t.write(new byte[20 * MSS]);
            for (int i = 0; i < 8; i++) {
                t.expect(segment().seq(t.localSeq + 1 + i * MSS).length(MSS));
            }
            t.expectNothing();
            assertEquals(12_800, t.connection().sndWnd);
            assertEquals(5, t.connection().rcvWscale);
        }

        @Test
        void synAckCarriesOurWindowScale() {
            TcpHarness t = new TcpHarness(Map.of("window-scaling", "true", "rcvbuf", "1m"));
            t.listen();
            t.send(segment().syn().seq(REMOTE_SEQ).mss(1460).windowScale(7));
            t.expect(segment().synAck().windowScale(5).window(65_535));
        }

        @Test
        void receiverAdvertisesShrinkingWindowAndReopensAfterRead() {
            TcpHarness t = new TcpHarness(Map.of("rcvbuf", "8k"));
            t.established();
            for (int i = 0; i < 5; i++) {
                t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1 + i * MSS).payload(MSS));
            }
            t.advanceTime(40);
            t.drain();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1 + 5 * MSS).payload(MSS));
            TcpInfo info = new TcpInfo();
            t.advanceTime(40);
            io.nsaas.stack.tcp.wire.TcpSegment ack = t.expect(segment().ack(REMOTE_SEQ + 1 + 5 * MSS + 892));
            assertEquals(0, ack.window());
            assertEquals(8192, t.read().length);
            t.expect(segment().ack(REMOTE_SEQ + 1 + 8192).window(8192));
            t.stack.info(t.socket, info);
            assertEquals(TcpState.ESTABLISHED, info.state);
        }
    }

    @Nested
    class Keepalive {
        @Test
        void probesIdleConnectionAndDropsItWhenUnanswered() {
            TcpHarness t = new TcpHarness(Map.of("keepalive-time", "10s", "keepalive-interval", "1s",
                "keepalive-probes", "3"));
            t.established();
            t.stack.setOption(t.socket, SocketOption.SO_KEEPALIVE, 1);
            t.advanceTime(9_999);
            t.expectNothing();
            t.advanceTime(1);
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq).length(0));
            t.advanceTime(1000);
            t.expect(segment().seq(t.localSeq));
            t.advanceTime(1000);
            t.expect(segment().seq(t.localSeq));
            t.advanceTime(1000);
            t.expect(segment().rst().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
            assertTrue(t.events.has("closed " + t.socket + " ETIMEDOUT"));
        }

        @Test
        void answeredProbeKeepsConnection() {
            TcpHarness t = new TcpHarness(Map.of("keepalive-time", "10s", "keepalive-interval", "1s",
                "keepalive-probes", "3"));
            t.established();
            t.stack.setOption(t.socket, SocketOption.SO_KEEPALIVE, 1);
            t.advanceTime(10_000);
            t.expect(segment().seq(t.localSeq));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            t.advanceTime(5_000);
            t.expectNothing();
            assertEquals(State.ESTABLISHED, t.state());
        }
    }

    @Nested
    class Timestamps {
        @Test
        void pawsDropsSegmentWithOlderTimestamp() {
            TcpHarness t = new TcpHarness(Map.of("timestamps", "true"));
            t.peerSyn = s -> s.ts(1000, 0);
            t.synReceived();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(1001, 0));
            t.socket = t.stack.accept(t.listener);
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(1002, 0).payload(10));
            t.advanceTime(40);
            t.expect(segment().ack(REMOTE_SEQ + 11).ts(0, 1002));
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 11).ts(900, 0).payload(10));
            t.expect(segment().ack(REMOTE_SEQ + 11));
            assertEquals(1, t.stack.stats().pawsDropped);
            assertEquals(10, t.read().length);
        }

        @Test
        void spuriousTimeoutIsUndoneWhenTheAckEchoesTheOriginalTimestamp() {
            TcpHarness t = new TcpHarness(Map.of("timestamps", "true"));
            t.peerSyn = s -> s.ts(1000, 0);
            t.synReceived();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(1001, 0));
            t.socket = t.stack.accept(t.listener);
            t.write(new byte[2 * MSS]);
            int original = t.expect(segment().seq(t.localSeq + 1).length(1448)).options().tsVal;
            t.expect(segment().seq(t.localSeq + 1 + 1448).length(1448));
            t.advanceTime(200);
            t.expect(segment().seq(t.localSeq + 1).length(1448));
            t.send(segment().ack(t.localSeq + 1 + 1448).seq(REMOTE_SEQ + 1).ts(1002, original));
            TcpInfo info = new TcpInfo();
            t.stack.info(t.socket, info);
            assertEquals(10, info.sndCwnd);
            assertEquals(io.nsaas.stack.tcp.cc.CaState.OPEN, t.connection().caState);
            assertEquals(t.connection().sndMax, t.connection().sndNxt);
        }

        @Test
        void genuineTimeoutKeepsTheReducedWindow() {
            TcpHarness t = new TcpHarness(Map.of("timestamps", "true"));
            t.peerSyn = s -> s.ts(1000, 0);
            t.synReceived();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(1001, 0));
            t.socket = t.stack.accept(t.listener);
            t.write(new byte[2 * MSS]);
            t.drain();
            t.advanceTime(200);
            int retransmission = t.expect(segment().seq(t.localSeq + 1).length(1448)).options().tsVal;
            t.send(segment().ack(t.localSeq + 1 + 1448).seq(REMOTE_SEQ + 1).ts(1002, retransmission));
            TcpInfo info = new TcpInfo();
            t.stack.info(t.socket, info);
            assertEquals(2, info.sndCwnd);
        }

        @Test
        void synAckEchoesPeerTimestampAndMssAccountsForOption() {
            TcpHarness t = new TcpHarness(Map.of("timestamps", "true"));
            t.peerSyn = s -> s.ts(777, 0);
            t.synReceived();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).ts(778, 0));
            t.socket = t.stack.accept(t.listener);
            assertEquals(1448, t.stack.getOption(t.socket, SocketOption.TCP_MAXSEG));
        }
    }
}
