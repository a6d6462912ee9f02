package io.nsaas.stack.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NewRenoTest {
    private static final int MSS = ScriptedSender.MSS;

    private final NewReno reno = new NewReno();
    private final ScriptedSender tcp = new ScriptedSender();

    @Test
    void isNamedRenoAsLinuxNamesIt() {
        assertEquals("reno", reno.name());
    }

    @Test
    void ssthreshIsHalfTheFlightSize() {
        // RFC 5681 equation 4: max(FlightSize/2, 2*SMSS).
        assertEquals(73000, ssthreshFor(100 * MSS));
        assertEquals(7300, ssthreshFor(10 * MSS));
        assertEquals(7300, ssthreshFor(10 * MSS + 1));   // integer halving
        assertEquals(3650, ssthreshFor(5 * MSS));
    }

    @Test
    void ssthreshNeverFallsBelowTwoSegments() {
        assertEquals(2920, ssthreshFor(3 * MSS));         // 2190 < 2920
        assertEquals(2920, ssthreshFor(MSS));
        assertEquals(2920, ssthreshFor(0));
        tcp.mss = 536;
        assertEquals(1072, ssthreshFor(1000));
    }

    @Test
    void ssthreshUsesFlightSizeNotCwnd() {
        tcp.cwnd = 100 * MSS;                             // application-limited: flight far below cwnd
        assertEquals(14600, ssthreshFor(20 * MSS));
    }

    @Test
    void slowStartGrowsOneSegmentPerFullSizedAck() {
        int[] expected = {16060, 17520, 18980, 20440};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], tcp.ack(reno, MSS), "after ACK " + (i + 1));
        }
    }

    @Test
    void slowStartCountsAtMostTwoSegmentsPerStretchAck() {
        assertEquals(14600 + 2 * MSS, tcp.ack(reno, 4 * MSS));
    }

    @Test
    void slowStartHandsBytesBeyondSsthreshToCongestionAvoidance() {
        tcp.cwnd = 27740;
        tcp.ssthresh = 29200;
        assertEquals(29200, tcp.ack(reno, 2 * MSS));     // 1460 used, 1460 left as credit
        // 27740 more bytes complete one window of 29200: +1 MSS.
        assertEquals(29200, tcp.ack(reno, 27740 - 1));
        assertEquals(30660, tcp.ack(reno, 1));
    }

    @Test
    void congestionAvoidanceGrowsOneSegmentPerRoundTrip() {
        tcp.cwnd = 20 * MSS;
        tcp.ssthresh = 20 * MSS;
        for (int i = 0; i < 19; i++) {
            assertEquals(20 * MSS, tcp.ack(reno, MSS));
        }
        assertEquals(21 * MSS, tcp.ack(reno, MSS));      // one cwnd of bytes acked: +1 SMSS
        for (int i = 0; i < 21; i++) {
            tcp.ack(reno, MSS);
        }
        assertEquals(22 * MSS, tcp.cwnd);                 // next RTT: 21 ACKs, +1 SMSS
    }

    @Test
    void doesNotGrowWhenNotCwndLimited() {
        tcp.cwndLimited = false;
        assertEquals(14600, tcp.ack(reno, 2 * MSS));
        tcp.ssthresh = 14600;
        assertEquals(14600, tcp.ack(reno, 20 * MSS));
    }

    @Test
    void slowStartAfterTimeoutCountsOneSegmentPerAck() {
        tcp.state = CaState.LOSS;
        tcp.cwnd = MSS;
        tcp.ssthresh = 5 * MSS;
        assertEquals(2 * MSS, tcp.ack(reno, 3 * MSS));   // RFC 3465 2.3: L = 1*SMSS after an RTO
        assertEquals(3 * MSS, tcp.ack(reno, MSS));
    }

    @Test
    void undoRestoresTheWindowBeforeTheReduction() {
        tcp.cwnd = 7300;
        tcp.priorCwnd = 14600;
        assertEquals(14600, reno.undoCwnd(tcp));
        tcp.cwnd = 20000;                                 // grew past the prior window since: keep it
        assertEquals(20000, reno.undoCwnd(tcp));
    }

    @Test
    void reductionDiscardsAccumulatedCredit() {
        tcp.ssthresh = 14600;
        tcp.ack(reno, 9 * MSS);                           // credit 13140 of 14600
        reno.setState(tcp, CaState.RECOVERY);
        assertEquals(14600, tcp.ack(reno, MSS));          // credit restarted at 1460: no growth

        NewReno kept = new NewReno();
        ScriptedSender other = new ScriptedSender();
        other.ssthresh = 14600;
        other.ack(kept, 9 * MSS);
        assertEquals(16060, other.ack(kept, MSS));        // without the reduction the same ACK grows cwnd
    }

    @Test
    void passesTheRegistrationProbe() {
        assertEquals("", CongestionControls.validate(NewReno::new));
    }

    private int ssthreshFor(int flight) {
        tcp.inFlight = flight;
        return reno.ssthresh(tcp);
    }
}
