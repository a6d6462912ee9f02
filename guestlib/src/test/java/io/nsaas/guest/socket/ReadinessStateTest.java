package io.nsaas.guest.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.guest.api.Readiness;
import org.junit.jupiter.api.Test;

class ReadinessStateTest {

    @Test
    void eaGainClearsTheBitWhenNoEventArrivedSinceSubmit() {
        ReadinessState state = new ReadinessState();
        state.onEvent(Readiness.READ);
        long submitted = state.sequence();
        assertTrue(state.clearIfNoEventSince(Readiness.READ, submitted));
        assertEquals(0, state.bits());
    }

    @Test
    void eventBetweenSubmitAndEaGainKeepsTheBit() {
        ReadinessState state = new ReadinessState();
        long submitted = state.sequence();
        state.onEvent(Readiness.READ);
        assertFalse(state.clearIfNoEventSince(Readiness.READ, submitted));
        assertEquals(Readiness.READ, state.bits());
    }

    @Test
    void clearingOneBitLeavesTheOthers() {
        ReadinessState state = new ReadinessState();
        state.onEvent(Readiness.READ | Readiness.WRITE);
        state.clearIfNoEventSince(Readiness.WRITE, state.sequence());
        assertEquals(Readiness.READ, state.bits());
        state.set(Readiness.ACCEPT);
        assertEquals(Readiness.READ | Readiness.ACCEPT, state.bits());
        assertEquals(1, state.sequence(), "a local set is not an event");
    }
}
