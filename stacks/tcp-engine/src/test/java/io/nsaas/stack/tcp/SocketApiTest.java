package io.nsaas.stack.tcp;

import static io.nsaas.stack.tcp.TcpHarness.REMOTE;
import static io.nsaas.stack.tcp.TcpHarness.REMOTE_PORT;
import static io.nsaas.stack.tcp.TcpHarness.REMOTE_SEQ;
import static io.nsaas.stack.tcp.TcpHarness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.TcpInfo;
import io.nsaas.spi.TcpState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The socket layer: ids, ports, errors and options with Linux semantics. */
class SocketApiTest {
    final TcpHarness t = new TcpHarness();

    @Test
    void bindingABoundPortFailsUnlessBothReuseAndNeitherListens() {
        int a = t.stack.open();
        int b = t.stack.open();
        assertEquals(0, t.stack.bind(a, 0, 7000));
        assertEquals(-Errno.EADDRINUSE, t.stack.bind(b, 0, 7000));
        t.stack.setOption(a, SocketOption.SO_REUSEADDR, 1);
        t.stack.setOption(b, SocketOption.SO_REUSEADDR, 1);
        assertEquals(0, t.stack.bind(b, 0, 7000));
        assertEquals(-Errno.EINVAL, t.stack.bind(b, 0, 7001));
    }

    @Test
    void bindToForeignAddressIsNotAvailable() {
        assertEquals(-Errno.EADDRNOTAVAIL, t.stack.bind(t.stack.open(), REMOTE, 7000));
    }

    @Test
    void reuseAddressAllowsBindingOverTimeWait() {
        t.timeWait();
        t.stack.close(t.socket);
        t.stack.close(t.listener);
        int again = t.stack.open();
        t.stack.setOption(again, SocketOption.SO_REUSEADDR, 1);
        assertEquals(0, t.stack.bind(again, 0, TcpHarness.LISTEN_PORT));
    }

    @Test
    void connectPicksEphemeralPortInLinuxRange() {
        t.synSent();
        long local = t.stack.localEndpoint(t.socket);
        assertTrue(Endpoint.port(local) >= 32768 && Endpoint.port(local) <= 60999, Endpoint.format(local));
        assertEquals(TcpHarness.LOCAL, Endpoint.address(local));
        assertEquals(-Errno.ENOTCONN, t.stack.peerEndpoint(t.socket));
        assertEquals(-Errno.EALREADY, t.stack.connect(t.socket, REMOTE, REMOTE_PORT));
    }

    @Test
    void connectedSocketReportsBothEndpointsAndRejectsSecondConnect() {
        t.activeEstablished();
        assertEquals(Endpoint.pack(REMOTE, REMOTE_PORT), t.stack.peerEndpoint(t.socket));
        assertEquals(-Errno.EISCONN, t.stack.connect(t.socket, REMOTE, REMOTE_PORT));
    }

    @Test
    void sendReturnsEagainWhenBufferIsFullThenWritableAfterAck() {
        TcpHarness h = new TcpHarness(Map.of("sndbuf", "4k"));
        h.established();
        byte[] chunk = new byte[10_000];
        assertEquals(4096, h.stack.send(h.socket, new UnsafeBuffer(chunk), 0, chunk.length));
        assertEquals(-Errno.EAGAIN, h.stack.send(h.socket, new UnsafeBuffer(chunk), 0, chunk.length));
        h.send(segment().ack(h.localSeq + 1 + 1460).seq(REMOTE_SEQ + 1));
        assertTrue(h.events.has("writable " + h.socket));
        assertEquals(1460, h.stack.send(h.socket, new UnsafeBuffer(chunk), 0, chunk.length));
    }

    @Test
    void recvIsEagainWithoutDataAndZeroAtEof() {
        t.established();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        assertEquals(-Errno.EAGAIN, t.stack.recv(t.socket, buffer, 0, 100));
        t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(10).fin());
        assertEquals(10, t.stack.recv(t.socket, buffer, 0, 100));
        assertEquals(0, t.stack.recv(t.socket, buffer, 0, 100));
        assertEquals(-Errno.ENOTCONN, t.stack.recv(t.stack.open(), buffer, 0, 100));
    }

    @Test
    void dataArrivingBeforeAcceptIsSignalledOnAccept() {
        t.synReceived();
        t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(20));
        int child = t.stack.accept(t.listener);
        assertTrue(t.events.has("readable " + child));
        t.socket = child;
        assertEquals(20, t.read().length);
    }

    @Test
    void badArgumentsAreInvalid() {
        t.established();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[10]);
        assertEquals(-Errno.EINVAL, t.stack.send(t.socket, buffer, 5, 10));
        assertEquals(-Errno.EINVAL, t.stack.recv(t.socket, buffer, -1, 2));
        assertEquals(-Errno.EINVAL, t.stack.setOption(t.socket, SocketOption.TCP_MAXSEG, 10));
    }

    @Test
    void congestionOptionReadsAlgorithmAndIsReadOnly() {
        int s = t.stack.open();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        int n = t.stack.getOptionBytes(s, SocketOption.TCP_CONGESTION, buffer, 0, 16);
        assertEquals("reno", buffer.getStringWithoutLengthAscii(0, n));
        byte[] reno = "reno".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, t.stack.setOptionBytes(s, SocketOption.TCP_CONGESTION, new UnsafeBuffer(reno), 0, 4));
        byte[] cubic = "cubic".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-Errno.EPERM, t.stack.setOptionBytes(s, SocketOption.TCP_CONGESTION, new UnsafeBuffer(cubic), 0, 5));
        assertEquals(-Errno.ENOPROTOOPT, t.stack.getOption(s, SocketOption.TCP_CONGESTION));
    }

    @Test
    void numericOptionsRoundTrip() {
        int s = t.stack.open();
        assertEquals(0, t.stack.setOption(s, SocketOption.TCP_NODELAY, 1));
        assertEquals(1, t.stack.getOption(s, SocketOption.TCP_NODELAY));
        assertEquals(0, t.stack.setOption(s, SocketOption.SO_KEEPALIVE, 1));
        assertEquals(1, t.stack.getOption(s, SocketOption.SO_KEEPALIVE));
        assertEquals(0, t.stack.setOption(s, SocketOption.TCP_USER_TIMEOUT, 5000));
        assertEquals(5000, t.stack.getOption(s, SocketOption.TCP_USER_TIMEOUT));
        assertEquals(0, t.stack.setOption(s, SocketOption.SO_SNDBUF, 100_000));
        assertEquals(100_000, t.stack.getOption(s, SocketOption.SO_SNDBUF));
        assertEquals(0, t.stack.setOption(s, SocketOption.TCP_MAXSEG, 1000));
        assertEquals(1000, t.stack.getOption(s, SocketOption.TCP_MAXSEG));
        assertEquals(-Errno.ENOPROTOOPT, t.stack.setOption(s, SocketOption.SO_ERROR, 1));
    }

    @Test
    void refusedConnectSetsSoErrorOnce() {
        t.synSent();
        t.send(segment().rst().ack(t.localSeq + 1).seq(0));
        assertEquals(Errno.ECONNREFUSED, t.stack.getOption(t.socket, SocketOption.SO_ERROR));
        assertEquals(0, t.stack.getOption(t.socket, SocketOption.SO_ERROR));
    }

    @Test
    void socketWhoseConnectWasRefusedConnectsAgain() {
        t.synSent();
        t.send(segment().rst().ack(t.localSeq + 1).seq(0));
        assertEquals(-Errno.EINPROGRESS, t.stack.connect(t.socket, REMOTE, REMOTE_PORT), "Linux: unconnected again");
        assertEquals(t.localPort, t.expect(segment().syn()).sourcePort(), "a new SYN from the socket's port");
        assertEquals(0, t.stack.getOption(t.socket, SocketOption.SO_ERROR), "the old error is gone");
    }

    @Test
    void shutdownWhileConnectingAbortsTheConnect() {
        t.synSent();
        assertEquals(0, t.stack.shutdown(t.socket, io.nsaas.spi.StackInstance.SHUT_WR), "Linux inet_shutdown in SYN_SENT");
        assertTrue(t.events.has("closed " + t.socket + " ECONNRESET"), t.events.toString());
        t.expectNothing();
        assertEquals(-Errno.EINPROGRESS, t.stack.connect(t.socket, REMOTE, REMOTE_PORT), "unconnected again");
    }

    @Test
    void shutdownReadOfListenerStopsListeningAndWriteDoesNot() {
        t.listen();
        assertEquals(0, t.stack.shutdown(t.listener, io.nsaas.spi.StackInstance.SHUT_WR));
        assertEquals(-Errno.EAGAIN, t.stack.accept(t.listener), "still listening after SHUT_WR");
        assertEquals(0, t.stack.shutdown(t.listener, io.nsaas.spi.StackInstance.SHUT_RD));
        assertEquals(-Errno.EINVAL, t.stack.accept(t.listener), "no longer listening after SHUT_RD");
        t.send(segment().syn().seq(REMOTE_SEQ));
        t.expect(segment().rst().ack(REMOTE_SEQ + 1));
    }

    @Test
    void sendWhileConnectingIsEagainThenWritableOnceConnected() {
        t.synSent();
        assertEquals(-Errno.EAGAIN, t.stack.send(t.socket, new UnsafeBuffer(new byte[5]), 0, 5), "Linux sk_stream_wait_connect");
        t.send(segment().syn().ack(t.localSeq + 1).seq(REMOTE_SEQ));
        assertTrue(t.events.has("connected " + t.socket), t.events.toString());
        assertTrue(t.events.has("writable " + t.socket), "the EAGAIN send is told to retry: " + t.events);
    }

    @Test
    void bytesQueuedBeforeShutdownReadAreStillRead() {
        t.established();
        t.send(segment().ack(t.localSeq + 1).seq(REMOTE_SEQ + 1).payload(10));
        assertEquals(0, t.stack.shutdown(t.socket, io.nsaas.spi.StackInstance.SHUT_RD));
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        assertEquals(10, t.stack.recv(t.socket, buffer, 0, 100), "Linux tcp_recvmsg reads queued bytes after SHUT_RD");
        assertEquals(0, t.stack.recv(t.socket, buffer, 0, 100), "then end of stream");
    }

    @Test
    void infoReportsConnectionSnapshot() {
        t.established();
        t.write(new byte[3000]);
        TcpInfo info = new TcpInfo();
        assertEquals(0, t.stack.info(t.socket, info));
        assertEquals(TcpState.ESTABLISHED, info.state);
        assertEquals("reno", info.algorithm);
        assertEquals(10, info.sndCwnd);
        assertEquals(1460, info.sndMss);
        assertEquals(2, info.unacked); // Nagle holds the 80-byte tail while two full segments are unacknowledged
        assertEquals(Integer.MAX_VALUE, info.sndSsthresh);
        assertTrue(info.rtoUs >= 200_000);
        assertEquals(-Errno.EBADF, t.stack.info(42, info));
    }

    @Test
    void idsAreReusedAfterClose() {
        int a = t.stack.open();
        t.stack.close(a);
        assertEquals(a, t.stack.open());
        TcpHarness small = new TcpHarness(Map.of("max-sockets", "2"));
        small.stack.open();
        small.stack.open();
        assertEquals(-Errno.EMFILE, small.stack.open());
    }

    @Test
    void destroySendsResetToLiveConnections() {
        t.established();
        t.stack.destroy();
        t.expect(segment().rst().ack(REMOTE_SEQ + 1).seq(t.localSeq + 1));
        assertEquals(0, t.stack.connectionCount());
    }
}
