package io.nsaas.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.StackInstance;
import io.nsaas.stack.tcp.cc.CongestionControl;
import io.nsaas.stack.tcp.cc.NewReno;
import io.nsaas.stack.tcp.wire.OutgoingSegment;
import io.nsaas.stack.tcp.wire.SegmentWriter;
import io.nsaas.stack.tcp.wire.TcpSegment;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * smoltcp-style harness: one {@link TcpStack} in virtual time talking to a scripted peer. {@code send}
 * injects a segment from the peer, {@code expect} checks the next segment the stack sent, fixtures put a
 * socket directly into each RFC 9293 state. Defaults: no window scaling, timestamps or SACK, so templates
 * stay short; tests that need them pass options.
 */
class TcpHarness {
    static final int LOCAL = Endpoint.parseAddress("10.0.0.1");
    static final int REMOTE = Endpoint.parseAddress("10.0.0.2");
    static final int LISTEN_PORT = 80;
    static final int REMOTE_PORT = 49_500;
    static final int REMOTE_SEQ = 10_000;

    final Scheduler scheduler = new Scheduler();
    final VirtualHost host = new VirtualHost(scheduler, LOCAL, 7);
    final RecordingEvents events = new RecordingEvents();
    final TcpStack stack;
    final TcpSegment parsed = new TcpSegment();
    private final OutgoingSegment out = new OutgoingSegment();
    private final SegmentWriter writer = new SegmentWriter();
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[70_000]);

    /** The stack's ISS, learned from its SYN or SYN-ACK. */
    int localSeq;
    int localPort = LISTEN_PORT;
    int remotePort = REMOTE_PORT;
    int socket = -1;
    int listener = -1;
    /** Options the peer puts on its SYN (fixtures); tests enable SACK, timestamps or scaling here. */
    java.util.function.UnaryOperator<SegmentTemplate> peerSyn = s -> s;

    TcpHarness() {
        this(Map.of());
    }

    TcpHarness(Map<String, String> options) {
        this(options, NewReno::new);
    }

    /** A harness whose connections use congestion controls from {@code cc}. */
    TcpHarness(Map<String, String> options, Supplier<? extends CongestionControl> cc) {
        Map<String, String> all = new HashMap<>();
        all.put("sack", "false");
        all.put("timestamps", "false");
        all.put("window-scaling", "false");
        all.put("rcvbuf", "65535");
        all.putAll(options);
        stack = new TcpStack(host, events, TcpConfig.parse(all), cc);
        host.attach(stack);
    }

    static SegmentTemplate segment() {
        return SegmentTemplate.segment();
    }

    /** Delivers a segment from the peer to the stack. */
    void send(SegmentTemplate t) {
        t.fill(out, REMOTE, remotePort, LOCAL, localPort);
        int length = writer.write(out, packet, 0);
        assertTrue(length > 0, "template too large: " + t);
        stack.onPacket(packet, 0, length);
    }

    /** Delivers raw bytes as a packet. */
    void sendRaw(byte[] bytes) {
        stack.onPacket(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** Asserts that the next segment the stack sent matches {@code t}; returns it parsed. */
    TcpSegment expect(SegmentTemplate t) {
        byte[] bytes = host.transmitted.poll();
        if (bytes == null) {
            fail("expected " + t + " but the stack sent nothing");
        }
        assertEquals(TcpSegment.OK, parsed.parse(new UnsafeBuffer(bytes), 0, bytes.length), "stack sent a malformed packet");
        t.assertMatches(parsed);
        return parsed;
    }

    void expectNothing() {
        byte[] bytes = host.transmitted.poll();
        if (bytes != null) {
            parsed.parse(new UnsafeBuffer(bytes), 0, bytes.length);
            fail("expected nothing but the stack sent " + parsed);
        }
    }

    /** Drops whatever the stack sent so far. */
    void drain() {
        host.transmitted.clear();
    }

    void advanceTime(long millis) {
        scheduler.runUntil(scheduler.now() + millis * 1_000_000L);
    }

    State state() {
        return stack.state(socket);
    }

    Connection connection() {
        return stack.socket(socket);
    }

    // ---------------------------------------------------------------- fixtures, one per state

    void listen() {
        listener = stack.open();
        assertEquals(0, stack.bind(listener, 0, LISTEN_PORT));
        assertEquals(0, stack.listen(listener, 16));
        socket = listener;
    }

    void synReceived() {
        listen();
        send(peerSyn.apply(segment().syn().seq(REMOTE_SEQ).mss(1460)));
        localSeq = expect(segment().synAck().ack(REMOTE_SEQ + 1).mss(1460)).seq();
    }

    void established() {
        synReceived();
        send(segment().ack(localSeq + 1).seq(REMOTE_SEQ + 1));
        socket = stack.accept(listener);
        assertTrue(socket >= 0, "accept failed: " + Errno.name(socket));
        assertEquals(State.ESTABLISHED, state());
    }

    void synSent() {
        socket = stack.open();
        assertEquals(-Errno.EINPROGRESS, stack.connect(socket, REMOTE, REMOTE_PORT));
        TcpSegment syn = expect(segment().syn().mss(1460));
        localSeq = syn.seq();
        localPort = syn.sourcePort();
    }

    void activeEstablished() {
        synSent();
        send(segment().synAck().seq(REMOTE_SEQ).ack(localSeq + 1).mss(1460));
        expect(segment().ack(REMOTE_SEQ + 1).seq(localSeq + 1));
        assertEquals(State.ESTABLISHED, state());
    }

    void finWait1() {
        established();
        assertEquals(0, stack.shutdown(socket, StackInstance.SHUT_WR));
        expect(segment().fin().ack(REMOTE_SEQ + 1).seq(localSeq + 1));
        assertEquals(State.FIN_WAIT_1, state());
    }

    void finWait2() {
        finWait1();
        send(segment().ack(localSeq + 2).seq(REMOTE_SEQ + 1));
        assertEquals(State.FIN_WAIT_2, state());
    }

    void closing() {
        finWait1();
        send(segment().fin().ack(localSeq + 1).seq(REMOTE_SEQ + 1));
        expect(segment().ack(REMOTE_SEQ + 2).seq(localSeq + 2));
        assertEquals(State.CLOSING, state());
    }

    void timeWait() {
        finWait2();
        send(segment().fin().ack(localSeq + 2).seq(REMOTE_SEQ + 1));
        expect(segment().ack(REMOTE_SEQ + 2).seq(localSeq + 2));
        assertEquals(State.TIME_WAIT, state());
    }

    void closeWait() {
        established();
        send(segment().fin().ack(localSeq + 1).seq(REMOTE_SEQ + 1));
        expect(segment().ack(REMOTE_SEQ + 2).seq(localSeq + 1));
        assertEquals(State.CLOSE_WAIT, state());
    }

    void lastAck() {
        closeWait();
        assertEquals(0, stack.shutdown(socket, StackInstance.SHUT_WR));
        expect(segment().fin().ack(REMOTE_SEQ + 2).seq(localSeq + 1));
        assertEquals(State.LAST_ACK, state());
    }

    /** Queues {@code bytes} on the socket; asserts all were accepted. */
    void write(byte[] bytes) {
        assertEquals(bytes.length, stack.send(socket, new UnsafeBuffer(bytes), 0, bytes.length));
    }

    /** Reads everything readable now. */
    byte[] read() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
        int n = stack.recv(socket, buffer, 0, buffer.capacity());
        if (n <= 0) {
            return new byte[0];
        }
        byte[] bytes = new byte[n];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
