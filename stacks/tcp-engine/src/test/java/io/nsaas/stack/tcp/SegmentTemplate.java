package io.nsaas.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.stack.tcp.wire.OutgoingSegment;
import io.nsaas.stack.tcp.wire.TcpFlags;
import io.nsaas.stack.tcp.wire.TcpSegment;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment to send or to expect (smoltcp's {@code TcpRepr} templates): flags always; everything else only
 * when set. Expectations compare only the set fields.
 */
final class SegmentTemplate {
    int flags;
    Integer seq;
    Integer ack;
    Integer window;
    Integer mss;
    Integer windowScale;
    Boolean sackPermitted;
    Integer tsVal;
    Integer tsEcr;
    int[] sack;
    byte[] payload;
    Integer payloadLength;
    /** IP ECN codepoint (RFC 3168 5): sent as given; expected exactly when set. */
    Integer ecn;

    static SegmentTemplate segment() {
        return new SegmentTemplate();
    }

    SegmentTemplate syn() {
        flags |= TcpFlags.SYN;
        return this;
    }

    SegmentTemplate synAck() {
        flags |= TcpFlags.SYN | TcpFlags.ACK;
        return this;
    }

    SegmentTemplate fin() {
        flags |= TcpFlags.FIN;
        return this;
    }

    SegmentTemplate rst() {
        flags |= TcpFlags.RST;
        return this;
    }

    /** ECN-Echo (RFC 3168 6.1). */
    SegmentTemplate ece() {
        flags |= TcpFlags.ECE;
        return this;
    }

    /** Congestion Window Reduced (RFC 3168 6.1). */
    SegmentTemplate cwr() {
        flags |= TcpFlags.CWR;
        return this;
    }

    /** The IP ECN codepoint: 0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE. */
    SegmentTemplate ecn(int codepoint) {
        ecn = codepoint;
        return this;
    }

    SegmentTemplate psh() {
        flags |= TcpFlags.PSH;
        return this;
    }

    SegmentTemplate seq(int value) {
        seq = value;
        return this;
    }

    SegmentTemplate ack(int value) {
        flags |= TcpFlags.ACK;
        ack = value;
        return this;
    }

    SegmentTemplate window(int value) {
        window = value;
        return this;
    }

    SegmentTemplate mss(int value) {
        mss = value;
        return this;
    }

    SegmentTemplate windowScale(int value) {
        windowScale = value;
        return this;
    }

    SegmentTemplate sackPermitted() {
        sackPermitted = true;
        return this;
    }

    SegmentTemplate ts(int val, int ecr) {
        tsVal = val;
        tsEcr = ecr;
        return this;
    }

    SegmentTemplate sack(int... edges) {
        sack = edges;
        return this;
    }

    SegmentTemplate payload(byte[] bytes) {
        payload = bytes;
        return this;
    }

    SegmentTemplate payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return payload(bytes);
    }

    SegmentTemplate length(int value) {
        payloadLength = value;
        return this;
    }

    /** Fills an outgoing segment from this template (for sending from the simulated peer). */
    void fill(OutgoingSegment out, int src, int srcPort, int dst, int dstPort) {
        out.clear();
        out.sourceAddress = src;
        out.sourcePort = srcPort;
        out.destinationAddress = dst;
        out.destinationPort = dstPort;
        out.flags = flags;
        out.seq = seq == null ? 0 : seq;
        out.ack = ack == null ? 0 : ack;
        out.window = window == null ? 65_535 : window;
        out.mss = mss == null ? -1 : mss;
        out.windowScale = windowScale == null ? -1 : windowScale;
        out.sackPermitted = sackPermitted != null && sackPermitted;
        out.ecn = ecn == null ? 0 : ecn;
        if (tsVal != null) {
            out.timestamp = true;
            out.tsVal = tsVal;
            out.tsEcr = tsEcr;
        }
        if (sack != null) {
            for (int i = 0; i + 1 < sack.length; i += 2) {
                out.addSackBlock(sack[i], sack[i + 1]);
            }
        }
        if (payload != null) {
            out.payload = new UnsafeBuffer(payload);
            out.payloadOffset = 0;
            out.payloadLength = payload.length;
        }
    }

    /** Asserts that {@code s} matches every field set here. */
    void assertMatches(TcpSegment s) {
        String text = s.toString();
        int expected = flags == 0 ? TcpFlags.ACK : flags; // a bare template expects a plain ACK
        assertEquals(TcpFlags.toString(expected & ~TcpFlags.PSH), TcpFlags.toString(s.flags() & ~TcpFlags.PSH),
            "flags of " + text);
        if (seq != null) {
            assertEquals(seq.intValue(), s.seq(), "seq of " + text);
        }
        if (ack != null) {
            assertEquals(ack.intValue(), s.ack(), "ack of " + text);
        }
        if (window != null) {
            assertEquals(window.intValue(), s.window(), "window of " + text);
        }
        if (mss != null) {
            assertEquals(mss.intValue(), s.options().mss, "mss of " + text);
        }
        if (windowScale != null) {
            assertEquals(windowScale.intValue(), s.options().windowScale, "wscale of " + text);
        }
        if (sackPermitted != null) {
            assertEquals(sackPermitted, s.options().sackPermitted, "sackOK of " + text);
        }
        if (tsEcr != null) {
            assertTrue(s.options().timestamp, "timestamp option of " + text);
            assertEquals(tsEcr.intValue(), s.options().tsEcr, "TSecr of " + text);
        }
        if (sack != null) {
            int[] actual = new int[s.options().sackBlockCount * 2];
            for (int i = 0; i < s.options().sackBlockCount; i++) {
                actual[2 * i] = s.options().sackLeft[i];
                actual[2 * i + 1] = s.options().sackRight[i];
            }
            assertEquals(Arrays.toString(sack), Arrays.toString(actual), "SACK blocks of " + text);
        }
        if (payload != null) {
            byte[] actual = new byte[s.payloadLength()];
            s.buffer().getBytes(s.payloadOffset(), actual);
            assertArrayEquals(payload, actual, "payload of " + text);
        }
        if (payloadLength != null) {
            assertEquals(payloadLength.intValue(), s.payloadLength(), "payload length of " + text);
        }
        if (ecn != null) {
            assertEquals(ecn.intValue(), s.ecn(), "IP ECN codepoint of " + text);
        }
    }

    @Override
    public String toString() {
        return TcpFlags.toString(flags) + " seq=" + seq + " ack=" + ack;
    }
}
