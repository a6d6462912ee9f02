package io.nsaas.conformance.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.jupiter.api.Test;

/**
 * The algorithm checks tell algorithms apart: one algorithm's checks run on another's stack (through
 * {@link AlgorithmTck#algorithmUnderTest()}) fail where the behaviour differs, each for the right test.
 */
class AlgorithmChecksDiscriminateTest {

    /** A bundled stack checked as if it declared another algorithm. */
    abstract static class Posing extends AlgorithmTck {
        private final String stack;
        private final String algorithm;

        Posing(String stack, String algorithm) {
            this.stack = stack;
            this.algorithm = algorithm;
        }

        @Override
        protected Path pluginZip() {
            return BundledStack.zip(stack);
        }

        @Override
        protected String algorithmUnderTest() {
            return algorithm;
        }
    }

    static class CubicAsReno extends Posing {
        CubicAsReno() {
            super("cubic", RENO);
        }
    }

    static class NewRenoAsCubic extends Posing {
        NewRenoAsCubic() {
            super("newreno", CUBIC);
        }
    }

    static class CubicAsDctcp extends Posing {
        CubicAsDctcp() {
            super("cubic", DCTCP);
        }
    }

    /** @return each executed test method of {@code tck} with its outcome (SUCCESSFUL, FAILED, ABORTED for a skip) */
    private static Map<String, String> outcomes(Class<?> tck) {
        Map<String, String> outcomes = new TreeMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tck)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getSource().orElse(null) instanceof MethodSource method) {
                    outcomes.put(method.getMethodName(), result.getStatus().name());
                }
            }
        });
        return outcomes;
    }

    @Test
    void cubicFailsRenosReductionsButPassesTheSlowStartItShares() {
        Map<String, String> o = outcomes(CubicAsReno.class);
        assertEquals("FAILED", o.get("required_renoFastRetransmitSetsSsthreshToHalfTheFlight"), o.toString());
        // RFC 9438 4.8: after a timeout CUBIC's ssthresh is 0.7 of the flight, above Reno's half
        assertEquals("FAILED", o.get("required_renoTimeoutCollapsesCwndToTheLossWindow"), o.toString());
        assertEquals("SUCCESSFUL", o.get("required_renoSlowStartGrowsCwndBetweenOneAndAHalfAndTwiceEachRtt"), o.toString());
        assertEquals("ABORTED", o.get("required_cubicLossReducesTheWindowByBeta"), o.toString());
    }

    @Test
    void newRenoFailsCubicsBetaAndSkipsTheWindowFunctionForWantOfCubicValues() {
        Map<String, String> o = outcomes(NewRenoAsCubic.class);
        assertEquals("FAILED", o.get("required_cubicLossReducesTheWindowByBeta"), o.toString());
        assertEquals("ABORTED", o.get("required_cubicCwndFollowsTheWindowFunction"), o.toString());
    }

    @Test
    void cubicFailsDctcpsEcnAndQueueChecks() {
        Map<String, String> o = outcomes(CubicAsDctcp.class);
        assertEquals("FAILED", o.get("required_dctcpNegotiatesEcnAndReactsToMarksWithoutLoss"), o.toString());
        assertEquals("FAILED", o.get("required_dctcpHoldsTheQueueNearTheMarkingThreshold"), o.toString());
        assertEquals("ABORTED", o.get("required_dctcpAlphaStaysBetweenZeroAndOneAndTracksTheMarks"), o.toString());
    }
}
