package io.nsaas.stack.tcp.wire;

import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_EOL;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_MSS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_NOP;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_SACK;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_SACK_PERMITTED;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_TIMESTAMPS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.KIND_WINDOW_SCALE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_MSS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_SACK_BASE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_SACK_PERMITTED;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_TIMESTAMPS;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.LENGTH_WINDOW_SCALE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.MAX_WINDOW_SCALE;
import static io.nsaas.stack.tcp.wire.TcpHeaderDescriptor.SACK_BLOCK_LENGTH;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * The options of one received segment (RFC 9293 3.2, RFC 7323, RFC 2018), as a reusable value
 * object that {@link TcpSegment#parse} clears and fills per segment. Absent numeric options are -1.
 *
 * <p>The parser reports what is on the wire whatever the segment's flags: it is the connection's
 * job to use MSS, Window Scale and SACK-Permitted only from a SYN (RFC 9293 3.7.1, RFC 7323 2.2,
 * RFC 2018 2) and Timestamps only once negotiated (RFC 7323 3.2). Values are not range-checked
 * beyond the Window Scale clamp (an MSS of 0 is reported as 0).
 *
 * <p>Not thread-safe: owned by the segment (and thread) that parses into it.
 */
public final class TcpOptions {
    /** SACK blocks kept at most: a SACK option of length 2+8n has n <= 4 (RFC 2018 3). */
    public static final int MAX_SACK_BLOCKS = 4;

    /** Maximum segment size (RFC 9293 3.7.1), or -1 when absent. */
    public int mss = -1;
    /** Window shift count (RFC 7323 2.2), or -1 when absent; received values above 14 read as 14 (RFC 7323 2.3). */
    public int windowScale = -1;
    /** SACK-Permitted was present (RFC 2018 2). */
    public boolean sackPermitted;
    /** The Timestamps option was present (RFC 7323 3.2); {@link #tsVal} and {@link #tsEcr} hold it. */
    public boolean timestamp;
    public int tsVal;
    public int tsEcr;
    /** Number of valid entries in {@link #sackLeft} and {@link #sackRight} (RFC 2018 3). */
    public int sackBlockCount;
    /** Left edges (first sequence number) of the SACK blocks, in the order received. */
    public final int[] sackLeft = new int[MAX_SACK_BLOCKS];
    /** Right edges (sequence number after the last byte) of the SACK blocks. */
    public final int[] sackRight = new int[MAX_SACK_BLOCKS];

    /** Resets every option to absent. */
    public void clear() {
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamp = false;
        tsVal = 0;
        tsEcr = 0;
        sackBlockCount = 0;
    }

    /** Appends a SACK block; ignored once {@link #MAX_SACK_BLOCKS} are held. */
    public void addSackBlock(int left, int right) {
        if (sackBlockCount < MAX_SACK_BLOCKS) {
            sackLeft[sackBlockCount] = left;
            sackRight[sackBlockCount] = right;
            sackBlockCount++;
        }
    }

    /**
     * Clears this object, then reads the option list at {@code [start, end)} (RFC 9293 3.2):
     * EOL ends the list, NOP is skipped, unknown kinds are skipped by their length, a repeated
     * option replaces the earlier one. Never throws when the range lies inside the buffer.
     *
     * @return false when the list is malformed: a length byte missing or below 2, an option running
     *     past {@code end}, or a known option with a length its RFC does not allow
     */
    boolean read(DirectBuffer buffer, int start, int end) {
        clear();
        int i = start;
        while (i < end) {
            int kind = buffer.getByte(i) & 0xFF;
            if (kind == KIND_EOL) {
                return true;
            }
            if (kind == KIND_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return false;
            }
            int length = buffer.getByte(i + 1) & 0xFF;
            if (length < 2 || length > end - i || !readOne(buffer, i, kind, length)) {
                return false;
            }
            i += length;
        }
        return true;
    }

    private boolean readOne(DirectBuffer buffer, int at, int kind, int length) {
        switch (kind) {
            case KIND_MSS: // RFC 9293 3.2: length 4, 16-bit value
                if (length != LENGTH_MSS) {
                    return false;
                }
                mss = buffer.getShort(at + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                return true;
            case KIND_WINDOW_SCALE: // RFC 7323 2.2: length 3; 2.3: shift > 14 is used as 14
                if (length != LENGTH_WINDOW_SCALE) {
                    return false;
                }
                windowScale = Math.min(buffer.getByte(at + 2) & 0xFF, MAX_WINDOW_SCALE);
                return true;
            case KIND_SACK_PERMITTED: // RFC 2018 2: length 2
                if (length != LENGTH_SACK_PERMITTED) {
                    return false;
                }
                sackPermitted = true;
                return true;
            case KIND_SACK: // RFC 2018 3: length 2 + 8n, n blocks of (left, right)
                return readSack(buffer, at, length);
            case KIND_TIMESTAMPS: // RFC 7323 3.2: length 10, TSval then TSecr
                if (length != LENGTH_TIMESTAMPS) {
                    return false;
                }
                timestamp = true;
                tsVal = buffer.getInt(at + 2, ByteOrder.BIG_ENDIAN);
                tsEcr = buffer.getInt(at + 6, ByteOrder.BIG_ENDIAN);
                return true;
            default: // RFC 9293 3.2: unknown options are skipped by their length
                return true;
        }
    }

    private boolean readSack(DirectBuffer buffer, int at, int length) {
        int blockBytes = length - LENGTH_SACK_BASE;
        int blocks = blockBytes / SACK_BLOCK_LENGTH;
        if (blockBytes % SACK_BLOCK_LENGTH != 0 || blocks < 1 || blocks > MAX_SACK_BLOCKS) {
            return false;
        }
        sackBlockCount = 0;
        for (int b = 0; b < blocks; b++) {
            int p = at + LENGTH_SACK_BASE + b * SACK_BLOCK_LENGTH;
            addSackBlock(buffer.getInt(p, ByteOrder.BIG_ENDIAN), buffer.getInt(p + 4, ByteOrder.BIG_ENDIAN));
        }
        return true;
    }

    /**
     * Appends the options in tcpdump's words, in a fixed order (mss, sackOK, TS, wscale, sack),
     * such as {@code mss 1460,sackOK,TS val 1 ecr 0,wscale 7}; appends nothing when none is present.
     */
    public StringBuilder appendTo(StringBuilder text) {
        int start = text.length();
        if (mss >= 0) {
            separate(text, start).append("mss ").append(mss);
        }
        if (sackPermitted) {
            separate(text, start).append("sackOK");
        }
        if (timestamp) {
            separate(text, start).append("TS val ").append(Integer.toUnsignedString(tsVal))
                .append(" ecr ").append(Integer.toUnsignedString(tsEcr));
        }
        if (windowScale >= 0) {
            separate(text, start).append("wscale ").append(windowScale);
        }
        if (sackBlockCount > 0) {
            separate(text, start).append("sack ").append(sackBlockCount).append(' ');
            for (int b = 0; b < sackBlockCount; b++) {
                text.append('{').append(Integer.toUnsignedString(sackLeft[b])).append(':')
                    .append(Integer.toUnsignedString(sackRight[b])).append('}');
            }
        }
        return text;
    }

    private static StringBuilder separate(StringBuilder text, int start) {
        return text.length() > start ? text.append(',') : text;
    }

    /** @return the options as {@link #appendTo} writes them (empty when none) */
    @Override
    public String toString() {
        return appendTo(new StringBuilder()).toString();
    }
}
