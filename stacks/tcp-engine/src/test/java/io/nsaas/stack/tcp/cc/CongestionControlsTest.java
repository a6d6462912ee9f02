package io.nsaas.stack.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CongestionControlsTest {

    /** Behaves like NewReno unless a test overrides one callback. */
    private static class RenoLike implements CongestionControl {
        final NewReno reno = new NewReno();

        @Override
        public String name() {
            return "renolike";
        }

        @Override
        public int ssthresh(CcView tcp) {
            return reno.ssthresh(tcp);
        }

        @Override
        public int congestionAvoid(CcView tcp, int ackedBytes) {
            return reno.congestionAvoid(tcp, ackedBytes);
        }

        @Override
        public int undoCwnd(CcView tcp) {
            return reno.undoCwnd(tcp);
        }
    }

    @Test
    void acceptsAWellBehavedAlgorithmUnderItsOwnName() {
        CongestionControls.Registration registration = CongestionControls.register(RenoLike::new);
        assertFalse(registration.fellBack(), registration.rejection());
        assertEquals("renolike", registration.name());
        CongestionControl a = registration.factory().get();
        CongestionControl b = registration.factory().get();
        assertInstanceOf(RenoLike.class, a);
        assertNotSame(a, b);
    }

    @Test
    void rejectsNegativeSsthreshAndFallsBackToReno() {
        CongestionControls.Registration registration = CongestionControls.register(() -> new RenoLike() {
            @Override
            public int ssthresh(CcView tcp) {
                return -1;
            }
        });
        assertTrue(registration.fellBack());
        assertEquals("reno", registration.name());
        assertInstanceOf(NewReno.class, registration.factory().get());
        assertContains(registration.rejection(), "ssthresh returned -1 for FlightSize ");
        assertContains(registration.rejection(), "using \"reno\" instead");
    }

    @Test
    void rejectsSsthreshBelowTwoSegmentsForATinyFlight() {
        // Halving without the 2*SMSS floor passes for a large flight but fails for one segment in flight.
        String problem = CongestionControls.validate(() -> new RenoLike() {
            @Override
            public int ssthresh(CcView tcp) {
                return tcp.bytesInFlight() / 2;
            }
        });
        assertContains(problem, "ssthresh returned 730 for FlightSize 1460");
        assertContains(problem, "at least 2920");
    }

    @Test
    void rejectsAnEmptyOrMalformedName() {
        assertContains(CongestionControls.validate(() -> named("")), "empty name");
        assertContains(CongestionControls.validate(() -> named(null)), "empty name");
        assertContains(CongestionControls.validate(() -> named("Cubic")), "character 'C'");
        assertContains(CongestionControls.validate(() -> named("a-very-long-name")), "longer than 15");
        assertEquals("", CongestionControls.validate(() -> named("tcp_nv-2")));
    }

    @Test
    void rejectsAFactoryThatSharesOneInstance() {
        RenoLike shared = new RenoLike();
        assertContains(CongestionControls.validate(() -> shared), "same instance twice");
    }

    @Test
    void rejectsNullFactoriesAndNullInstances() {
        assertContains(CongestionControls.validate(null), "factory is null");
        assertContains(CongestionControls.validate(() -> null), "returned null");
    }

    @Test
    void rejectsACallbackThatThrows() {
        String problem = CongestionControls.validate(() -> new RenoLike() {
            @Override
            public void pktsAcked(CcView tcp, AckSample sample) {
                throw new IllegalStateException("boom");
            }
        });
        assertContains(problem, "threw java.lang.IllegalStateException: boom");
    }

    @Test
    void rejectsGrowthFasterThanSlowStart() {
        String problem = CongestionControls.validate(() -> new RenoLike() {
            @Override
            public int congestionAvoid(CcView tcp, int ackedBytes) {
                return tcp.cwnd() * 2;
            }
        });
        assertContains(problem, "faster than slow start");
    }

    @Test
    void rejectsACwndBelowOneSegment() {
        String problem = CongestionControls.validate(() -> new RenoLike() {
            @Override
            public int congestionAvoid(CcView tcp, int ackedBytes) {
                return 0;
            }
        });
        assertContains(problem, "congestionAvoid returned 0 with MSS 1460");
    }

    @Test
    void rejectsAnUndoThatGrowsTheWindow() {
        String problem = CongestionControls.validate(() -> new RenoLike() {
            @Override
            public int undoCwnd(CcView tcp) {
                return 2 * Math.max(tcp.cwnd(), tcp.priorCwnd());
            }
        });
        assertContains(problem, "undoCwnd returned");
    }

    @Test
    void rejectsANegativePacingRate() {
        String problem = CongestionControls.validate(() -> new RenoLike() {
            @Override
            public long pacingRate(CcView tcp) {
                return -5;
            }
        });
        assertContains(problem, "pacingRate returned -5");
    }

    @Test
    void probesFullControlThroughControlInsteadOfCongestionAvoid() {
        Supplier<CongestionControl> bbrLike = () -> new RenoLike() {
            @Override
            public String name() {
                return "bbrlike";
            }

            @Override
            public int ssthresh(CcView tcp) {
                return tcp.ssthresh();            // BBR keeps ssthresh (infinite until set)
            }

            @Override
            public int congestionAvoid(CcView tcp, int ackedBytes) {
                throw new AssertionError("must not be called with full control");
            }

            @Override
            public boolean hasFullControl() {
                return true;
            }

            @Override
            public int control(CcView tcp, AckSample sample) {
                return 4 * tcp.cwnd();            // a jump full control may make
            }
        };
        assertEquals("", CongestionControls.validate(bbrLike));
    }

    @Test
    void clampsKeepOneSegmentOfCwndAndTwoOfSsthresh() {
        assertEquals(1460, CongestionControls.clampCwnd(-3, 1460));
        assertEquals(5000, CongestionControls.clampCwnd(5000, 1460));
        assertEquals(2920, CongestionControls.clampSsthresh(100, 1460));
        assertEquals(Integer.MAX_VALUE, CongestionControls.clampSsthresh(Integer.MAX_VALUE, 1460));
    }

    private static RenoLike named(String name) {
        return new RenoLike() {
            @Override
            public String name() {
                return name;
            }
        };
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "expected \"" + part + "\" in: " + text);
    }
}
