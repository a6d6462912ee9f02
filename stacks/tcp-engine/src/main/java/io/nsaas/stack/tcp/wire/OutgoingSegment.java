package io.nsaas.stack.tcp.wire;

import org.agrona.DirectBuffer;

/**
 * A reusable description of one segment for {@link SegmentWriter} to build: the connection fills
 * the fields, the writer lays them out. Absent numeric options are -1; {@link #clear} resets
 * everything.
 *
 * <p>Not thread-safe; owned by the sending thread. The payload buffer is only read during
 * {@link SegmentWriter#write}.
 */
public final class OutgoingSegment {
    public int sourceAddress;
    public int destinationAddress;
    public int sourcePort;
    public int destinationPort;
    public int seq;
    public int ack;
    /** Control bits, see {@link TcpFlags}. */
    public int flags;
    /** The window field, already shifted right by our window scale: 0..65535 (RFC 7323 2.3). */
    public int window;
    /** IP ECN codepoint for the TOS byte (RFC 3168 5): 0 Not-ECT, 1 ECT(1), 2 ECT(0), 3 CE. */
    public int ecn;
    /** MSS to announce (RFC 9293 3.7.1); written on SYN segments only; -1 for none. */
    public int mss = -1;
    /** Window shift to announce (RFC 7323 2.2), 0..14; written on SYN segments only; -1 for none. */
    public int windowScale = -1;
    /** Announce SACK-Permitted (RFC 2018 2); written on SYN segments only. */
    public boolean sackPermitted;
    /** Send the Timestamps option (RFC 7323 3.2) with {@link #tsVal} and {@link #tsEcr}. */
    public boolean timestamp;
    public int tsVal;
    public int tsEcr;
    /** SACK blocks to send, most important first (RFC 2018 4); those that do not fit are dropped. */
    public int sackBlockCount;
    public final int[] sackLeft = new int[TcpOptions.MAX_SACK_BLOCKS];
    public final int[] sackRight = new int[TcpOptions.MAX_SACK_BLOCKS];
    /** Where the data comes from; may be null when {@link #payloadLength} is 0. */
    public DirectBuffer payload;
    public int payloadOffset;
    public int payloadLength;

    /** Resets every field: no options, no payload, zero addresses, ports and numbers. */
    public void clear() {
        sourceAddress = 0;
        destinationAddress = 0;
        sourcePort = 0;
        destinationPort = 0;
        seq = 0;
        ack = 0;
        flags = 0;
        window = 0;
        ecn = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamp = false;
        tsVal = 0;
        tsEcr = 0;
        sackBlockCount = 0;
        payload = null;
        payloadOffset = 0;
        payloadLength = 0;
    }

    /** Appends a SACK block; ignored once {@link TcpOptions#MAX_SACK_BLOCKS} are held. */
    public void addSackBlock(int left, int right) {
        if (sackBlockCount < TcpOptions.MAX_SACK_BLOCKS) {
            sackLeft[sackBlockCount] = left;
            sackRight[sackBlockCount] = right;
            sackBlockCount++;
        }
    }
}
