package io.nsaas.nqe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.SpiVersion;
import org.junit.jupiter.api.Test;

class OpcodeTest {
    private static final int[] REQUESTS = {
        Opcode.NOP, Opcode.SOCKET, Opcode.BIND, Opcode.LISTEN, Opcode.ACCEPT, Opcode.CONNECT, Opcode.SEND,
        Opcode.RECV, Opcode.SHUTDOWN, Opcode.CLOSE, Opcode.SETSOCKOPT, Opcode.GETSOCKOPT, Opcode.GETSOCKNAME,
        Opcode.GETPEERNAME, Opcode.INFO};
    private static final int[] EVENTS = {
        Opcode.EV_CONNECTED, Opcode.EV_READABLE, Opcode.EV_WRITABLE, Opcode.EV_ACCEPTABLE, Opcode.EV_CLOSED,
        Opcode.EV_DATA};

    @Test
    void requestOpcodesHaveTheAbiNumbers() {
        int[] expected = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], REQUESTS[i]);
        }
        int[] events = {0x21, 0x22, 0x23, 0x24, 0x25, 0x26};
        for (int i = 0; i < events.length; i++) {
            assertEquals(events[i], EVENTS[i]);
        }
    }

    @Test
    void classifiesEveryByteIntoExactlyOneClassOrInvalid() {
        int requests = 0;
        int completions = 0;
        int events = 0;
        for (int op = 0; op < 256; op++) {
            int classes = (Opcode.isRequest(op) ? 1 : 0) + (Opcode.isCompletion(op) ? 1 : 0) + (Opcode.isEvent(op) ? 1 : 0);
            assertTrue(classes <= 1, "opcode " + op + " is in " + classes + " classes");
            assertEquals(classes == 1, Opcode.isValid(op), "opcode " + op);
            requests += Opcode.isRequest(op) ? 1 : 0;
            completions += Opcode.isCompletion(op) ? 1 : 0;
            events += Opcode.isEvent(op) ? 1 : 0;
        }
        assertEquals(15, requests);
        assertEquals(16, completions, "15 completions plus REJECTED");
        assertEquals(6, events);
    }

    @Test
    void zeroAndOutOfByteValuesAreInvalid() {
        assertFalse(Opcode.isValid(0));
        assertFalse(Opcode.isValid(-1));
        assertFalse(Opcode.isValid(0x100 | Opcode.SEND));
        assertFalse(Opcode.isValid(0x187));
        assertFalse(Opcode.isValid(0x10));
        assertFalse(Opcode.isValid(0x20));
        assertFalse(Opcode.isValid(0x27));
        assertFalse(Opcode.isCompletion(Opcode.EV_DATA | Opcode.COMPLETION_BIT));
        assertEquals("INVALID", Opcode.name(-1));
        assertEquals("INVALID", Opcode.name(256));
    }

    @Test
    void completionOfAndRequestOfAreInverse() {
        for (int request : REQUESTS) {
            int completion = Opcode.completionOf(request);
            assertEquals(request | 0x80, completion);
            assertTrue(Opcode.isCompletion(completion));
            assertEquals(request, Opcode.requestOf(completion));
        }
    }

    @Test
    void completionOfRejectsNonRequests() {
        assertThrows(IllegalArgumentException.class, () -> Opcode.completionOf(0));
        assertThrows(IllegalArgumentException.class, () -> Opcode.completionOf(Opcode.EV_CLOSED));
        assertThrows(IllegalArgumentException.class, () -> Opcode.completionOf(Opcode.SEND | 0x80));
        assertThrows(IllegalArgumentException.class, () -> Opcode.requestOf(Opcode.SEND));
        assertThrows(IllegalArgumentException.class, () -> Opcode.requestOf(Opcode.REJECTED));
    }

    @Test
    void namesEveryOpcodeWithoutAllocatingForKnownOnes() {
        assertEquals("SEND", Opcode.name(Opcode.SEND));
        assertEquals("SEND_COMPLETION", Opcode.name(Opcode.SEND | Opcode.COMPLETION_BIT));
        assertEquals("GETPEERNAME", Opcode.name(0x0E));
        assertEquals("EV_CLOSED", Opcode.name(0x25));
        assertEquals("EV_DATA", Opcode.name(0x26));
        assertEquals("REJECTED", Opcode.name(0x80));
        assertEquals("0x00", Opcode.name(0));
        assertEquals("0x3F", Opcode.name(0x3F));
        assertSame(Opcode.name(Opcode.RECV), Opcode.name(Opcode.RECV));
    }

    @Test
    void abiMajorFollowsSpiMajorAndAcceptsAnyMinor() {
        assertEquals(SpiVersion.MAJOR, AbiVersion.MAJOR);
        assertEquals(1, AbiVersion.MAJOR);
        assertEquals(0, AbiVersion.MINOR);
        assertTrue(AbiVersion.compatible(1, 0));
        assertTrue(AbiVersion.compatible(1, 7));
        assertFalse(AbiVersion.compatible(2, 0));
        assertFalse(AbiVersion.compatible(0, 9));
        assertTrue(SpiVersion.CURRENT.startsWith(AbiVersion.MAJOR + "."));
    }
}
