package io.nsaas.stack.tcp;

import static io.nsaas.stack.tcp.TcpHarness.REMOTE;
import static io.nsaas.stack.tcp.TcpHarness.REMOTE_PORT;
import static io.nsaas.stack.tcp.TcpHarness.REMOTE_SEQ;
import static io.nsaas.stack.tcp.TcpHarness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Errno;
import io.nsaas.spi.StackInstance;
import io.nsaas.stack.tcp.cc.CaState;
import io.nsaas.stack.tcp.wire.TcpSegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3168 ECN in the engine, and the RFC 8257 3.2 per-packet echo for algorithms that need ECN. */
class EcnTest {
    static final int MSS = 1460;
    static final int NOT_ECT = 0;
    static final int ECT_0 = 2;
    static final int CE = 3;

    /** A harness whose connections use a {@link RecordingCc}; the last one made is {@link #cc}. */
    static final class Fixture {
        RecordingCc cc;
        final TcpHarness t;

        Fixture(String mode, boolean needsEcn) {
            t = new TcpHarness(Map.of("ecn", mode), () -> {
                cc = new RecordingCc(needsEcn);
                return cc;
            });
        }

        /** Passive open; the peer's SYN asks for ECN when {@code ecnSyn}; the SYN-ACK must carry ECE when {@code synAckEce}. */
        void passiveOpen(boolean ecnSyn, boolean synAckEce) {
            t.listen();
            SegmentTemplate syn = segment().syn().seq(REMOTE_SEQ).mss(MSS);
            t.send(ecnSyn ? syn.ece().cwr() : syn);
            SegmentTemplate synAck = segment().synAck().ack(REMOTE_SEQ + 1).mss(MSS).ecn(NOT_ECT);
            t.localSeq = t.expect(synAckEce ? synAck.ece() : synAck).seq();
            t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1));
            t.socket = t.stack.accept(t.listener);
            assertTrue(t.socket >= 0, "accept: " + Errno.name(t.socket));
            assertEquals(State.ESTABLISHED, t.state());
        }

        /** Active open: our SYN must ask for ECN when {@code synEce}; the peer answers with {@code answerFlags} added. */
        void activeOpen(boolean synEce, SegmentTemplate answer) {
            t.socket = t.stack.open();
            assertEquals(-Errno.EINPROGRESS, t.stack.connect(t.socket, REMOTE, REMOTE_PORT));
            SegmentTemplate syn = segment().syn().mss(MSS).ecn(NOT_ECT);
            TcpSegment sent = t.expect(synEce ? syn.ece().cwr() : syn);
            t.localSeq = sent.seq();
            t.localPort = sent.sourcePort();
            t.send(answer.seq(REMOTE_SEQ).ack(t.localSeq + 1).mss(MSS));
            t.expect(segment().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1).ecn(NOT_ECT));
            assertEquals(State.ESTABLISHED, t.state());
        }

        /** Peer data of {@code length} bytes at {@code offset} after its ISN+1, with an IP codepoint. */
        SegmentTemplate peerData(int offset, int length, int codepoint) {
            return segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1 + offset).payload(length).ecn(codepoint);
        }

        /** Our data segment number {@code i} (0-based) of a flight of full segments. */
        SegmentTemplate ourData(int i) {
            return segment().seq(t.localSeq + 1 + i * MSS).ack(REMOTE_SEQ + 1).length(MSS);
        }

        /** The peer acknowledges our bytes up to {@code bytes} after our ISN+1. */
        SegmentTemplate peerAck(int bytes) {
            return segment().ack(t.localSeq + 1 + bytes).seq(REMOTE_SEQ + 1);
        }

        Connection c() {
            return t.connection();
        }
    }

    @Nested
    class Negotiation {
        @ParameterizedTest(name = "ecn={0} peer asks={1} -> negotiated={2}")
        @CsvSource({
            "off,    false, false",
            "off,    true,  false",
            "on,     false, false",
            "on,     true,  true",
            "accept, false, false",
            "accept, true,  true",
        })
        void passiveOpenAcceptsOnlyAnEcnSetupSynWhenAllowed(String mode, boolean peerAsks, boolean negotiated) {
            Fixture f = new Fixture(mode, false);
            f.passiveOpen(peerAsks, negotiated);
            assertEquals(negotiated, f.c().ecnEnabled());
            assertEquals(negotiated, f.cc.ecnEnabledAtInit, "CcView.ecnEnabled() at init");
            assertEquals(negotiated ? 1 : 0, f.t.stack.stats().ecnNegotiated);
            f.t.write(new byte[100]);
            f.t.expect(segment().seq(f.t.localSeq + 1).ack(REMOTE_SEQ + 1).length(100).ecn(negotiated ? ECT_0 : NOT_ECT));
        }

        @ParameterizedTest(name = "ecn={0} answer={1} -> negotiated={3}")
        @CsvSource({
            "off,    plain,     false, false",
            "off,    ece,       false, false",
            "on,     plain,     true,  false",
            "on,     ece,       true,  true",
            "on,     reflector, true,  false",
            "accept, plain,     false, false",
            "accept, ece,       false, false",
        })
        void activeOpenNegotiatesOnlyOnSynAckWithEceWithoutCwr(String mode, String answer, boolean synEce,
                                                              boolean negotiated) {
            Fixture f = new Fixture(mode, false);
            SegmentTemplate synAck = segment().synAck();
            if (!answer.equals("plain")) {
                synAck.ece();
            }
            if (answer.equals("reflector")) {
                synAck.cwr(); // a peer that echoes header bits it does not understand (RFC 3168 6.1.1)
            }
            f.activeOpen(synEce, synAck);
            assertEquals(negotiated, f.c().ecnEnabled());
            assertEquals(negotiated, f.cc.ecnEnabledAtInit);
            f.t.write(new byte[100]);
            f.t.expect(segment().seq(f.t.localSeq + 1).ack(REMOTE_SEQ + 1).length(100).ecn(negotiated ? ECT_0 : NOT_ECT));
            // a non-ECN connection ignores ECE: no reduction, sample.ece false
            f.t.send(f.peerAck(100).ece());
            assertEquals(negotiated ? 1 : 0, f.t.stack.stats().ecnEceReceived);
            assertEquals(List.of(negotiated), f.cc.eceSamples);
        }

        @Test
        void algorithmThatNeedsEcnRequestsAndAcceptsItWhateverTheOption() {
            Fixture active = new Fixture("off", true);
            active.activeOpen(true, segment().synAck().ece());
            assertTrue(active.c().ecnEnabled());
            Fixture passive = new Fixture("off", true);
            passive.passiveOpen(true, true);
            assertTrue(passive.c().ecnEnabled());
        }

        @Test
        void retransmittedSynFallsBackToNonEcnSetupButSynAckKeepsEce() {
            Fixture f = new Fixture("on", false);
            f.t.socket = f.t.stack.open();
            assertEquals(-Errno.EINPROGRESS, f.t.stack.connect(f.t.socket, REMOTE, REMOTE_PORT));
            TcpSegment syn = f.t.expect(segment().syn().ece().cwr());
            int iss = syn.seq();
            f.t.localPort = syn.sourcePort();
            f.t.advanceTime(1000); // initial RTO (RFC 6298 2.1)
            f.t.expect(segment().syn().seq(iss)); // RFC 3168 6.1.1.1: without ECE and CWR
            // the peer's SYN-ACK to the first SYN still negotiates ECN (as Linux)
            f.t.send(segment().synAck().ece().seq(REMOTE_SEQ).ack(iss + 1).mss(MSS));
            f.t.expect(segment().ack(REMOTE_SEQ + 1));
            assertTrue(f.c().ecnEnabled());

            Fixture p = new Fixture("on", false);
            p.t.listen();
            p.t.send(segment().syn().ece().cwr().seq(REMOTE_SEQ).mss(MSS));
            int localIss = p.t.expect(segment().synAck().ece().ack(REMOTE_SEQ + 1)).seq();
            p.t.advanceTime(1000);
            p.t.expect(segment().synAck().ece().seq(localIss).ack(REMOTE_SEQ + 1));
        }
    }

    @Nested
    class Marking {
        @Test
        void ectZeroOnlyOnNewDataNeverOnAcksRetransmissionsOrBareFin() {
            Fixture f = new Fixture("on", false);
            f.activeOpen(true, segment().synAck().ece());
            f.t.write(new byte[2 * MSS]);
            f.t.expect(f.ourData(0).ecn(ECT_0));
            f.t.expect(f.ourData(1).ecn(ECT_0));
            f.t.send(f.peerAck(2 * MSS));
            // a pure ACK for the peer's data
            f.t.send(f.peerData(0, 100, ECT_0).ack(f.t.localSeq + 1 + 2 * MSS));
            f.t.advanceTime(40);
            f.t.expect(segment().ack(REMOTE_SEQ + 101).ecn(NOT_ECT));
            // new data, then its retransmission after the RTO
            f.t.write(new byte[100]);
            f.t.expect(segment().seq(f.t.localSeq + 1 + 2 * MSS).length(100).ecn(ECT_0));
            f.t.advanceTime(200);
            f.t.expect(segment().seq(f.t.localSeq + 1 + 2 * MSS).length(100).ecn(NOT_ECT)); // RFC 3168 6.1.5
            f.t.send(segment().ack(f.t.localSeq + 1 + 2 * MSS + 100).seq(REMOTE_SEQ + 101));
            // a FIN without data
            assertEquals(0, f.t.stack.shutdown(f.t.socket, StackInstance.SHUT_WR));
            // (the CWR the timeout queued waits for new data: a bare FIN is not data, RFC 3168 6.1.2)
            f.t.expect(segment().fin().seq(f.t.localSeq + 1 + 2 * MSS + 100).ack(REMOTE_SEQ + 101).length(0)
                .ecn(NOT_ECT));
        }
    }

    @Nested
    class ClassicReceiver {
        @Test
        void ceSetsEceOnEveryAckUntilCwrArrives() {
            Fixture f = new Fixture("accept", false);
            f.passiveOpen(true, true);
            f.t.send(f.peerData(0, 100, CE));
            f.t.expect(segment().ack(REMOTE_SEQ + 101).ece()); // the first CE is acknowledged at once
            f.t.send(f.peerData(100, 100, ECT_0));
            f.t.expectNothing();
            f.t.advanceTime(40);
            f.t.expect(segment().ack(REMOTE_SEQ + 201).ece()); // still echoing: no CWR yet
            f.t.send(f.peerData(200, 100, ECT_0).cwr());
            f.t.advanceTime(40);
            f.t.expect(segment().ack(REMOTE_SEQ + 301)); // CWR ends the echo
            f.t.send(f.peerData(300, 100, CE).cwr());
            f.t.expect(segment().ack(REMOTE_SEQ + 401).ece()); // CWR first, then the new CE starts a new echo
            assertEquals(2, f.t.stack.stats().ecnCeReceived);
            assertTrue(f.cc.receiverEvents().stream().noneMatch(e -> e.startsWith("ECN_")),
                "ECN_IS_CE/ECN_NO_CE only for algorithms that need ECN: " + f.cc.receiverEvents());
        }

        @Test
        void ceOnNonEcnConnectionIsNotEchoed() {
            Fixture f = new Fixture("off", false);
            f.passiveOpen(true, false);
            f.t.send(f.peerData(0, 100, CE));
            f.t.advanceTime(40);
            f.t.expect(segment().ack(REMOTE_SEQ + 101));
            assertEquals(0, f.t.stack.stats().ecnCeReceived);
        }
    }

    @Nested
    class PerPacketReceiver {
        @Test
        void eceFollowsCeOfLastSegmentAndAFlipFlushesTheDelayedAckWithTheOldState() {
            Fixture f = new Fixture("off", true);
            f.passiveOpen(true, true);
            f.t.send(f.peerData(0, 100, ECT_0));
            f.t.expectNothing(); // delayed
            f.t.send(f.peerData(100, 100, CE));
            f.t.expect(segment().ack(REMOTE_SEQ + 101)); // the delayed ACK first, with the old state (no ECE)
            f.t.expect(segment().ack(REMOTE_SEQ + 201).ece()); // then the flip, at once
            f.t.expectNothing();
            f.t.send(f.peerData(200, 100, CE));
            f.t.expectNothing(); // no flip: delayed as usual
            f.t.advanceTime(40);
            f.t.expect(segment().ack(REMOTE_SEQ + 301).ece());
            f.t.send(f.peerData(300, 100, ECT_0)); // flip with nothing delayed: one immediate ACK
            f.t.expect(segment().ack(REMOTE_SEQ + 401));
            f.t.expectNothing();
            f.t.send(f.peerData(400, 100, NOT_ECT).cwr()); // Not-ECT leaves the state; CWR plays no part
            f.t.advanceTime(40);
            f.t.expect(segment().ack(REMOTE_SEQ + 501));
            assertEquals(List.of("ECN_NO_CE", "DELAYED_ACK", "ECN_IS_CE", "NON_DELAYED_ACK", "NON_DELAYED_ACK",
                "ECN_IS_CE", "DELAYED_ACK", "NON_DELAYED_ACK", "ECN_NO_CE", "NON_DELAYED_ACK", "DELAYED_ACK",
                "NON_DELAYED_ACK"), f.cc.receiverEvents());
            assertEquals(2, f.t.stack.stats().ecnCeReceived);
        }

        @Test
        void flipToNoCeFlushesDelayedAckWithEce() {
            Fixture f = new Fixture("off", true);
            f.passiveOpen(true, true);
            f.t.send(f.peerData(0, 100, CE));
            f.t.expect(segment().ack(REMOTE_SEQ + 101).ece());
            f.t.send(f.peerData(100, 100, CE));
            f.t.expectNothing();
            f.t.send(f.peerData(200, 100, ECT_0));
            f.t.expect(segment().ack(REMOTE_SEQ + 201).ece());
            f.t.expect(segment().ack(REMOTE_SEQ + 301));
            f.t.expectNothing();
        }
    }

    @Nested
    class Sender {
        /** ECN connection with ten full segments in flight (the initial window). */
        Fixture tenInFlight() {
            Fixture f = new Fixture("on", false);
            f.passiveOpen(true, true);
            f.t.write(new byte[10 * MSS]);
            for (int i = 0; i < 10; i++) {
                f.t.expect(f.ourData(i).ecn(ECT_0));
            }
            return f;
        }

        @Test
        void reducesOncePerWindowAndSendsCwrOnceOnTheNextNewData() {
            Fixture f = tenInFlight();
            Connection c = f.c();
            f.t.send(f.peerAck(MSS).ece());
            assertEquals(CaState.CWR, c.caState);
            assertEquals(9 * MSS / 2, c.ssthresh, "NewReno: FlightSize/2 at the ECE");
            assertEquals(c.ssthresh, c.cwnd, "cwnd drops to ssthresh at once");
            assertEquals(10 * MSS, c.priorCwnd);
            for (int i = 2; i <= 10; i++) {
                f.t.send(f.peerAck(i * MSS).ece());
            }
            assertEquals(1, f.t.stack.stats().ecnReductions, "at most one reduction per window");
            assertEquals(1, f.cc.ssthreshCalls);
            assertEquals(9 * MSS / 2, c.cwnd, "no growth in CWR");
            assertEquals(CaState.CWR, c.caState, "SND.UNA has reached, not passed, the recorded SND.NXT");
            f.t.write(new byte[2 * MSS]);
            f.t.expect(f.ourData(10).cwr().ecn(ECT_0));
            f.t.expect(f.ourData(11).ecn(ECT_0));
            f.t.send(f.peerAck(11 * MSS));
            assertEquals(CaState.OPEN, c.caState);
            assertEquals(List.of("ssthresh in OPEN", "OPEN->CWR", "COMPLETE_CWR", "CWR->OPEN"),
                f.cc.log.stream().filter(e -> !e.endsWith("DELAYED_ACK") && !e.startsWith("TX_")).toList());
            // the next window: a new ECE reduces again, and CWR goes out again
            f.t.send(f.peerAck(12 * MSS).ece());
            assertEquals(CaState.CWR, c.caState);
            assertEquals(2, f.t.stack.stats().ecnReductions);
            assertEquals(2 * MSS, c.ssthresh, "FlightSize 0: the 2*SMSS floor");
            f.t.write(new byte[100]);
            f.t.expect(segment().seq(f.t.localSeq + 1 + 12 * MSS).ack(REMOTE_SEQ + 1).length(100).cwr().ecn(ECT_0));
            assertEquals(2, f.t.stack.stats().ecnCwrSent);
            // the handshake's ACK, ten ECE ACKs, the ACK that ended CWR, the ECE of the next window
            assertEquals(List.of(false, true, true, true, true, true, true, true, true, true, true, false, true),
                f.cc.eceSamples);
        }

        @Test
        void eceDuringRecoveryDoesNotReduceAgain() {
            Fixture f = tenInFlight();
            Connection c = f.c();
            for (int i = 0; i < 3; i++) {
                f.t.send(f.peerAck(0));
            }
            f.t.expect(f.ourData(0).ecn(NOT_ECT)); // fast retransmit, never ECT
            assertEquals(CaState.RECOVERY, c.caState);
            int ssthresh = c.ssthresh;
            f.t.send(f.peerAck(0).ece());
            f.t.send(f.peerAck(0).ece());
            assertEquals(ssthresh, c.ssthresh);
            assertEquals(CaState.RECOVERY, c.caState);
            assertEquals(0, f.t.stack.stats().ecnReductions);
            assertEquals(1, f.cc.ssthreshCalls);
            assertEquals(2, f.t.stack.stats().ecnEceReceived);
            f.t.send(f.peerAck(10 * MSS));
            assertEquals(CaState.OPEN, c.caState);
            f.t.write(new byte[100]);
            f.t.expect(segment().seq(f.t.localSeq + 1 + 10 * MSS).ack(REMOTE_SEQ + 1).length(100).cwr().ecn(ECT_0));
            // (RFC 3168 6.1.2: CWR follows any reduction, fast retransmit included)
        }

        @Test
        void lossDuringCwrEntersRecoveryWithoutASecondReduction() {
            Fixture f = tenInFlight();
            Connection c = f.c();
            f.t.send(f.peerAck(MSS).ece());
            int ssthresh = c.ssthresh;
            for (int i = 0; i < 3; i++) {
                f.t.send(f.peerAck(MSS));
            }
            f.t.expect(f.ourData(1).ecn(NOT_ECT));
            assertEquals(CaState.RECOVERY, c.caState);
            assertEquals(ssthresh, c.ssthresh);
            assertEquals(1, f.cc.ssthreshCalls);
        }
    }
}
