package io.nsaas.stack.cubic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.stack.tcp.cc.CaState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HyStart++ (RFC 9406) through {@link Cubic}, with rounds scripted in sequence space. */
class HyStartPlusPlusTest {
    private static final int MSS = 1460;
    private static final double SLOW_START = 0;
    private static final double CSS = 1;
    private static final double DONE = 2;

    private final HyStartScript script = new HyStartScript(new Cubic());
    private final Cubic cubic = script.cubic;
    private final ScriptedSender tcp = script.tcp;

    @Test
    void slowStartGrowsBySegmentsAcknowledgedUpToEightSegments() {
        script.round(8, 50_000);
        assertEquals(18 * MSS, tcp.cwnd);                          // 10 + 8 ACKs of one segment
        script.ack(20 * MSS, 50_000);                              // RFC 9406: min(N, L*SMSS), L = 8 unpaced
        assertEquals(26 * MSS, tcp.cwnd);
    }

    @ParameterizedTest
    @CsvSource({"10000, 4000", "50000, 6250", "80000, 10000", "200000, 16000"})
    void leavesSlowStartWhenTheRoundMinimumRisesByRttThresh(long lastRoundMinRtt, long rttThresh) {
        // RFC 9406 4.2: RttThresh = max(4 ms, min(lastRoundMinRTT / 8, 16 ms))
        script.round(8, lastRoundMinRtt);
        script.round(8, lastRoundMinRtt + rttThresh - 1);
        assertEquals(SLOW_START, script.phase());

        HyStartScript other = new HyStartScript(new Cubic());
        other.round(8, lastRoundMinRtt);
        other.round(7, lastRoundMinRtt + rttThresh);
        assertEquals(SLOW_START, other.phase());                   // seven samples are not enough
        other.ack(MSS, lastRoundMinRtt + rttThresh);
        assertEquals(CSS, other.phase());
    }

    @Test
    void conservativeSlowStartGrowsAtAQuarterOfTheRate() {
        enterCss();
        int before = tcp.cwnd;
        script.ack(MSS, 60_000);
        assertEquals(before + MSS / 4, tcp.cwnd);
        script.ack(20 * MSS, 60_000);
        assertEquals(before + MSS / 4 + 8 * MSS / 4, tcp.cwnd);   // min(N, L*SMSS) / CSS_GROWTH_DIVISOR
    }

    @Test
    void conservativeSlowStartEndsAfterFiveRoundsWithSsthreshAtCwnd() {
        enterCss();                                                // CSS began in the second round
        for (int round = 0; round < 4; round++) {
            script.round(8, 60_000);
            assertEquals(CSS, script.phase(), "CSS round " + (round + 2));
        }
        int before = tcp.cwnd;
        script.nextRoundAck(MSS, 60_000, 8);                       // ends the fifth CSS round
        int exit = before + MSS / 4;
        assertEquals(exit, tcp.cwnd);
        assertEquals(DONE, script.phase());
        assertEquals(exit, cubic.slowStartThreshold(tcp), "RFC 9406 4.2: ssthresh = cwnd, handed to the sender");
        assertEquals(0, cubic.slowStartThreshold(tcp), "handed over once");
        assertEquals(exit, tcp.info(cubic, "cwnd_prior"), 0.0);    // RFC 9438 4.10
        // congestion avoidance from here: K = 0 and W_max = cwnd at the start of the epoch
        int cwnd = script.ack(MSS, 60_000);
        assertEquals(0, tcp.info(cubic, "k_ms"), 0.0);
        assertEquals(exit, tcp.info(cubic, "w_max"), 0.0);
        assertTrue(cwnd - exit < MSS / 4, "avoidance, not slow start: grew " + (cwnd - exit));
    }

    @Test
    void roundMinimumBelowTheBaselineResumesSlowStart() {
        enterCss();                                                // baseline 60 ms
        script.round(7, 55_000);
        assertEquals(CSS, script.phase());                         // seven samples: not judged yet
        int before = tcp.cwnd;
        script.ack(MSS, 55_000);                                   // eighth sample: 55 ms < 60 ms, spurious
        assertEquals(SLOW_START, script.phase());
        assertEquals(before + MSS / 4, tcp.cwnd);                  // this ACK arrived in CSS
        script.ack(MSS, 55_000);
        assertEquals(before + MSS / 4 + MSS, tcp.cwnd);            // slow start again
    }

    @Test
    void aLossDuringSlowStartEndsHyStartForGood() {
        script.round(8, 50_000);
        tcp.lossAndRecovery(cubic);
        assertEquals(DONE, script.phase());
        script.round(8, 50_000);
        script.round(8, 90_000);
        assertEquals(DONE, script.phase());
    }

    @Test
    void undoOfASpuriousLossResumesHyStart() {
        enterCss();
        tcp.enterRecovery(cubic);
        assertEquals(DONE, script.phase());
        tcp.cwnd = cubic.undoCwnd(tcp);
        tcp.ssthresh = Integer.MAX_VALUE;                          // the sender restores max(ssthresh, prior)
        tcp.state = CaState.OPEN;
        assertEquals(CSS, script.phase());
    }

    @Test
    void applicationLimitedAcksInSlowStartDoNotGrowCwnd() {
        tcp.cwndLimited = false;
        script.round(8, 50_000);
        assertEquals(10 * MSS, tcp.cwnd);
    }

    @Test
    void withoutHyStartTheInitialSlowStartIsRfc3465() {
        Cubic plain = new Cubic(false, true);
        plain.init(tcp);
        assertEquals(10 * MSS + 2 * MSS, tcp.ack(plain, 20 * MSS, 50_000));
        assertEquals(DONE, tcp.info(plain, "hystart"));
    }

    /** Slow start at 50 ms, then a round at 60 ms: RttThresh is 6.25 ms, so CSS begins with baseline 60 ms. */
    private void enterCss() {
        script.round(8, 50_000);
        script.round(8, 60_000);
        assertEquals(CSS, script.phase());
    }
}
