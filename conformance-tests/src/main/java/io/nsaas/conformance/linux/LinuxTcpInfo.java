package io.nsaas.conformance.linux;

import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * The fields of Linux {@code struct tcp_info} ({@code include/uapi/linux/tcp.h}, host byte order) that
 * scripts assert as {@code tcpi_*}. The struct only grows at its end and the kernel returns
 * {@code min(its size, ours)} bytes, so a field is read only when the returned length covers it.
 *
 * <pre>
 *  offset  field                offset  field
 *     0    u8  state              76    u32 snd_ssthresh
 *     2    u8  retransmits        80    u32 snd_cwnd
 *     4    u8  backoff            96    u32 rcv_space
 *     8    u32 rto (us)          100    u32 total_retrans
 *    16    u32 snd_mss           120    u64 bytes_acked, 128 u64 bytes_received
 *    20    u32 rcv_mss           136    u32 segs_out, 140 u32 segs_in
 *    24..36 u32 unacked, sacked, lost, retrans
 *    68    u32 rtt (us)          148    u32 min_rtt (~0 before a sample)
 *    72    u32 rttvar (us)       200    u64 bytes_sent, 228 u32 snd_wnd
 * </pre>
 */
final class LinuxTcpInfo {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private LinuxTcpInfo() {
    }

    /** Fills {@code into} (cleared by the caller) from the {@code length} bytes at offset 0. */
    static void read(DirectBuffer info, int length, TcpInfo into) {
        TcpState state = TcpState.fromLinux(info.getByte(0) & 0xFF);
        into.state = state != null ? state : TcpState.CLOSED;
        into.retransmits = info.getByte(2) & 0xFF;
        into.backoff = info.getByte(4) & 0xFF;
        into.rtoUs = u32(info, 8);
        into.sndMss = (int) u32(info, 16);
        into.rcvMss = (int) u32(info, 20);
        into.unacked = (int) u32(info, 24);
        into.sacked = (int) u32(info, 28);
        into.lost = (int) u32(info, 32);
        into.retrans = (int) u32(info, 36);
        into.rttUs = u32(info, 68);
        into.rttVarUs = u32(info, 72);
        into.sndSsthresh = (int) Math.min(u32(info, 76), Integer.MAX_VALUE);
        into.sndCwnd = (int) u32(info, 80);
        into.rcvSpace = u32(info, 96);
        into.totalRetrans = u32(info, 100);
        if (length >= 144) {
            into.bytesAcked = info.getLong(120, ORDER);
            into.bytesReceived = info.getLong(128, ORDER);
            into.segsOut = u32(info, 136);
            into.segsIn = u32(info, 140);
        }
        if (length >= 152) {
            long minRtt = u32(info, 148);
            into.minRttUs = minRtt == 0xFFFF_FFFFL ? 0 : minRtt;
        }
        if (length >= 232) {
            into.bytesSent = info.getLong(200, ORDER);
            into.sndWnd = u32(info, 228);
        }
    }

    private static long u32(DirectBuffer info, int offset) {
        return info.getInt(offset, ORDER) & 0xFFFF_FFFFL;
    }
}
