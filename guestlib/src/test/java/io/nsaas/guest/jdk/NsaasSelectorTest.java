package io.nsaas.guest.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NsaasSelectorTest {

    private final LoopbackGuest guest = new LoopbackGuest(new LoopbackNetwork(), "t1");
    private final NsaasSelectorProvider provider = new NsaasSelectorProvider(() -> guest);

    @AfterEach
    void detach() {
        guest.close();
    }

    private ServerSocketChannel listener() throws IOException {
        ServerSocketChannel server = provider.openServerSocketChannel();
        server.bind(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 0));
        return server;
    }

    /** A connected pair: [0] client, [1] accepted; both blocking. */
    private SocketChannel[] pair(ServerSocketChannel server) throws IOException {
        SocketChannel client = provider.openSocketChannel();
        client.connect(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        return new SocketChannel[] {client, accepted};
    }

    @Test
    void echoesThroughSelectorWithNonBlockingChannels() throws Exception {
        byte[] message = new byte[200_000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 31 + 7);
        }
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            SocketChannel client = provider.openSocketChannel();
            client.configureBlocking(false);
            // A non-blocking connect may complete at once or later (SocketChannel's contract allows
            // both; which one happens depends on how fast the host answers): handle both.
            boolean connectedAtOnce = client.connect(server.getLocalAddress());
            SelectionKey clientKey = client.register(selector, connectedAtOnce
                    ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
            ByteBuffer toSend = ByteBuffer.wrap(message);
            ByteBuffer received = ByteBuffer.allocate(message.length);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received.hasRemaining()) {
                assertTrue(System.nanoTime() < deadline, "echo did not finish; received " + received.position());
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isAcceptable()) {
                        SocketChannel accepted = server.accept();
                        accepted.configureBlocking(false);
                        accepted.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16 * 1024).flip());
                    } else if (key.isConnectable()) {
                        assertTrue(client.finishConnect());
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    } else if (key == clientKey) {
                        if (key.isWritable()) {
                            client.write(toSend);
                            if (!toSend.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isReadable()) {
                            assertTrue(client.read(received) >= 0);
                        }
                    } else {
                        echoStep(key);
                    }
                }
            }
            assertTrue(Arrays.equals(message, received.array()));
        }
    }

    /** Server side of the echo: read a chunk, write it back, wait for OP_WRITE while it does not fit. */
    private static void echoStep(SelectionKey key) throws IOException {
        SocketChannel accepted = (SocketChannel) key.channel();
        ByteBuffer pending = (ByteBuffer) key.attachment();
        if (!pending.hasRemaining() && key.isReadable()) {
            pending.clear();
            int n = accepted.read(pending);
            pending.flip();
            if (n < 0) {
                key.cancel();
                return;
            }
        }
        accepted.write(pending);
        key.interestOps(pending.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    @Test
    void wakeupBeforeSelectMakesTheNextSelectReturnAtOnceAndOnlyOnce() throws Exception {
        try (Selector selector = provider.openSelector()) {
            selector.wakeup();
            long start = System.nanoTime();
            assertEquals(0, selector.select(5000));
            assertTrue(elapsedMillis(start) < 2000, "select after wakeup blocked " + elapsedMillis(start) + " ms");
            start = System.nanoTime();
            assertEquals(0, selector.select(150));
            assertTrue(elapsedMillis(start) >= 140, "the wakeup was not consumed: second select returned after "
                    + elapsedMillis(start) + " ms");
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockedSelect() throws Exception {
        try (Selector selector = provider.openSelector()) {
            CompletableFuture<Integer> selecting = CompletableFuture.supplyAsync(() -> {
                try {
                    return selector.select();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertFalse(selecting.isDone(), "select returned without anything ready");
            selector.wakeup();
            assertEquals(0, selecting.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void selectWithTimeoutReturnsZeroAfterTheTimeoutWhenNothingIsReady() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            long start = System.nanoTime();
            assertEquals(0, selector.select(200));
            long took = elapsedMillis(start);
            assertTrue(took >= 190 && took < 3000, "select(200) took " + took + " ms");
            assertEquals(0, selector.selectNow());
        }
    }

    @Test
    void dataArrivingWakesABlockedSelectWithTheReadableKey() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            SocketChannel[] p = pair(server);
            p[1].configureBlocking(false);
            SelectionKey key = p[1].register(selector, SelectionKey.OP_READ);
            CompletableFuture<Integer> selecting = CompletableFuture.supplyAsync(() -> {
                try {
                    return selector.select(10_000);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertFalse(selecting.isDone());
            p[0].write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(1, selecting.get(5, TimeUnit.SECONDS));
            assertTrue(selector.selectedKeys().contains(key));
            assertEquals(SelectionKey.OP_READ, key.readyOps());
        }
    }

    @Test
    void readyKeyIsSelectedAgainUntilTheDataIsRead() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            SocketChannel[] p = pair(server);
            p[1].configureBlocking(false);
            SelectionKey key = p[1].register(selector, SelectionKey.OP_READ);
            p[0].write(ByteBuffer.wrap(new byte[] {9}));
            assertEquals(1, selector.select(2000));
            selector.selectedKeys().clear();
            assertEquals(1, selector.selectNow(), "level-triggered: unread data selects the key again");
            selector.selectedKeys().clear();
            assertEquals(1, p[1].read(ByteBuffer.allocate(8)));
            assertEquals(0, selector.selectNow());
            assertTrue(key.isValid());
        }
    }

    @Test
    void interestOpsChangeIsSeenByTheNextSelect() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            SocketChannel[] p = pair(server);
            p[0].configureBlocking(false);
            SelectionKey key = p[0].register(selector, 0);
            assertEquals(0, selector.selectNow());
            key.interestOps(SelectionKey.OP_WRITE);
            assertEquals(1, selector.selectNow());
            assertEquals(SelectionKey.OP_WRITE, key.readyOps());
            assertThrows(IllegalArgumentException.class, () -> key.interestOps(SelectionKey.OP_ACCEPT));
        }
    }

    @Test
    void cancelledKeyLeavesTheKeySetAtTheNextSelectAndTheChannelCanRegisterAgain() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            server.configureBlocking(false);
            SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
            key.cancel();
            assertFalse(key.isValid());
            assertTrue(selector.keys().contains(key), "deregistration waits for the next selection");
            selector.selectNow();
            assertFalse(selector.keys().contains(key));
            assertNull(server.keyFor(selector));
            server.configureBlocking(true);
            server.configureBlocking(false);
            SelectionKey again = server.register(selector, SelectionKey.OP_ACCEPT);
            assertTrue(again.isValid());
            assertEquals(1, selector.keys().size());
        }
    }

    @Test
    void closingAChannelDeregistersItsKey() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            SocketChannel[] p = pair(server);
            p[1].configureBlocking(false);
            SelectionKey key = p[1].register(selector, SelectionKey.OP_READ);
            p[1].close();
            assertFalse(key.isValid());
            selector.selectNow();
            assertTrue(selector.keys().isEmpty());
        }
    }

    @Test
    void closingTheSelectorInvalidatesKeysAndRefusesSelection() throws Exception {
        Selector selector = provider.openSelector();
        try (ServerSocketChannel server = listener()) {
            server.configureBlocking(false);
            SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
            selector.close();
            assertFalse(key.isValid());
            assertFalse(server.isRegistered());
            assertThrows(ClosedSelectorException.class, selector::selectNow);
            assertThrows(ClosedSelectorException.class, selector::keys);
        }
    }

    @Test
    void interruptEndsABlockedSelectAndKeepsTheInterruptStatus() throws Exception {
        try (Selector selector = provider.openSelector()) {
            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    selector.select();
                    interrupted.complete(Thread.currentThread().isInterrupted());
                } catch (Throwable e) {
                    interrupted.completeExceptionally(e);
                }
            });
            t.start();
            Thread.sleep(100);
            t.interrupt();
            assertTrue(interrupted.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void selectedKeySetRefusesAdditionAndForeignChannelsAreRefused() throws Exception {
        try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener()) {
            server.configureBlocking(false);
            SelectionKey key = server.register(selector, SelectionKey.OP_ACCEPT);
            assertThrows(UnsupportedOperationException.class, () -> selector.selectedKeys().add(key));
            assertThrows(UnsupportedOperationException.class, () -> selector.keys().remove(key));
            Pipe pipe = SelectorProvider.provider().openPipe();
            try {
                pipe.source().configureBlocking(false);
                assertThrows(IllegalSelectorException.class, () -> pipe.source().register(selector, SelectionKey.OP_READ));
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
