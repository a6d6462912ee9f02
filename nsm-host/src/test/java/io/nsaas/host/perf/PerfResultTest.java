package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.TcpInfo;
import org.junit.jupiter.api.Test;

class PerfResultTest {
    private static final String SHA = "ab".repeat(32);

    @Test
    void clientJsonCarriesRetransmitsAndGigabitsPerSecond() {
        PerfResult result = new PerfResult(250_000_000, SHA, 2_000_000_000L, 3);

        assertEquals("{\"bytes\":250000000,\"sha256\":\"" + SHA + "\",\"seconds\":2.000000,\"gbps\":1.000000,\"retransmits\":3}",
            result.toJson());
    }

    @Test
    void serverJsonLeavesRetransmitsOut() {
        PerfResult result = new PerfResult(1000, SHA, 1_000_000L, PerfResult.NOT_MEASURED);

        assertEquals("{\"bytes\":1000,\"sha256\":\"" + SHA + "\",\"seconds\":0.001000,\"gbps\":0.008000}", result.toJson());
    }

    @Test
    void ecnCountsFollowAsAnObjectWhenTheConnectionNegotiatedEcn() {
        PerfResult result = new PerfResult(1000, SHA, 1_000_000L, 2, new EcnCounts(0, 40, 9, 8));

        assertEquals("{\"bytes\":1000,\"sha256\":\"" + SHA + "\",\"seconds\":0.001000,\"gbps\":0.008000,\"retransmits\":2,"
            + "\"ecn\":{\"ce_received\":0,\"ece_received\":40,\"reductions\":9,\"cwr_sent\":8}}", result.toJson());
        assertTrue(result.toHuman().contains("ECN: 0 CE received, 40 ECE received, 9 reductions, 8 CWR sent"), result.toHuman());
    }

    @Test
    void ecnCountsComeOnlyFromAConnectionThatNegotiatedEcn() {
        TcpInfo info = new TcpInfo();
        info.ecnCeReceived = 5;
        assertNull(EcnCounts.of(info), "not negotiated: no counts");
        info.ecnNegotiated = true;
        info.ecnEceReceived = 6;
        info.ecnReductions = 7;
        info.ecnCwrSent = 8;
        assertEquals(new EcnCounts(5, 6, 7, 8), EcnCounts.of(info));
    }

    @Test
    void noElapsedTimeGivesZeroRateRatherThanInfinity() {
        assertEquals(0.0, new PerfResult(10, SHA, 0, 0).gbps());
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("{\"a\":\"q\\\"b\\\\\\u0001\"}", new JsonLine().field("a", "q\"b\\\u0001").toString());
    }
}
