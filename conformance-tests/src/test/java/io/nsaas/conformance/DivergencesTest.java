package io.nsaas.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DivergencesTest {
    private final Divergences list = Divergences.parse("""
        # comment
        required_connectRefused kernel: Linux answers with ICMP first

        CertifyWire.required_scripts cubic: cubic grows faster
        rto-backoff.pkt *: Linux clamps the RTO at 120 s
        SocketContractTck#optional_linger newreno: no SO_LINGER yet
        """, "test");

    @Test
    void matchesByMethodClassAndMethodOrScriptNameForTheStackOrEveryStack() {
        assertEquals("Linux answers with ICMP first",
            list.find("CertifySocketContract.required_connectRefused", "kernel").orElseThrow().explanation());
        assertTrue(list.find("CertifySocketContract.required_connectRefused", "newreno").isEmpty(), "another stack");
        assertTrue(list.find("CertifyWire.required_scripts", "cubic").isPresent());
        assertTrue(list.find("CertifyWire.required_scripts[rto-backoff.pkt]", "dctcp").isPresent(), "script id, any stack");
        assertTrue(list.find("CertifyWire.required_scripts[other.pkt]", "newreno").isEmpty());
        assertTrue(list.find("SocketContractTck.optional_linger", "newreno").isPresent(), "# separates class and method");
        assertTrue(list.find("Other.required_connectRefusedLater", "kernel").isEmpty(), "whole names only");
    }

    @Test
    void aScriptIdMatchesTheScriptAndItsDynamicTestOfEitherLevel() {
        Divergences scripts = Divergences.parse("handshake-active dctcp: ECN SYN\nsack-recovery.pkt *: no SACK\n", "test");
        assertEquals("ECN SYN", scripts.findScript("handshake-active.pkt", "dctcp").orElseThrow().explanation());
        assertTrue(scripts.findScript("handshake-active.pkt", "newreno").isEmpty(), "another stack");
        assertTrue(scripts.findScript("sack-recovery", "cubic").isPresent(), "with or without .pkt, any stack");
        assertTrue(scripts.findScript("handshake-passive.pkt", "dctcp").isEmpty());
        assertTrue(scripts.find("CertifyWireScripts.required_wireScripts[required_handshake_active]", "dctcp").isPresent());
        assertTrue(scripts.find("DctcpWireScriptTest.optional_wireScripts[optional_sack_recovery]", "x").isPresent());
        assertTrue(scripts.find("CertifyWireScripts.required_wireScripts[handshake_active]", "dctcp").isEmpty(),
            "a display name without a level prefix is not a script test");
        assertEquals("handshake_active", Divergences.scriptTestName("handshake-active.pkt"));
        assertEquals("handshake-active dctcp: ECN SYN", scripts.entries().get(0).line());
    }

    @Test
    void aMalformedLineIsRefusedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Divergences.parse("ok kernel: fine\nrequired_x: no stack\n", "divergences.txt"));
        assertTrue(e.getMessage().startsWith("divergences.txt:2: a divergence is '<test or script id> <stack id or *>: <explanation>'"),
            e.getMessage());
    }

    @Test
    void theBundledListParses() {
        assertDoesNotThrow(Divergences::bundled, "every line of " + Divergences.RESOURCE + " is '<id> <stack or *>: <why>'");
    }
}
