package io.nsaas.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpConfigTest {
    @Test
    void defaultsFollowLinux() {
        TcpConfig c = TcpConfig.defaults();
        assertEquals(1460, c.advertisedMss());
        assertEquals(200_000, c.minRtoUs);
        assertEquals(120_000_000, c.maxRtoUs);
        assertEquals(60_000_000_000L, c.timeWaitNanos);
        assertEquals(40_000_000L, c.delayedAckNanos);
        assertEquals(6, c.synRetries);
        assertEquals(7_200_000_000_000L, c.keepaliveTimeNanos);
        assertEquals(10, c.initialWindow);
        assertTrue(c.sack && c.timestamps && c.windowScaling);
    }

    @Test
    void parsesUnitsAndBooleans() {
        TcpConfig c = TcpConfig.parse(Map.of("min-rto", "1s", "time-wait", "500ms", "rcvbuf", "1m", "sack", "off",
            "mtu", "9000"));
        assertEquals(1_000_000, c.minRtoUs);
        assertEquals(500_000_000L, c.timeWaitNanos);
        assertEquals(1 << 20, c.rcvBuf);
        assertFalse(c.sack);
        assertEquals(8960, c.advertisedMss());
    }

    @Test
    void unknownKeyIsNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TcpConfig.parse(Map.of("min_rto", "1")));
        assertTrue(e.getMessage().contains("'min_rto'") && e.getMessage().contains("min-rto"), e.getMessage());
    }

    @Test
    void badValuesSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpConfig.parse(Map.of("mtu", "abc")))
            .getMessage().contains("mtu = 'abc' is not an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpConfig.parse(Map.of("mtu", "100")))
            .getMessage().contains("outside 576..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpConfig.parse(Map.of("sack", "maybe")))
            .getMessage().contains("not a boolean"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> TcpConfig.parse(Map.of("min-rto", "5s", "max-rto", "1s"))).getMessage().contains("exceeds max-rto"));
    }

    @Test
    void ecnModeParsesOffOnAcceptAndDefaultsToOff() {
        assertEquals(EcnMode.OFF, TcpConfig.defaults().ecn);
        assertEquals(EcnMode.ON, TcpConfig.parse(Map.of("ecn", "on")).ecn);
        assertEquals(EcnMode.ACCEPT, TcpConfig.parse(Map.of("ecn", " Accept ")).ecn);
        assertEquals(EcnMode.OFF, TcpConfig.parse(Map.of("ecn", "off")).ecn);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TcpConfig.parse(Map.of("ecn", "1")))
            .getMessage().contains("ecn = '1' is not an ECN mode: use off, on"));
    }
}
