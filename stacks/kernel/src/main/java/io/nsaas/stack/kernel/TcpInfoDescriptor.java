package io.nsaas.stack.kernel;

import java.nio.ByteOrder;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import org.agrona.DirectBuffer;

/**
 * Linux {@code struct tcp_info} ({@code include/uapi/linux/tcp.h}) as returned by
 * {@code getsockopt(IPPROTO_TCP, TCP_INFO)}, host byte order. The struct only grows at its end, and
 * the kernel returns {@code min(its size, the caller's size)} bytes, so every field below is read
 * only when the returned length covers it (an older kernel leaves newer fields at their
 * {@link TcpInfo#clear()} values).
 *
 * <pre>
 *  offset  field (the ones read here)       offset  field
 *  ------  -------------------------------  ------  ------------------------------
 *     0    u8  state                          80    u32 snd_cwnd (segments)
 *     2    u8  retransmits                    96    u32 rcv_space (bytes)
 *     4    u8  backoff                       100    u32 total_retrans
 *     8    u32 rto (us)                      120    u64 bytes_acked       (4.1+)
 *    16    u32 snd_mss                       128    u64 bytes_received    (4.1+)
 *    20    u32 rcv_mss                       136    u32 segs_out          (4.2+)
 *    24    u32 unacked                       140    u32 segs_in           (4.2+)
 *    28    u32 sacked                        148    u32 min_rtt (us)      (4.6+)
 *    32    u32 lost                          200    u64 bytes_sent        (4.19+)
 *    36    u32 retrans                       228    u32 snd_wnd (bytes)   (5.4+)
 *    68    u32 rtt (us)                      232    end of the 5.4 struct
 *    72    u32 rttvar (us)
 *    76    u32 snd_ssthresh (0x7fffffff = unset)
 * </pre>
 */
final class TcpInfoDescriptor {
    static final int STATE_OFFSET = 0;
    static final int RETRANSMITS_OFFSET = 2;
    static final int BACKOFF_OFFSET = 4;
    static final int RTO_OFFSET = 8;
    static final int SND_MSS_OFFSET = 16;
    static final int RCV_MSS_OFFSET = 20;
    static final int UNACKED_OFFSET = 24;
    static final int SACKED_OFFSET = 28;
    static final int LOST_OFFSET = 32;
    static final int RETRANS_OFFSET = 36;
    static final int RTT_OFFSET = 68;
    static final int RTTVAR_OFFSET = 72;
    static final int SND_SSTHRESH_OFFSET = 76;
    static final int SND_CWND_OFFSET = 80;
    static final int RCV_SPACE_OFFSET = 96;
    static final int TOTAL_RETRANS_OFFSET = 100;
    static final int BYTES_ACKED_OFFSET = 120;
    static final int BYTES_RECEIVED_OFFSET = 128;
    static final int SEGS_OUT_OFFSET = 136;
    static final int SEGS_IN_OFFSET = 140;
    static final int MIN_RTT_OFFSET = 148;
    static final int BYTES_SENT_OFFSET = 200;
    static final int SND_WND_OFFSET = 228;

    /** The smallest struct any supported kernel returns: through {@code total_retrans}. */
    static final int MIN_LENGTH = TOTAL_RETRANS_OFFSET + 4;
    /** Room for the struct as later kernels grow it; the kernel truncates to this. */
    static final int BUFFER_LENGTH = 512;

    /** What the kernel reports as {@code min_rtt} before the first RTT sample; reported here as 0. */
    static final long NO_MIN_RTT = 0xFFFF_FFFFL;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private TcpInfoDescriptor() {
    }

    /**
     * Fills the numeric fields of {@code into} (not {@link TcpInfo#algorithm}) from the {@code length}
     * bytes the kernel returned at offset 0 of {@code buffer}. Call {@link TcpInfo#clear()} first.
     */
    static void read(DirectBuffer buffer, int length, TcpInfo into) {
        TcpState state = TcpState.fromLinux(buffer.getByte(STATE_OFFSET) & 0xFF);
        into.state = state != null ? state : TcpState.CLOSED;
        into.retransmits = buffer.getByte(RETRANSMITS_OFFSET) & 0xFF;
        into.backoff = buffer.getByte(BACKOFF_OFFSET) & 0xFF;
        into.rtoUs = u32(buffer, RTO_OFFSET);
        into.sndMss = (int) u32(buffer, SND_MSS_OFFSET);
        into.rcvMss = (int) u32(buffer, RCV_MSS_OFFSET);
        into.unacked = (int) u32(buffer, UNACKED_OFFSET);
        into.sacked = (int) u32(buffer, SACKED_OFFSET);
        into.lost = (int) u32(buffer, LOST_OFFSET);
        into.retrans = (int) u32(buffer, RETRANS_OFFSET);
        into.rttUs = u32(buffer, RTT_OFFSET);
        into.rttVarUs = u32(buffer, RTTVAR_OFFSET);
        into.sndSsthresh = (int) Math.min(u32(buffer, SND_SSTHRESH_OFFSET), Integer.MAX_VALUE);
        into.sndCwnd = (int) u32(buffer, SND_CWND_OFFSET);
        into.rcvSpace = u32(buffer, RCV_SPACE_OFFSET);
        into.totalRetrans = u32(buffer, TOTAL_RETRANS_OFFSET);
        if (length >= BYTES_RECEIVED_OFFSET + 8) {
            into.bytesAcked = buffer.getLong(BYTES_ACKED_OFFSET, ORDER);
            into.bytesReceived = buffer.getLong(BYTES_RECEIVED_OFFSET, ORDER);
        }
        if (length >= SEGS_IN_OFFSET + 4) {
            into.segsOut = u32(buffer, SEGS_OUT_OFFSET);
            into.segsIn = u32(buffer, SEGS_IN_OFFSET);
        }
        if (length >= MIN_RTT_OFFSET + 4) {
            long minRtt = u32(buffer, MIN_RTT_OFFSET);
            into.minRttUs = minRtt == NO_MIN_RTT ? 0 : minRtt;
        }
        if (length >= BYTES_SENT_OFFSET + 8) {
            into.bytesSent = buffer.getLong(BYTES_SENT_OFFSET, ORDER);
        }
        if (length >= SND_WND_OFFSET + 4) {
            into.sndWnd = u32(buffer, SND_WND_OFFSET);
        }
    }

    private static long u32(DirectBuffer buffer, int offset) {
        return buffer.getInt(offset, ORDER) & 0xFFFF_FFFFL;
    }
}
