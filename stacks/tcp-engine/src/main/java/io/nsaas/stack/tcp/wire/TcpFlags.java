package io.nsaas.stack.tcp.wire;

/**
 * The TCP control bits in byte 13 of the header (RFC 9293 section 3.1; ECE and CWR from RFC 3168
 * section 6.1). A segment's flags are an {@code int} holding these bits.
 */
public final class TcpFlags {
    /** No more data from sender. */
    public static final int FIN = 0x01;
    /** Synchronize sequence numbers. */
    public static final int SYN = 0x02;
    /** Reset the connection. */
    public static final int RST = 0x04;
    /** Push function. */
    public static final int PSH = 0x08;
    /** Acknowledgment field is significant. */
    public static final int ACK = 0x10;
    /** Urgent pointer field is significant. */
    public static final int URG = 0x20;
    /** ECN-Echo (RFC 3168 6.1). */
    public static final int ECE = 0x40;
    /** Congestion Window Reduced (RFC 3168 6.1). */
    public static final int CWR = 0x80;

    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private TcpFlags() {
    }

    /**
     * For logs and test diffs; allocates.
     *
     * @return the set bits' names in bit order joined by '|', such as {@code SYN|ACK}, or
     *     {@code none} when no bit of the low byte is set
     */
    public static String toString(int flags) {
        StringBuilder text = new StringBuilder(16);
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                if (text.length() > 0) {
                    text.append('|');
                }
                text.append(NAMES[bit]);
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
