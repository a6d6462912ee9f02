package io.nsaas.stack.tcp;

import static io.nsaas.stack.tcp.TcpHarness.REMOTE;
import static io.nsaas.stack.tcp.TcpHarness.REMOTE_PORT;
import static io.nsaas.stack.tcp.TcpHarness.REMOTE_SEQ;
import static io.nsaas.stack.tcp.TcpHarness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 9293 3.10 transitions, grouped by the state the socket starts in (smoltcp style). */
class StateMachineTest {
    final TcpHarness t = new TcpHarness();

    @Nested
    class Closed {
        @Test
        void segmentForNoSocketWithoutAckGetsResetAck() {
            t.localPort = 81;
            t.send(segment().syn().seq(100));
            t.expect(segment().rst().ack(101).seq(0));
            assertEquals(1, t.stack.stats().noSocket);
        }

        @Test
        void segmentForNoSocketWithAckGetsResetAtItsAck() {
            t.localPort = 81;
            t.send(segment().ack(5555).seq(100).payload(10));
            t.expect(segment().rst().seq(5555));
        }

        @Test
        void resetForNoSocketIsNotAnswered() {
            t.localPort = 81;
            t.send(segment().rst().seq(100));
            t.expectNothing();
        }
    }

    @Nested
    class Listen {
        @Test
        void synGetsSynAckWithOurMss() {
            t.synReceived();
            t.expectNothing();
        }

        @Test
        void resetIsIgnored() {
            t.listen();
            t.send(segment().rst().seq(REMOTE_SEQ));
            t.expectNothing();
        }

        @Test
        void ackGetsResetAtItsAck() {
            t.listen();
            t.send(segment().ack(1234).seq(REMOTE_SEQ));
            t.expect(segment().rst().seq(1234));
        }

        @Test
        void secondListenerOnPortIsRefused() {
            t.listen();
            int other = t.stack.open();
            assertEquals(-Errno.EADDRINUSE, t.stack.bind(other, 0, TcpHarness.LISTEN_PORT));
        }

        @Test
        void fullAcceptQueueDropsFurtherSyns() {
            t.listener = t.stack.open();
            t.stack.bind(t.listener, 0, TcpHarness.LISTEN_PORT);
            assertEquals(0, t.stack.listen(t.listener, 1));
            for (int i = 0; i < 2; i++) {
                t.remotePort = REMOTE_PORT + i;
                t.send(segment().syn().seq(REMOTE_SEQ).mss(1460));
                int iss = t.expect(segment().synAck().ack(REMOTE_SEQ + 1)).seq();
                t.send(segment().ack(iss + 1).seq(REMOTE_SEQ + 1));
            }
            t.remotePort = REMOTE_PORT + 2;
            t.send(segment().syn().seq(REMOTE_SEQ).mss(1460));
            t.expectNothing();
            assertEquals(1, t.stack.stats().listenOverflows);
            assertTrue(t.stack.accept(t.listener) >= 0);
            t.send(segment().syn().seq(REMOTE_SEQ).mss(1460));
            t.expect(segment().synAck().ack(REMOTE_SEQ + 1));
        }

        @Test
        void closingListenerResetsQueuedConnections() {
            t.established();
            // a second connection waits in the accept queue
            t.remotePort = REMOTE_PORT + 1;
            t.send(segment().syn().seq(REMOTE_SEQ).mss(1460));
            int iss = t.expect(segment().synAck().ack(REMOTE_SEQ + 1)).seq();
            t.send(segment().ack(iss + 1).seq(REMOTE_SEQ + 1));
            assertEquals(0, t.stack.close(t.listener));
            t.expect(segment().rst().ack(REMOTE_SEQ + 1).seq(iss + 1));
        }
    }

    @Nested
    class SynSent {
        @Test
        void synAckEstablishesAndReportsConnected() {
            t.activeEstablished();
            assertTrue(t.events.has("connected " + t.socket));
        }

        @Test
        void resetWithAcceptableAckRefusesTheConnection() {
            t.synSent();
            t.send(segment().rst().ack(t.localSeq + 1).seq(0));
            t.expectNothing();
            assertEquals(State.CLOSED, t.state());
            assertTrue(t.events.has("closed " + t.socket + " ECONNREFUSED"));
        }

        @Test
        void resetWithoutAckIsIgnored() {
            t.synSent();
            t.send(segment().rst().seq(0));
            assertEquals(State.SYN_SENT, t.state());
        }

        @Test
        void unacceptableAckGetsReset() {
            t.synSent();
            t.send(segment().synAck().seq(REMOTE_SEQ).ack(t.localSeq + 100));
            t.expect(segment().rst().seq(t.localSeq + 100));
            assertEquals(State.SYN_SENT, t.state());
        }

        @Test
        void simultaneousOpenGoesThroughSynReceived() {
            t.synSent();
            t.send(segment().syn().seq(REMOTE_SEQ).mss(1460));
            t.expect(segment().synAck().seq(t.localSeq).ack(REMOTE_SEQ + 1));
            assertEquals(State.SYN_RECEIVED, t.state());
            t.send(segment().synAck().seq(REMOTE_SEQ).ack(t.localSeq + 1));
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
            assertEquals(State.ESTABLISHED, t.state());
            assertTrue(t.events.has("connected " + t.socket));
        }

        @Test
        void synIsRetransmittedWithExponentialBackoffThenTimesOut() {
            t.synSent();
            long[] gaps = {1000, 2000, 4000, 8000, 16000, 32000};
            for (long gap : gaps) {
                t.advanceTime(gap - 1);
                t.expectNothing();
                t.advanceTime(1);
                t.expect(segment().syn().seq(t.localSeq));
            }
            t.advanceTime(64_000);
            assertEquals(State.CLOSED, t.state());
            assertTrue(t.events.has("closed " + t.socket + " ETIMEDOUT"));
        }

        @Test
        void closeDeletesTheConnection() {
            t.synSent();
            t.stack.close(t.socket);
            assertEquals(0, t.stack.connectionCount());
            t.advanceTime(5000);
            t.expectNothing();
        }
    }

    @Nested
    class SynReceived {
        @Test
        void ackEstablishesAndQueuesForAccept() {
            t.synReceived();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            assertTrue(t.events.has("acceptable " + t.listener));
            int child = t.stack.accept(t.listener);
            assertTrue(child >= 0);
            assertEquals(State.ESTABLISHED, t.stack.state(child));
            assertEquals(-Errno.EAGAIN, t.stack.accept(t.listener));
        }

        @Test
        void exactResetReturnsToListen() {
            t.synReceived();
            t.send(segment().rst().seq(REMOTE_SEQ + 1));
            assertEquals(0, t.stack.connectionCount());
            assertEquals(State.LISTEN, t.stack.state(t.listener));
            t.expectNothing();
        }

        @Test
        void unacceptableAckGetsReset() {
            t.synReceived();
            t.send(segment().ack(t.localSeq + 50).seq(REMOTE_SEQ + 1));
            t.expect(segment().rst().seq(t.localSeq + 50));
        }

        @Test
        void synAckIsRetransmittedWithBackoff() {
            t.synReceived();
            t.advanceTime(1000);
            t.expect(segment().synAck().seq(t.localSeq).ack(REMOTE_SEQ + 1));
            t.advanceTime(1999);
            t.expectNothing();
            t.advanceTime(1);
            t.expect(segment().synAck().seq(t.localSeq));
        }

        @Test
        void retransmittedSynRepeatsSynAck() {
            t.synReceived();
            t.send(segment().syn().seq(REMOTE_SEQ).mss(1460));
            t.expect(segment().synAck().seq(t.localSeq).ack(REMOTE_SEQ + 1));
        }
    }

    @Nested
    class Established {
        @Test
        void exactResetResetsTheConnection() {
            t.established();
            t.send(segment().rst().seq(REMOTE_SEQ + 1));
            t.expectNothing();
            assertEquals(State.CLOSED, t.state());
            assertTrue(t.events.has("closed " + t.socket + " ECONNRESET"));
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
            assertEquals(-Errno.ECONNRESET, t.stack.recv(t.socket, buffer, 0, 16));
            assertEquals(-Errno.EPIPE, t.stack.send(t.socket, buffer, 0, 16));
        }

        @Test
        void inWindowResetNotExactGetsChallengeAck() {
            t.established();
            t.send(segment().rst().seq(REMOTE_SEQ + 100));
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
            assertEquals(State.ESTABLISHED, t.state());
            assertEquals(1, t.stack.stats().challengeAcks);
        }

        @Test
        void outOfWindowResetIsDropped() {
            t.established();
            t.send(segment().rst().seq(REMOTE_SEQ + 1_000_000));
            t.expectNothing();
            assertEquals(State.ESTABLISHED, t.state());
        }

        @Test
        void synGetsChallengeAck() {
            t.established();
            t.send(segment().syn().seq(REMOTE_SEQ + 500));
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
            assertEquals(State.ESTABLISHED, t.state());
        }

        @Test
        void ackOfUnsentDataGetsAckAndIsDropped() {
            t.established();
            t.send(segment().ack(t.localSeq + 1000).seq(REMOTE_SEQ + 1).payload(10));
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
            assertEquals(0, t.read().length);
        }

        @Test
        void outOfWindowSegmentGetsAck() {
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 200_000).payload(10));
            t.expect(segment().ack(REMOTE_SEQ + 1));
        }

        @Test
        void finGoesToCloseWaitAndReadsEof() {
            t.closeWait();
            UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
            assertEquals(0, t.stack.recv(t.socket, buffer, 0, 16));
        }

        @Test
        void closeWithUnreadDataSendsReset() {
            t.established();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(10));
            t.stack.close(t.socket);
            t.expect(segment().rst().ack(REMOTE_SEQ + 11).seq(t.localSeq + 1));
            assertEquals(0, t.stack.connectionCount());
        }

        @Test
        void closeWithLingerZeroSendsReset() {
            t.established();
            t.stack.setOption(t.socket, SocketOption.SO_LINGER, SocketOption.linger(true, 0));
            t.stack.close(t.socket);
            t.expect(segment().rst().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
        }

        @Test
        void closeSendsFinAndLingersUntilTimeWaitEnds() {
            t.established();
            t.stack.close(t.socket);
            t.expect(segment().fin().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
            t.send(segment().fin().ack(t.localSeq + 2).seq(REMOTE_SEQ + 1));
            t.expect(segment().ack(REMOTE_SEQ + 2).seq(t.localSeq + 2));
            assertEquals(1, t.stack.connectionCount());
            t.advanceTime(60_000);
            assertEquals(0, t.stack.connectionCount());
        }
    }

    @Nested
    class FinWait1 {
        @Test
        void ackOfFinGoesToFinWait2() {
            t.finWait2();
        }

        @Test
        void finWithoutAckOfOursIsSimultaneousCloseToClosing() {
            t.closing();
        }

        @Test
        void finWithAckOfOursGoesToTimeWait() {
            t.finWait1();
            t.send(segment().fin().ack(t.localSeq + 2).seq(REMOTE_SEQ + 1));
            t.expect(segment().ack(REMOTE_SEQ + 2).seq(t.localSeq + 2));
            assertEquals(State.TIME_WAIT, t.state());
        }

        @Test
        void finIsRetransmitted() {
            t.finWait1();
            t.advanceTime(200);
            t.expect(segment().fin().seq(t.localSeq + 1).ack(REMOTE_SEQ + 1));
        }

        @Test
        void sendAfterShutdownIsBrokenPipe() {
            t.finWait1();
            assertEquals(-Errno.EPIPE, t.stack.send(t.socket, new UnsafeBuffer(new byte[4]), 0, 4));
        }
    }

    @Nested
    class FinWait2 {
        @Test
        void stillReceivesData() {
            t.finWait2();
            t.send(segment().ack(t.localSeq + 2).seq(REMOTE_SEQ + 1).payload(5));
            assertEquals(5, t.read().length);
        }

        @Test
        void finGoesToTimeWait() {
            t.timeWait();
        }
    }

    @Nested
    class Closing {
        @Test
        void ackOfFinGoesToTimeWait() {
            t.closing();
            t.send(segment().ack(t.localSeq + 2).seq(REMOTE_SEQ + 2));
            assertEquals(State.TIME_WAIT, t.state());
        }
    }

    @Nested
    class CloseWait {
        @Test
        void closeSendsFinAndGoesToLastAck() {
            t.lastAck();
        }

        @Test
        void canStillSend() {
            t.closeWait();
            t.write(new byte[10]);
            t.expect(segment().ack(REMOTE_SEQ + 2).seq(t.localSeq + 1).length(10));
        }
    }

    @Nested
    class LastAck {
        @Test
        void ackOfFinClosesAndReportsClosed() {
            t.lastAck();
            t.send(segment().ack(t.localSeq + 2).seq(REMOTE_SEQ + 2));
            assertEquals(State.CLOSED, t.state());
            assertTrue(t.events.has("closed " + t.socket));
            assertEquals(0, t.stack.connectionCount());
        }

        @Test
        void resetCloses() {
            t.lastAck();
            t.send(segment().rst().seq(REMOTE_SEQ + 2));
            assertEquals(State.CLOSED, t.state());
        }
    }

    @Nested
    class TimeWait {
        @Test
        void expiresAfterTwoMsl() {
            t.timeWait();
            t.advanceTime(59_999);
            assertEquals(State.TIME_WAIT, t.state());
            t.advanceTime(1);
            assertEquals(State.CLOSED, t.state());
            t.expectNothing();
        }

        @Test
        void retransmittedFinIsAckedAgain() {
            t.timeWait();
            t.send(segment().fin().ack(t.localSeq + 2).seq(REMOTE_SEQ + 1));
            t.expect(segment().ack(REMOTE_SEQ + 2).seq(t.localSeq + 2));
        }

        @Test
        void configurableDuration() {
            TcpHarness h = new TcpHarness(java.util.Map.of("time-wait", "2s"));
            h.timeWait();
            h.advanceTime(2000);
            assertEquals(State.CLOSED, h.state());
        }
    }

    @Test
    void unknownSocketIsBadDescriptor() {
        assertEquals(-Errno.EBADF, t.stack.send(99, new UnsafeBuffer(new byte[1]), 0, 1));
        assertEquals(-Errno.EBADF, t.stack.close(99));
        assertNull(t.stack.state(99));
        assertEquals(-Errno.EINVAL, t.stack.shutdown(t.stack.open(), 7));
        assertEquals(-Errno.ENOTCONN, t.stack.shutdown(t.stack.open(), StackInstance.SHUT_WR));
        assertEquals(-Errno.EINPROGRESS, t.stack.connect(t.stack.open(), REMOTE, 9));
    }
}
