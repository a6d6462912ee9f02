package io.nsaas.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TcpInfoTest {
    private final TcpInfo info = new TcpInfo();

    @Test
    void clearResetsEveryField() {
        info.state = TcpState.ESTABLISHED;
        info.algorithm = "cubic";
        info.retransmits = 1;
        info.backoff = 2;
        info.rtoUs = 3;
        info.sndMss = 4;
        info.rcvMss = 5;
        info.unacked = 6;
        info.sacked = 7;
        info.lost = 8;
        info.retrans = 9;
        info.rttUs = 10;
        info.rttVarUs = 11;
        info.minRttUs = 12;
        info.sndSsthresh = 13;
        info.sndCwnd = 14;
        info.sndWnd = 15;
        info.rcvSpace = 16;
        info.totalRetrans = 17;
        info.bytesSent = 18;
        info.bytesAcked = 19;
        info.bytesReceived = 20;
        info.segsOut = 21;
        info.segsIn = 22;
        info.ecnNegotiated = true;
        info.ecnCeReceived = 23;
        info.ecnEceReceived = 24;
        info.ecnReductions = 25;
        info.ecnCwrSent = 26;
        info.algorithmValue("alpha", 0.5);
        info.clear();
        TcpInfo fresh = new TcpInfo();
        assertEquals(fresh.toString(), info.toString());
        assertEquals(TcpState.CLOSED, info.state);
        assertEquals("", info.algorithm);
        assertEquals(Integer.MAX_VALUE, info.sndSsthresh);
        assertEquals(0, info.retransmits + info.backoff + info.sndMss + info.rcvMss + info.unacked + info.sacked
            + info.lost + info.retrans + info.sndCwnd);
        assertEquals(0, info.rtoUs + info.rttUs + info.rttVarUs + info.minRttUs + info.sndWnd + info.rcvSpace
            + info.totalRetrans + info.bytesSent + info.bytesAcked + info.bytesReceived + info.segsOut + info.segsIn);
        assertEquals(false, info.ecnNegotiated);
        assertEquals(0, info.ecnCeReceived + info.ecnEceReceived + info.ecnReductions + info.ecnCwrSent);
        assertEquals(0, info.algorithmValueCount());
        assertTrue(Double.isNaN(info.algorithmValue("alpha")));
    }

    @Test
    void algorithmValueReplacesASameNamedValue() {
        info.algorithmValue("alpha", 0.25);
        info.algorithmValue("beta", 2);
        info.algorithmValue("alpha", 0.75);
        assertEquals(2, info.algorithmValueCount());
        assertEquals("alpha", info.algorithmValueName(0));
        assertEquals(0.75, info.algorithmValue(0));
        assertEquals(2.0, info.algorithmValue("beta"));
        assertTrue(info.toString().contains("alpha=0.75"), info.toString());
    }

    @Test
    void holdsAtMostEightDistinctValues() {
        for (int i = 0; i < TcpInfo.MAX_ALGORITHM_VALUES; i++) {
            info.algorithmValue("v" + i, i);
        }
        assertThrows(IllegalStateException.class, () -> info.algorithmValue("one-too-many", 1));
        info.algorithmValue("v3", 33);
        assertEquals(33.0, info.algorithmValue("v3"));
        info.clear();
        for (int i = 0; i < TcpInfo.MAX_ALGORITHM_VALUES; i++) {
            info.algorithmValue("w" + i, i);
        }
        assertEquals(TcpInfo.MAX_ALGORITHM_VALUES, info.algorithmValueCount());
    }

    @Test
    void indexedAccessIsBoundedByTheCount() {
        info.algorithmValue("alpha", 1);
        assertThrows(IndexOutOfBoundsException.class, () -> info.algorithmValue(1));
        assertThrows(IndexOutOfBoundsException.class, () -> info.algorithmValueName(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> new TcpInfo().algorithmValue(0));
    }

    @Test
    void tcpStatesUseLinuxNumbers() {
        assertEquals(1, TcpState.ESTABLISHED.linux());
        assertEquals(10, TcpState.LISTEN.linux());
        for (TcpState state : TcpState.values()) {
            assertEquals(state, TcpState.fromLinux(state.linux()));
        }
        assertEquals(null, TcpState.fromLinux(0));
        assertEquals(null, TcpState.fromLinux(12));
        assertEquals(null, TcpState.fromLinux(-1));
    }
}
