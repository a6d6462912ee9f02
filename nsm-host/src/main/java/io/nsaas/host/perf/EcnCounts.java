package io.nsaas.host.perf;

import io.nsaas.spi.TcpInfo;

/**
 * What ECN did on one connection that negotiated it (RFC 3168), from the stack's {@link TcpInfo}:
 * the receiver's side ({@code ceReceived}) and the sender's ({@code eceReceived}, {@code reductions},
 * {@code cwrSent}).
 *
 * @param ceReceived  data segments that arrived with CE
 * @param eceReceived ACKs that arrived with ECE (the peer echoed congestion)
 * @param reductions  congestion window reductions in answer to ECE
 * @param cwrSent     segments sent with CWR
 */
public record EcnCounts(long ceReceived, long eceReceived, long reductions, long cwrSent) {

    /** @return the counts of {@code info}, or null when its connection did not negotiate ECN */
    public static EcnCounts of(TcpInfo info) {
        return info.ecnNegotiated
            ? new EcnCounts(info.ecnCeReceived, info.ecnEceReceived, info.ecnReductions, info.ecnCwrSent) : null;
    }

    /** @return {@code {"ce_received":N,"ece_received":N,"reductions":N,"cwr_sent":N}} */
    public JsonLine toJson() {
        return new JsonLine().field("ce_received", ceReceived).field("ece_received", eceReceived)
            .field("reductions", reductions).field("cwr_sent", cwrSent);
    }

    /** @return e.g. {@code ECN: 12 CE received, 40 ECE received, 9 reductions, 9 CWR sent} */
    public String toHuman() {
        return "ECN: " + ceReceived + " CE received, " + eceReceived + " ECE received, " + reductions + " reductions, "
            + cwrSent + " CWR sent";
    }
}
