package io.nsaas.stack.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    @Test
    void keepsAtMostFourSackBlocks() {
        TcpOptions options = new TcpOptions();
        for (int b = 0; b < 6; b++) {
            options.addSackBlock(b * 10, b * 10 + 5);
        }
        assertEquals(4, options.sackBlockCount);
        assertEquals(30, options.sackLeft[3]);
        assertEquals(35, options.sackRight[3]);
    }

    @Test
    void clearMakesEveryOptionAbsent() {
        TcpOptions options = new TcpOptions();
        options.mss = 1460;
        options.windowScale = 7;
        options.sackPermitted = true;
        options.timestamp = true;
        options.tsVal = 5;
        options.addSackBlock(1, 2);
        options.clear();
        assertEquals(-1, options.mss);
        assertEquals(-1, options.windowScale);
        assertFalse(options.sackPermitted);
        assertFalse(options.timestamp);
        assertEquals(0, options.sackBlockCount);
        assertEquals("", options.toString());
    }

    @Test
    void printsInTcpdumpWords() {
        TcpOptions options = new TcpOptions();
        options.mss = 1460;
        options.sackPermitted = true;
        options.timestamp = true;
        options.tsVal = -1;
        options.tsEcr = 0;
        options.windowScale = 7;
        options.addSackBlock(0xFFFF_FFF0, 0x10);
        assertEquals("mss 1460,sackOK,TS val 4294967295 ecr 0,wscale 7,sack 1 {4294967280:16}", options.toString());
    }
}
