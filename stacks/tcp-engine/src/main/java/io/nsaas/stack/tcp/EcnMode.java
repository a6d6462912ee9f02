package io.nsaas.stack.tcp;

/**
 * The {@code ecn} stack option: when a connection uses Explicit Congestion Notification (RFC 3168), as
 * Linux's {@code net.ipv4.tcp_ecn} 0/1/2. A congestion control whose {@code needsEcn()} is true requests and
 * accepts ECN whatever the mode (Linux {@code TCP_CONG_NEEDS_ECN}).
 */
public enum EcnMode {
    /** Never request ECN and refuse it when a peer asks (Linux tcp_ecn=0). The default. */
    OFF("off"),
    /** Request ECN on active opens and accept it on passive opens (Linux tcp_ecn=1). */
    ON("on"),
    /** Accept ECN when the peer's SYN asks for it, never request it (Linux tcp_ecn=2). */
    ACCEPT("accept");

    private final String text;

    EcnMode(String text) {
        this.text = text;
    }

    /** @return the option value as written in the config */
    public String text() {
        return text;
    }

    /** @return true when our SYN asks for ECN (an ECN-setup SYN, RFC 3168 6.1.1) */
    boolean requests() {
        return this == ON;
    }

    /** @return true when an ECN-setup SYN from the peer is answered with an ECN-setup SYN-ACK */
    boolean accepts() {
        return this != OFF;
    }

    /**
     * @return the mode written as {@code text} (trimmed, case-insensitive)
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    static EcnMode parse(String text) {
        String t = text.trim().toLowerCase();
        for (EcnMode mode : values()) {
            if (mode.text.equals(t)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("stack option ecn = '" + text + "' is not an ECN mode: use off, on"
            + " (request and accept ECN) or accept (only when the peer asks)");
    }
}
