package io.nsaas.host.core;

import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The record an INFO completion's host-rx chunk holds: {@link TcpInfo}'s fields, little-endian. Not
 * part of ABI 1.0 yet (the version byte lets it change); the completion's result and data length are
 * the record length, {@value #FIXED_LENGTH} bytes plus {@value #VALUE_LENGTH} per algorithm value,
 * at most {@value #MAX_LENGTH}, so it fits the smallest chunk.
 *
 * <pre>
 *  0       1       2       3       4               6       7       8
 *  +-------+-------+-------+-------+---------------+-------+-------+
 *  |version| state |retrans|backoff| record length |values |name ln|   u8 u8 u8 u8 u16 u8 u8
 *  +-------+-------+-------+-------+---------------+-------+-------+
 *  8  snd_mss   12 rcv_mss   16 unacked   20 sacked     (i32 each)
 *  24 lost      28 retrans   32 ssthresh  36 snd_cwnd   (i32 each; ssthresh 2^31-1 = unset)
 *  40 rto_us    44 rtt_us    48 rttvar_us 52 min_rtt_us (u32 each, saturated)
 *  56 snd_wnd   60 rcv_space                            (u32 each, saturated)
 *  64 total_retrans  72 bytes_sent  80 bytes_acked      (i64 each)
 *  88 bytes_received 96 segs_out   104 segs_in          (i64 each)
 *  112 algorithm name: 16 bytes ASCII, zero-padded (longer names are cut, like TCP_CA_NAME_MAX)
 *  128 algorithm values, "values" times: 8 bytes ASCII name zero-padded (cut at 8), f64 value
 * </pre>
 *
 * State is Linux {@code tcpi_state} ({@link TcpState#linux()}); retransmits and backoff saturate at
 * 255; non-ASCII characters are written as {@code '?'}.
 *
 * <p>Stateless; no allocation in {@link #write}.
 */
public final class InfoRecord {
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    /** The layout version this class writes. */
    public static final int VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int STATE_OFFSET = 1;
    public static final int RETRANSMITS_OFFSET = 2;
    public static final int BACKOFF_OFFSET = 3;
    public static final int RECORD_LENGTH_OFFSET = 4;
    public static final int VALUE_COUNT_OFFSET = 6;
    public static final int NAME_LENGTH_OFFSET = 7;
    public static final int SND_MSS_OFFSET = 8;
    public static final int RCV_MSS_OFFSET = 12;
    public static final int UNACKED_OFFSET = 16;
    public static final int SACKED_OFFSET = 20;
    public static final int LOST_OFFSET = 24;
    public static final int RETRANS_OFFSET = 28;
    public static final int SSTHRESH_OFFSET = 32;
    public static final int SND_CWND_OFFSET = 36;
    public static final int RTO_US_OFFSET = 40;
    public static final int RTT_US_OFFSET = 44;
    public static final int RTTVAR_US_OFFSET = 48;
    public static final int MIN_RTT_US_OFFSET = 52;
    public static final int SND_WND_OFFSET = 56;
    public static final int RCV_SPACE_OFFSET = 60;
    public static final int TOTAL_RETRANS_OFFSET = 64;
    public static final int BYTES_SENT_OFFSET = 72;
    public static final int BYTES_ACKED_OFFSET = 80;
    public static final int BYTES_RECEIVED_OFFSET = 88;
    public static final int SEGS_OUT_OFFSET = 96;
    public static final int SEGS_IN_OFFSET = 104;
    public static final int ALGORITHM_OFFSET = 112;
    public static final int ALGORITHM_LENGTH = 16;
    public static final int FIXED_LENGTH = 128;
    public static final int VALUE_NAME_LENGTH = 8;
    public static final int VALUE_LENGTH = 16;
    public static final int MAX_LENGTH = FIXED_LENGTH + TcpInfo.MAX_ALGORITHM_VALUES * VALUE_LENGTH;

    private InfoRecord() {
    }

    /**
     * Writes {@code info} at {@code offset}; {@link #MAX_LENGTH} bytes must fit.
     *
     * @return the record length
     */
    public static int write(TcpInfo info, MutableDirectBuffer dst, int offset) {
        int values = info.algorithmValueCount();
        int length = FIXED_LENGTH + values * VALUE_LENGTH;
        String algorithm = info.algorithm == null ? "" : info.algorithm;
        dst.putByte(offset + VERSION_OFFSET, (byte) VERSION);
        dst.putByte(offset + STATE_OFFSET, (byte) (info.state == null ? TcpState.CLOSED : info.state).linux());
        dst.putByte(offset + RETRANSMITS_OFFSET, (byte) Math.min(255, Math.max(0, info.retransmits)));
        dst.putByte(offset + BACKOFF_OFFSET, (byte) Math.min(255, Math.max(0, info.backoff)));
        dst.putShort(offset + RECORD_LENGTH_OFFSET, (short) length, BYTE_ORDER);
        dst.putByte(offset + VALUE_COUNT_OFFSET, (byte) values);
        dst.putByte(offset + NAME_LENGTH_OFFSET, (byte) Math.min(ALGORITHM_LENGTH, algorithm.length()));
        dst.putInt(offset + SND_MSS_OFFSET, info.sndMss, BYTE_ORDER);
        dst.putInt(offset + RCV_MSS_OFFSET, info.rcvMss, BYTE_ORDER);
        dst.putInt(offset + UNACKED_OFFSET, info.unacked, BYTE_ORDER);
        dst.putInt(offset + SACKED_OFFSET, info.sacked, BYTE_ORDER);
        dst.putInt(offset + LOST_OFFSET, info.lost, BYTE_ORDER);
        dst.putInt(offset + RETRANS_OFFSET, info.retrans, BYTE_ORDER);
        dst.putInt(offset + SSTHRESH_OFFSET, info.sndSsthresh, BYTE_ORDER);
        dst.putInt(offset + SND_CWND_OFFSET, info.sndCwnd, BYTE_ORDER);
        dst.putInt(offset + RTO_US_OFFSET, u32(info.rtoUs), BYTE_ORDER);
        dst.putInt(offset + RTT_US_OFFSET, u32(info.rttUs), BYTE_ORDER);
        dst.putInt(offset + RTTVAR_US_OFFSET, u32(info.rttVarUs), BYTE_ORDER);
        dst.putInt(offset + MIN_RTT_US_OFFSET, u32(info.minRttUs), BYTE_ORDER);
        dst.putInt(offset + SND_WND_OFFSET, u32(info.sndWnd), BYTE_ORDER);
        dst.putInt(offset + RCV_SPACE_OFFSET, u32(info.rcvSpace), BYTE_ORDER);
        dst.putLong(offset + TOTAL_RETRANS_OFFSET, info.totalRetrans, BYTE_ORDER);
        dst.putLong(offset + BYTES_SENT_OFFSET, info.bytesSent, BYTE_ORDER);
        dst.putLong(offset + BYTES_ACKED_OFFSET, info.bytesAcked, BYTE_ORDER);
        dst.putLong(offset + BYTES_RECEIVED_OFFSET, info.bytesReceived, BYTE_ORDER);
        dst.putLong(offset + SEGS_OUT_OFFSET, info.segsOut, BYTE_ORDER);
        dst.putLong(offset + SEGS_IN_OFFSET, info.segsIn, BYTE_ORDER);
        putAscii(algorithm, dst, offset + ALGORITHM_OFFSET, ALGORITHM_LENGTH);
        for (int i = 0; i < values; i++) {
            int at = offset + FIXED_LENGTH + i * VALUE_LENGTH;
            putAscii(info.algorithmValueName(i), dst, at, VALUE_NAME_LENGTH);
            dst.putDouble(at + VALUE_NAME_LENGTH, info.algorithmValue(i), BYTE_ORDER);
        }
        return length;
    }

    /**
     * Reads a record written by {@link #write} into {@code into} (allocates the strings).
     *
     * @return the record length
     * @throws IllegalArgumentException when the version or lengths are not this layout's
     */
    public static int read(DirectBuffer src, int offset, TcpInfo into) {
        int version = src.getByte(offset + VERSION_OFFSET) & 0xFF;
        int length = src.getShort(offset + RECORD_LENGTH_OFFSET, BYTE_ORDER) & 0xFFFF;
        int values = src.getByte(offset + VALUE_COUNT_OFFSET) & 0xFF;
        if (version != VERSION || values > TcpInfo.MAX_ALGORITHM_VALUES || length != FIXED_LENGTH + values * VALUE_LENGTH) {
            throw new IllegalArgumentException("not an info record of version " + VERSION + ": version " + version
                + ", length " + length + ", " + values + " algorithm values");
        }
        into.clear();
        TcpState state = TcpState.fromLinux(src.getByte(offset + STATE_OFFSET) & 0xFF);
        into.state = state == null ? TcpState.CLOSED : state;
        into.retransmits = src.getByte(offset + RETRANSMITS_OFFSET) & 0xFF;
        into.backoff = src.getByte(offset + BACKOFF_OFFSET) & 0xFF;
        into.sndMss = src.getInt(offset + SND_MSS_OFFSET, BYTE_ORDER);
        into.rcvMss = src.getInt(offset + RCV_MSS_OFFSET, BYTE_ORDER);
        into.unacked = src.getInt(offset + UNACKED_OFFSET, BYTE_ORDER);
        into.sacked = src.getInt(offset + SACKED_OFFSET, BYTE_ORDER);
        into.lost = src.getInt(offset + LOST_OFFSET, BYTE_ORDER);
        into.retrans = src.getInt(offset + RETRANS_OFFSET, BYTE_ORDER);
        into.sndSsthresh = src.getInt(offset + SSTHRESH_OFFSET, BYTE_ORDER);
        into.sndCwnd = src.getInt(offset + SND_CWND_OFFSET, BYTE_ORDER);
        into.rtoUs = src.getInt(offset + RTO_US_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        into.rttUs = src.getInt(offset + RTT_US_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        into.rttVarUs = src.getInt(offset + RTTVAR_US_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        into.minRttUs = src.getInt(offset + MIN_RTT_US_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        into.sndWnd = src.getInt(offset + SND_WND_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        into.rcvSpace = src.getInt(offset + RCV_SPACE_OFFSET, BYTE_ORDER) & 0xFFFF_FFFFL;
        into.totalRetrans = src.getLong(offset + TOTAL_RETRANS_OFFSET, BYTE_ORDER);
        into.bytesSent = src.getLong(offset + BYTES_SENT_OFFSET, BYTE_ORDER);
        into.bytesAcked = src.getLong(offset + BYTES_ACKED_OFFSET, BYTE_ORDER);
        into.bytesReceived = src.getLong(offset + BYTES_RECEIVED_OFFSET, BYTE_ORDER);
        into.segsOut = src.getLong(offset + SEGS_OUT_OFFSET, BYTE_ORDER);
        into.segsIn = src.getLong(offset + SEGS_IN_OFFSET, BYTE_ORDER);
        into.algorithm = getAscii(src, offset + ALGORITHM_OFFSET,
            Math.min(ALGORITHM_LENGTH, src.getByte(offset + NAME_LENGTH_OFFSET) & 0xFF));
        for (int i = 0; i < values; i++) {
            int at = offset + FIXED_LENGTH + i * VALUE_LENGTH;
            into.algorithmValue(getAscii(src, at, VALUE_NAME_LENGTH), src.getDouble(at + VALUE_NAME_LENGTH, BYTE_ORDER));
        }
        return length;
    }

    private static int u32(long value) {
        return (int) Math.min(0xFFFF_FFFFL, Math.max(0, value));
    }

    private static void putAscii(String text, MutableDirectBuffer dst, int offset, int length) {
        int n = Math.min(length, text.length());
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            dst.putByte(offset + i, (byte) (c >= 0x20 && c < 0x7F ? c : '?'));
        }
        dst.setMemory(offset + n, length - n, (byte) 0);
    }

    private static String getAscii(DirectBuffer src, int offset, int maxLength) {
        int n = 0;
        while (n < maxLength && src.getByte(offset + n) != 0) {
            n++;
        }
        return src.getStringWithoutLengthAscii(offset, n);
    }
}
