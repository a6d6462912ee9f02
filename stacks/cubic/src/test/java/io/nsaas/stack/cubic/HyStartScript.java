package io.nsaas.stack.cubic;

/**
 * Drives a {@link Cubic} through HyStart++ rounds in sequence space: a round begins with the ACK that
 * reaches the previous round's windowEnd (SND.NXT when that round began); ACKs inside a round move
 * SND.UNA but stay short of the current windowEnd. Every ACK is cwnd-limited unless the sender says not.
 */
final class HyStartScript {
    static final int MSS = 1460;

    final Cubic cubic;
    final ScriptedSender tcp = new ScriptedSender(MSS);

    HyStartScript(Cubic cubic) {
        this.cubic = cubic;
        cubic.init(tcp);
    }

    /** One round of {@code n} one-segment ACKs, all with RTT sample {@code rttUs}. */
    void round(int n, long rttUs) {
        nextRoundAck(MSS, rttUs, n);
        for (int i = 1; i < n; i++) {
            ack(MSS, rttUs);
        }
    }

    /** The ACK that ends the current round and begins the next, whose windowEnd lies {@code n} segments on. */
    int nextRoundAck(int bytes, long rttUs, int n) {
        tcp.sndUna = tcp.sndMax;
        tcp.sndMax = tcp.sndUna + n * MSS;
        return tcp.ack(cubic, bytes, rttUs);
    }

    /** One ACK inside the current round. */
    int ack(int bytes, long rttUs) {
        tcp.sndUna += 1;
        return tcp.ack(cubic, bytes, rttUs);
    }

    /** @return the {@code hystart} info value: 0 slow start, 1 CSS, 2 done */
    double phase() {
        return tcp.info(cubic, "hystart");
    }
}
