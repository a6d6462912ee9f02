package io.nsaas.conformance.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.Requirement;
import io.nsaas.guest.api.GuestSocket;
import io.nsaas.guest.api.Readiness;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.Errno;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackInstance;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Socket contract, setting up connections: bind, listen, accept, connect (blocking and
 * non-blocking) and the endpoint queries, each in the states where Linux answers with an errno;
 * also what a connecting, listening, fresh or closed socket does with the other calls (write,
 * shutdown, close, options) and the arguments the guest rejects before they reach the stack.
 */
public abstract class ConnectContractTck extends SocketContractTck {

    @Test
    @Requirement("SC-CONNECT-REFUSED")
    void required_connectToPortWithoutListenerIsRefused() throws Exception {
        GuestSocket bound = serverSocket();
        bound.bind(0, 0);
        GuestSocket client = clientSocket();
        assertErrno(Errno.ECONNREFUSED, "blocking connect to a bound port nobody listens on",
            () -> client.connect(host().serverAddress(), portOf(bound), WAIT));
        assertFalse(client.isConnected(), "a refused socket is not connected");
    }

    @Test
    @Requirement("SC-CONNECT-INPROGRESS")
    void required_nonBlockingConnectIsInProgressThenCompletes() throws Exception {
        GuestSocket listener = listener(8);
        GuestSocket client = clientSocket();
        assertFalse(client.connect(host().serverAddress(), portOf(listener), NOW),
            "a non-blocking connect returns EINPROGRESS (false) before the handshake completes");
        await(() -> (client.readyOps() & Readiness.CONNECT) != 0, "CONNECT readiness after the handshake");
        assertTrue(client.finishConnect(WAIT), "finishConnect reports the completed connect");
        assertTrue(client.isConnected(), "connected after finishConnect");
        assertNotNull(track(listener.accept(WAIT)), "the listener accepts the connection");
    }

    @Test
    @Requirement("SC-CONNECT-ISCONN")
    void required_connectOnConnectedSocketIsIsconn() throws Exception {
        Connection c = connect();
        assertErrno(Errno.EISCONN, "connect on a connected socket",
            () -> c.client().connect(host().serverAddress(), portOf(c.listener()), WAIT));
        assertTrue(c.client().isConnected(), "the failed second connect leaves the connection up");
    }

    @Test
    @Requirement("SC-CONNECT-REFUSED-NONBLOCKING")
    void required_nonBlockingConnectRefusalIsReportedByFinishConnect() throws Exception {
        GuestSocket bound = serverSocket();
        bound.bind(0, 0);
        GuestSocket client = clientSocket();
        boolean connected = client.connect(host().serverAddress(), portOf(bound), NOW);
        assertFalse(connected, "a non-blocking connect to a port without listener cannot be connected at once");
        await(() -> (client.readyOps() & Readiness.CONNECT) != 0, "CONNECT readiness once the refusal arrives");
        assertErrno(Errno.ECONNREFUSED, "finishConnect after the peer refused", () -> client.finishConnect(WAIT));
    }

    @Test
    @Requirement("SC-BIND-ADDRINUSE")
    void required_bindToPortOfListenerIsAddrinuse() throws Exception {
        GuestSocket listener = listener(8);
        GuestSocket second = serverSocket();
        assertErrno(Errno.EADDRINUSE, "bind to the port of a listening socket",
            () -> second.bind(0, portOf(listener)));
    }

    @Test
    @Requirement("SC-BIND-TWICE")
    void required_bindOfBoundSocketIsInvalid() throws Exception {
        GuestSocket socket = serverSocket();
        socket.bind(0, 0);
        assertErrno(Errno.EINVAL, "bind of an already bound socket", () -> socket.bind(0, 0));
    }

    @Test
    @Requirement("SC-BIND-EPHEMERAL")
    void required_bindToPortZeroChoosesAPort() throws Exception {
        GuestSocket socket = serverSocket();
        socket.bind(0, 0);
        int port = portOf(socket);
        assertTrue(port > 0 && port <= 0xFFFF, "bind to port 0 gives a real port, got " + port);
    }

    @Test
    @Requirement("SC-BIND-CONNECTED-EINVAL")
    void required_bindOfConnectedSocketIsInvalid() throws Exception {
        Connection c = connect();
        assertErrno(Errno.EINVAL, "bind of a connected socket", () -> c.client().bind(0, 0));
    }

    @Test
    @Requirement("SC-LISTEN-AUTOBIND")
    void required_listenWithoutBindChoosesAPortAndAccepts() throws Exception {
        GuestSocket listener = serverSocket();
        listener.listen(8);
        int port = portOf(listener);
        assertTrue(port > 0, "listen on an unbound socket binds it to an ephemeral port (Linux autobind), got " + port);
        GuestSocket client = clientSocket();
        assertTrue(client.connect(host().serverAddress(), port, WAIT), "a client connects to the autobound port");
        assertNotNull(track(listener.accept(WAIT)), "and the listener accepts it");
    }

    @Test
    @Requirement("SC-ACCEPT-EAGAIN")
    void required_nonBlockingAcceptWithoutConnectionIsEagain() throws Exception {
        GuestSocket listener = listener(8);
        assertNull(listener.accept(NOW), "a non-blocking accept with no pending connection answers EAGAIN (null)");
        assertEquals(0, listener.readyOps() & Readiness.ACCEPT, "no ACCEPT readiness without a pending connection");
    }

    @Test
    @Requirement("SC-ACCEPT-TIMEOUT")
    void required_acceptWithTimeoutTimesOut() throws Exception {
        GuestSocket listener = listener(8);
        assertThrows(SocketTimeoutException.class, () -> listener.accept(SHORT),
            "an accept with a timeout and no connection throws SocketTimeoutException");
    }

    @Test
    @Requirement("SC-ACCEPT-NOTLISTENING")
    void required_acceptOnSocketNotListeningIsInvalid() throws Exception {
        GuestSocket socket = serverSocket();
        socket.bind(0, 0);
        assertErrno(Errno.EINVAL, "accept on a bound socket that does not listen", () -> socket.accept(NOW));
    }

    @Test
    @Requirement("SC-READY-ACCEPT")
    void required_pendingConnectionMakesListenerAcceptable() throws Exception {
        GuestSocket listener = listener(8);
        AtomicInteger wakeups = new AtomicInteger();
        listener.readinessListener(wakeups::incrementAndGet);
        GuestSocket client = clientSocket();
        assertTrue(client.connect(host().serverAddress(), portOf(listener), WAIT), "connect to the listener");
        await(() -> (listener.readyOps() & Readiness.ACCEPT) != 0, "ACCEPT readiness on the listener");
        await(() -> wakeups.get() > 0, "the readiness listener is called when ACCEPT is set");
        assertNotNull(track(listener.accept(NOW)), "a non-blocking accept takes the pending connection");
    }

    @Test
    @Requirement("SC-LISTEN-BACKLOG")
    void required_backlogHoldsCompletedConnectionsUntilAccepted() throws Exception {
        int backlog = 4;
        GuestSocket listener = listener(backlog);
        GuestSocket[] clients = new GuestSocket[backlog];
        for (int i = 0; i < backlog; i++) {
            clients[i] = clientSocket();
            assertTrue(clients[i].connect(host().serverAddress(), portOf(listener), WAIT),
                "connection " + (i + 1) + " of " + backlog + " completes while queued in the backlog");
        }
        for (int i = 0; i < backlog; i++) {
            GuestSocket accepted = track(listener.accept(WAIT));
            assertNotNull(accepted, "queued connection " + (i + 1) + " is accepted");
            int peerPort = Endpoint.port(accepted.peerEndpoint());
            assertTrue(contains(clients, peerPort), "accepted connection " + (i + 1) + " comes from one of the clients");
        }
        assertNull(listener.accept(NOW), "no more connections than were made");
    }

    private static boolean contains(GuestSocket[] clients, int port) throws java.io.IOException {
        for (GuestSocket client : clients) {
            if (portOf(client) == port) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Requirement({"SC-LISTEN-BACKLOG-FULL", "SC-CONNECT-ALREADY"})
    void required_connectBeyondFullBacklogWaitsInsteadOfBeingRefused() throws Exception {
        GuestSocket listener = listener(1);
        List<GuestSocket> completed = new ArrayList<>();
        GuestSocket pending = connectBeyondFullQueue(listener, completed);
        assertTrue(completed.size() >= 1, "listen(1) queues at least one completed connection");
        GuestSocket stillPending = pending;
        assertErrno(Errno.EALREADY, "connect while a connect is in progress",
            () -> stillPending.connect(host().serverAddress(), portOf(listener), NOW));
        for (int i = 0; i < completed.size(); i++) {
            assertNotNull(track(listener.accept(WAIT)), "queued connection " + (i + 1) + " is accepted");
        }
        assertTrue(pending.finishConnect(WAIT), "once the queue has room, the retransmitted SYN completes the pending connect");
        assertNotNull(track(listener.accept(WAIT)), "and the listener accepts it");
    }

    /**
     * Connects clients without blocking until one stays in progress because the listener's accept
     * queue is full (Linux drops the SYN); the ones that completed are added to {@code completed}.
     *
     * @return the client whose connect is still in progress
     */
    private GuestSocket connectBeyondFullQueue(GuestSocket listener, List<GuestSocket> completed) throws java.io.IOException {
        for (int attempt = 0; attempt < 4; attempt++) {
            GuestSocket client = clientSocket();
            if (!client.connect(host().serverAddress(), portOf(listener), NOW) && !completesSoon(client)) {
                return client;
            }
            completed.add(client);
        }
        throw new AssertionError("a SYN beyond a full accept queue is dropped (Linux), so a connect stays in progress;"
            + " but " + completed.size() + " connections completed on a listen(1) socket");
    }

    private static boolean completesSoon(GuestSocket connecting) throws java.io.IOException {
        try {
            return connecting.finishConnect(SHORT);
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    @Requirement("SC-CONNECT-ON-LISTENER-ISCONN")
    void required_connectOnListeningSocketIsIsconn() throws Exception {
        GuestSocket listener = listener(8);
        GuestSocket other = listener(8);
        assertErrno(Errno.EISCONN, "connect on a listening socket",
            () -> listener.connect(host().serverAddress(), portOf(other), WAIT));
    }

    @Test
    @Requirement("SC-LISTEN-CONNECTED-EINVAL")
    void required_listenOnConnectedSocketIsInvalid() throws Exception {
        Connection c = connect();
        assertErrno(Errno.EINVAL, "listen on a connected socket", () -> c.client().listen(8));
    }

    @Test
    @Requirement("SC-CLOSE-LISTENER-RESETS-QUEUED")
    void required_closingListenerResetsConnectionsNotYetAccepted() throws Exception {
        GuestSocket listener = listener(8);
        GuestSocket client = clientSocket();
        assertTrue(client.connect(host().serverAddress(), portOf(listener), WAIT), "connect to the listener");
        await(() -> (listener.readyOps() & Readiness.ACCEPT) != 0, "the connection is queued on the listener");
        listener.close();
        assertErrno(Errno.ECONNRESET, "read on a connection its listener closed before accepting it",
            () -> client.read(new byte[8], 0, 8, WAIT));
    }

    @Test
    @Requirement("SC-OPTION-ROUNDTRIP")
    void required_booleanOptionsReadBackAsSet() throws Exception {
        Connection c = connect();
        for (SocketOption option : new SocketOption[] {SocketOption.TCP_NODELAY, SocketOption.SO_KEEPALIVE}) {
            c.client().setOption(option, 1);
            assertEquals(1, c.client().getOption(option), option + " reads back 1 after being set to 1");
            c.client().setOption(option, 0);
            assertEquals(0, c.client().getOption(option), option + " reads back 0 after being set to 0");
        }
    }

    @Test
    @Requirement("SC-BLOCKING-ACCEPT-WAKES")
    void required_blockedAcceptReturnsWhenConnectionArrives() throws Exception {
        GuestSocket listener = listener(8);
        GuestSocket[] accepted = new GuestSocket[1];
        Thread acceptor = new Thread(() -> {
            try {
                accepted[0] = listener.accept(WAIT);
            } catch (java.io.IOException e) {
                accepted[0] = null;
            }
        }, "contract-acceptor");
        acceptor.start();
        await(() -> acceptor.getState() != Thread.State.RUNNABLE, "the acceptor blocks waiting for a connection");
        GuestSocket client = clientSocket();
        assertTrue(client.connect(host().serverAddress(), portOf(listener), WAIT), "connect to the listener");
        acceptor.join(WAIT / 1_000_000);
        assertNotNull(track(accepted[0]), "the blocked accept returns the connection that arrived");
        assertEquals(client.localEndpoint(), accepted[0].peerEndpoint(), "the accepted connection is the client's");
    }

    @Test
    @Requirement("SC-CONNECT-TIMEOUT")
    void required_blockingConnectWithTimeoutTimesOutWhenNoAnswerComes() throws Exception {
        GuestSocket listener = listener(1);
        connectBeyondFullQueue(listener, new ArrayList<>());
        GuestSocket unanswered = clientSocket();
        assertThrows(SocketTimeoutException.class,
            () -> unanswered.connect(host().serverAddress(), portOf(listener), SHORT),
            "a blocking connect with a timeout whose SYN gets no answer throws SocketTimeoutException");
    }

    @Test
    @Requirement("SC-ENDPOINTS")
    void required_bothEndsAgreeOnTheEndpoints() throws Exception {
        Connection c = connect();
        assertEquals(c.client().localEndpoint(), c.server().peerEndpoint(),
            "the server's peer is the client's local endpoint");
        assertEquals(portOf(c.listener()), portOf(c.server()), "the accepted socket has the listener's port");
        assertEquals(portOf(c.listener()), Endpoint.port(c.client().peerEndpoint()), "the client's peer port is the listener's");
    }

    @Test
    @Requirement("SC-GETPEERNAME-NOTCONN")
    void required_peerEndpointOfUnconnectedSocketIsNotconn() throws Exception {
        GuestSocket socket = clientSocket();
        assertErrno(Errno.ENOTCONN, "getpeername on an unconnected socket", socket::peerEndpoint);
        GuestSocket listener = listener(8);
        assertErrno(Errno.ENOTCONN, "getpeername on a listening socket", listener::peerEndpoint);
    }

    @Test
    @Requirement("SC-CLOSED-EBADF")
    void required_operationsOnClosedSocketAreBadf() throws Exception {
        GuestSocket socket = clientSocket();
        socket.close();
        assertFalse(socket.isOpen(), "closed");
        assertErrno(Errno.EBADF, "bind on a closed socket", () -> socket.bind(0, 0));
        assertErrno(Errno.EBADF, "connect on a closed socket", () -> socket.connect(host().serverAddress(), 9, WAIT));
        assertErrno(Errno.EBADF, "listen on a closed socket", () -> socket.listen(1));
    }

    @Test
    @Requirement("SC-CONNECT-ALREADY")
    void required_secondConnectWhileInProgressIsAlready() throws Exception {
        GuestSocket listener = listener(1);
        GuestSocket pending = connectBeyondFullQueue(listener, new ArrayList<>());
        assertErrno(Errno.EALREADY, "a second non-blocking connect while the first is in progress",
            () -> pending.connect(host().serverAddress(), portOf(listener), NOW));
        assertFalse(pending.isConnected(), "the second connect leaves the first one in progress");
    }

    @Test
    @Requirement("SC-SO-ERROR-REFUSED")
    void required_soErrorReportsAnAsyncRefusalOnce() throws Exception {
        GuestSocket bound = serverSocket();
        bound.bind(0, 0);
        GuestSocket client = clientSocket();
        assertFalse(client.connect(host().serverAddress(), portOf(bound), NOW), "a non-blocking connect is in progress");
        await(() -> (client.readyOps() & Readiness.CONNECT) != 0, "CONNECT readiness once the refusal arrives");
        assertEquals(Errno.ECONNREFUSED, client.getOption(SocketOption.SO_ERROR),
            "SO_ERROR after an asynchronous connect was refused is ECONNREFUSED");
        assertEquals(0, client.getOption(SocketOption.SO_ERROR), "reading SO_ERROR clears it");
    }

    @Test
    @Requirement("SC-CONNECT-AFTER-FAILURE")
    void required_socketWhoseConnectFailedCanConnectElsewhere() throws Exception {
        GuestSocket bound = serverSocket();
        bound.bind(0, 0);
        GuestSocket listener = listener(8);
        GuestSocket client = clientSocket();
        assertErrno(Errno.ECONNREFUSED, "connect to a port nobody listens on",
            () -> client.connect(host().serverAddress(), portOf(bound), WAIT));
        assertTrue(client.connect(host().serverAddress(), portOf(listener), WAIT),
            "after a refused connect the same socket connects to another port (Linux: back to unconnected)");
        GuestSocket accepted = track(listener.accept(WAIT));
        assertNotNull(accepted, "the listener accepts the second attempt");
        assertEquals(client.localEndpoint(), accepted.peerEndpoint(), "the accepted connection is the retried socket's");
    }

    @Test
    @Requirement("SC-LISTEN-TWICE")
    void required_listenAgainIsAllowedAndChangesTheBacklog() throws Exception {
        GuestSocket listener = listener(1);
        listener.listen(6);
        for (int i = 0; i < 5; i++) {
            GuestSocket client = clientSocket();
            assertTrue(client.connect(host().serverAddress(), portOf(listener), WAIT),
                "connection " + (i + 1) + " of 5 completes: a second listen(6) raised the backlog of listen(1)");
        }
        for (int i = 0; i < 5; i++) {
            assertNotNull(track(listener.accept(WAIT)), "queued connection " + (i + 1) + " is accepted");
        }
    }

    @Test
    @Requirement("SC-ACCEPT-CLOSED-EBADF")
    void required_acceptOnClosedListenerIsBadf() throws Exception {
        GuestSocket listener = listener(8);
        listener.close();
        assertErrno(Errno.EBADF, "non-blocking accept on a closed listener", () -> listener.accept(NOW));
        assertErrno(Errno.EBADF, "blocking accept on a closed listener", () -> listener.accept(WAIT));
    }

    @Test
    @Requirement("SC-CLOSED-CONNECTION-EBADF")
    void required_operationsOnClosedConnectionAreBadf() throws Exception {
        Connection c = connect();
        GuestSocket client = c.client();
        client.close();
        assertFalse(client.isConnected(), "a closed socket is not connected");
        byte[] bytes = new byte[8];
        assertErrno(Errno.EBADF, "read on a closed socket", () -> client.read(bytes, 0, bytes.length, NOW));
        assertErrno(Errno.EBADF, "write on a closed socket", () -> client.write(bytes, 0, bytes.length, NOW));
        assertErrno(Errno.EBADF, "shutdown on a closed socket", () -> client.shutdown(StackInstance.SHUT_WR));
        assertErrno(Errno.EBADF, "getsockopt on a closed socket", () -> client.getOption(SocketOption.SO_ERROR));
        assertErrno(Errno.EBADF, "setsockopt on a closed socket", () -> client.setOption(SocketOption.TCP_NODELAY, 1));
        assertErrno(Errno.EBADF, "getsockname on a closed socket", client::localEndpoint);
    }

    @Test
    @Requirement("SC-CLOSE-TWICE")
    void required_secondCloseIsHarmless() throws Exception {
        Connection c = connect();
        c.client().close();
        c.client().close();
        assertFalse(c.client().isOpen(), "closed after two closes");
        assertEquals(-1, c.server().read(new byte[8], 0, 8, WAIT), "the peer sees one orderly end of stream");
        GuestSocket next = clientSocket();
        assertTrue(next.connect(host().serverAddress(), portOf(c.listener()), WAIT),
            "the tenant's next socket works: the second close touched no other socket");
        assertNotNull(track(c.listener().accept(WAIT)), "and is accepted");
    }

    @Test
    @Requirement("SC-ARG-PORT")
    void required_portOutsideRangeIsRejectedWithoutHarm() throws Exception {
        GuestSocket socket = clientSocket();
        for (int port : new int[] {-1, 65536, Integer.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> socket.bind(0, port), "bind to port " + port);
            assertThrows(IllegalArgumentException.class, () -> socket.connect(host().serverAddress(), port, WAIT),
                "connect to port " + port);
        }
        GuestSocket listener = listener(8);
        assertTrue(socket.connect(host().serverAddress(), portOf(listener), WAIT),
            "the socket still connects after the rejected calls (nothing reached the stack)");
        assertNotNull(track(listener.accept(WAIT)), "and is accepted");
    }

    @Test
    @Requirement("SC-ARG-SHUTDOWN-HOW")
    void required_badShutdownModeIsRejectedWithoutHarm() throws Exception {
        Connection c = connect();
        for (int how : new int[] {-1, 3, 42}) {
            assertThrows(IllegalArgumentException.class, () -> c.client().shutdown(how),
                "shutdown(" + how + ") is rejected (Linux: EINVAL)");
        }
        byte[] hello = {1, 2, 3};
        c.client().write(hello, 0, hello.length, WAIT);
        assertArrayEquals(hello, readFully(c.server(), hello.length), "the connection still carries data both ways");
        c.server().write(hello, 0, hello.length, WAIT);
        assertArrayEquals(hello, readFully(c.client(), hello.length), "the connection still carries data both ways");
    }

    @Test
    @Requirement("SC-SHUTDOWN-CONNECTING")
    void required_shutdownWhileConnectingAbortsTheConnect() throws Exception {
        GuestSocket listener = listener(1);
        GuestSocket pending = connectBeyondFullQueue(listener, new ArrayList<>());
        pending.shutdown(StackInstance.SHUT_RDWR);
        assertErrno(Errno.ECONNRESET, "finishConnect after shutdown of a connecting socket (Linux inet_shutdown in"
            + " SYN_SENT disconnects: tcp_disconnect sets ECONNRESET)", () -> pending.finishConnect(WAIT));
        assertFalse(pending.isConnected(), "the aborted connect did not connect");
    }

    @Test
    @Requirement("SC-SHUTDOWN-LISTENER")
    void required_shutdownReadOfListenerStopsListening() throws Exception {
        GuestSocket listener = listener(8);
        int port = portOf(listener);
        listener.shutdown(StackInstance.SHUT_RDWR);
        assertErrno(Errno.EINVAL, "accept on a listener shut down for reading (Linux: no longer listening)",
            () -> listener.accept(NOW));
        GuestSocket client = clientSocket();
        assertErrno(Errno.ECONNREFUSED, "connect to the port of a listener shut down for reading",
            () -> client.connect(host().serverAddress(), port, WAIT));
    }

    @Test
    @Requirement("SC-SHUTDOWN-LISTENER")
    void required_shutdownWriteOfListenerKeepsListening() throws Exception {
        GuestSocket listener = listener(8);
        listener.shutdown(StackInstance.SHUT_WR);
        GuestSocket client = clientSocket();
        assertTrue(client.connect(host().serverAddress(), portOf(listener), WAIT),
            "shutdown(SHUT_WR) of a listener changes nothing (Linux inet_shutdown): a client still connects");
        assertNotNull(track(listener.accept(WAIT)), "and is accepted");
    }

    @Test
    @Requirement("SC-WRITE-CONNECTING-EAGAIN")
    void required_nonBlockingWriteWhileConnectingIsEagain() throws Exception {
        GuestSocket listener = listener(1);
        List<GuestSocket> completed = new ArrayList<>();
        GuestSocket pending = connectBeyondFullQueue(listener, completed);
        byte[] hello = {1, 2, 3, 4, 5};
        assertEquals(0, pending.write(hello, 0, hello.length, NOW),
            "a non-blocking write while the connect is in progress answers EAGAIN (0) (Linux sk_stream_wait_connect)");
        for (int i = 0; i < completed.size(); i++) {
            assertNotNull(track(listener.accept(WAIT)), "queued connection " + (i + 1) + " is accepted");
        }
        assertTrue(pending.finishConnect(WAIT), "the pending connect completes once the queue has room");
        GuestSocket server = track(listener.accept(WAIT));
        assertNotNull(server, "and is accepted");
        pending.write(hello, 0, hello.length, WAIT);
        assertArrayEquals(hello, readFully(server, hello.length), "the connected socket then sends, no byte of the EAGAIN write");
    }

    @Test
    @Requirement("SC-WRITE-CONNECTING-BLOCKS")
    void required_blockingWriteWhileConnectingSendsOnceConnected() throws Exception {
        GuestSocket listener = listener(1);
        List<GuestSocket> completed = new ArrayList<>();
        GuestSocket pending = connectBeyondFullQueue(listener, completed);
        byte[] hello = {5, 4, 3, 2, 1};
        int[] written = {-1};
        Thread writer = new Thread(() -> {
            try {
                written[0] = pending.write(hello, 0, hello.length, 0);
            } catch (java.io.IOException e) {
                written[0] = -2;
            }
        }, "contract-connecting-writer");
        writer.start();
        await(() -> writer.getState() != Thread.State.RUNNABLE, "the writer blocks while the connect is in progress");
        for (int i = 0; i < completed.size(); i++) {
            assertNotNull(track(listener.accept(WAIT)), "queued connection " + (i + 1) + " is accepted");
        }
        GuestSocket server = track(listener.accept(WAIT));
        assertNotNull(server, "the pending connection completes and is accepted once the queue has room");
        writer.join(WAIT / 1_000_000);
        assertEquals(hello.length, written[0], "the blocking write returns once the connection is up (Linux waits in"
            + " sk_stream_wait_connect)");
        assertArrayEquals(hello, readFully(server, hello.length), "and its bytes arrive");
    }

    @Test
    @Requirement("SC-FRESH-SOCKET")
    void required_freshSocketHasNoErrorNoAddressAndIsNotConnected() throws Exception {
        GuestSocket socket = clientSocket();
        assertEquals(0, socket.getOption(SocketOption.SO_ERROR), "SO_ERROR of a fresh socket is 0");
        assertEquals(0L, socket.localEndpoint(), "getsockname of a fresh socket is 0.0.0.0:0");
        assertFalse(socket.isConnected(), "a fresh socket is not connected");
        assertTrue(socket.isOpen(), "a fresh socket is open");
    }
}
