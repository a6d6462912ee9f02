package io.nsaas.stack.tcp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TcpFlagsTest {
    @Test
    void namesSetBitsInBitOrder() {
        assertEquals("SYN|ACK", TcpFlags.toString(TcpFlags.ACK | TcpFlags.SYN));
        assertEquals("FIN|SYN|RST|PSH|ACK|URG|ECE|CWR", TcpFlags.toString(0xFF));
        assertEquals("RST", TcpFlags.toString(TcpFlags.RST));
    }

    @Test
    void namesNoBitsAsNone() {
        assertEquals("none", TcpFlags.toString(0));
        assertEquals("none", TcpFlags.toString(0x100));
    }

    @Test
    void bitsMatchRfc9293Layout() {
        // RFC 9293 3.1: byte 13 is CWR ECE URG ACK PSH RST SYN FIN from the high bit down.
        int[] bits = {TcpFlags.FIN, TcpFlags.SYN, TcpFlags.RST, TcpFlags.PSH, TcpFlags.ACK, TcpFlags.URG,
            TcpFlags.ECE, TcpFlags.CWR};
        for (int i = 0; i < bits.length; i++) {
            assertEquals(1 << i, bits[i]);
        }
    }
}
