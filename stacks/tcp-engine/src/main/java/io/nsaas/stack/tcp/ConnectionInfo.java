package io.nsaas.stack.tcp;

import io.nsaas.spi.TcpInfo;
import io.nsaas.stack.tcp.cc.CaState;

/** Fills a {@link TcpInfo} snapshot from a connection, in Linux {@code tcp_info} units. */
final class ConnectionInfo {
    private ConnectionInfo() {
    }

    static void fill(Connection c, TcpInfo into) {
        into.clear();
        into.state = c.state.spi();
        into.algorithm = c.cc.name();
        into.retransmits = c.retransmits;
        into.backoff = c.rtt.backoffCount();
        into.rtoUs = c.rtt.rtoUs();
        into.sndMss = c.sndMss;
        into.rcvMss = c.rcvMss;
        int mss = Math.max(c.sndMss, 1);
        int outstanding = c.state.synchronizedState() ? Math.max(0, c.sndMax - c.sndUna) : 0;
        into.unacked = (outstanding + mss - 1) / mss;
        int sacked = c.scoreboard == null ? 0 : c.scoreboard.sackedBytes();
        into.sacked = (sacked + mss - 1) / mss;
        if (c.caState == CaState.LOSS) {
            into.lost = Math.max(0, into.unacked - into.sacked);
        } else if (c.caState == CaState.RECOVERY) {
            into.lost = 1;
        }
        into.retrans = c.caState == CaState.RECOVERY || c.caState == CaState.LOSS
            ? Math.max(0, (c.highRxt - c.sndUna + mss - 1) / mss) : 0;
        into.rttUs = c.rtt.srttUs();
        into.rttVarUs = c.rtt.rttVarUs();
        into.minRttUs = c.rtt.minRttUs();
        into.sndSsthresh = c.ssthresh == Integer.MAX_VALUE ? Integer.MAX_VALUE : c.ssthresh / mss;
        into.sndCwnd = c.cwnd / mss;
        into.sndWnd = c.sndWnd & 0xFFFF_FFFFL;
        into.rcvSpace = c.rcvBufSize;
        into.totalRetrans = c.totalRetrans;
        into.bytesSent = c.bytesSent;
        into.bytesAcked = c.bytesAcked;
        into.bytesReceived = c.bytesReceived;
        into.segsOut = c.segsOut;
        into.segsIn = c.segsIn;
        into.ecnNegotiated = c.ecnOk;
        into.ecnCeReceived = c.ecnCeReceived;
        into.ecnEceReceived = c.ecnEceReceived;
        into.ecnReductions = c.ecnReductions;
        into.ecnCwrSent = c.ecnCwrSent;
        c.cc.info(c, into);
    }
}
