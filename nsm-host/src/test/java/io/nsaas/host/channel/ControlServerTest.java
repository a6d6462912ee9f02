package io.nsaas.host.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket file: permissions, stale and live sockets, line framing, many clients on one thread. */
@Timeout(30)
class ControlServerTest {
    @TempDir
    Path dir;

    /** Echoes each line back upper-cased and closes on "BYE". */
    private static final class Echo implements ControlServer.Handler {
        final List<String> gone = new CopyOnWriteArrayList<>();

        @Override
        public void onLine(ControlClient client, String line) {
            if (line.equals("BOOM")) {
                throw new IllegalStateException("handler bug");
            }
            if (line.equals("BYE")) {
                client.replyAndClose("BYE");
            } else {
                client.reply(line.toUpperCase(java.util.Locale.ROOT));
            }
        }

        @Override
        public void onGone(ControlClient client) {
            gone.add(client.toString());
        }

        @Override
        public void onStop() {
        }

        @Override
        public boolean stopped() {
            return true;
        }
    }

    @Test
    void createsMissingDirectoriesAndAnOwnerOnlySocketAndDeletesItAtClose() throws IOException {
        Path path = dir.resolve("a/b/control.sock");
        try (ControlServer server = ControlServer.start(path, new Echo())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())));
            try (RawControl raw = new RawControl(path)) {
                assertEquals("HELLO", raw.send("hello\n").readLine());
                assertEquals("TWO", raw.send("two\r\n").readLine());
            }
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void replacesAStaleSocketButRefusesALiveOneOrAFile() throws IOException {
        Path path = dir.resolve("control.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "a closed server channel leaves its socket file behind");
        try (ControlServer server = ControlServer.start(path, new Echo())) {
            IOException live = assertThrows(IOException.class, () -> ControlServer.start(path, new Echo()));
            assertEquals("another nsaas host is listening at " + path + "; stop it or choose another"
                + " nsaas.host.control-socket", live.getMessage());
            try (RawControl raw = new RawControl(path)) {
                assertEquals("STILL SERVING", raw.send("still serving\n").readLine(), "the first host is untouched");
            }
        }
        Path file = Files.writeString(dir.resolve("file.sock"), "not a socket");
        IOException notSocket = assertThrows(IOException.class, () -> ControlServer.start(file, new Echo()));
        assertTrue(notSocket.getMessage().contains("exists and is not a socket"), notSocket.getMessage());
        assertEquals("not a socket", Files.readString(file), "a file is never deleted");
    }

    @Test
    void runsScheduledTasksOnTheControlThreadInDueOrder() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (ControlServer server = ControlServer.start(dir.resolve("control.sock"), new Echo())) {
            long start = System.nanoTime();
            server.execute(() -> {
                server.schedule(60_000_000L, () -> ran.add("late " + server.onControlThread()));
                server.schedule(20_000_000L, () -> ran.add("early " + server.onControlThread()));
            });
            ChannelDetachTest.awaitTrue(() -> ran.size() == 2, "both timers ran");
            assertEquals(List.of("early true", "late true"), ran);
            assertTrue(System.nanoTime() - start >= 60_000_000L, "not before it was due");
        }
    }

    @Test
    void aHandlerBugDropsOnlyThatConnection() throws Exception {
        Path path = dir.resolve("control.sock");
        try (ControlServer server = ControlServer.start(path, new Echo());
             RawControl other = new RawControl(path).send("first\n")) {
            assertEquals("FIRST", other.readLine());
            try (RawControl buggy = new RawControl(path)) {
                assertEquals("ERR internal host error; see the host's log", buggy.send("BOOM\n").readLine());
                assertNull(buggy.readLine());
            }
            assertEquals("STILL HERE", other.send("still here\n").readLine());
        }
    }

    @Test
    void servesManyConnectionsAtOnceAndReportsTheGoneOnes() throws Exception {
        Path path = dir.resolve("control.sock");
        Echo echo = new Echo();
        try (ControlServer server = ControlServer.start(path, echo)) {
            RawControl[] clients = new RawControl[50];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = new RawControl(path).send("client " + i + "\n");
            }
            for (int i = 0; i < clients.length; i++) {
                assertEquals("CLIENT " + i, clients[i].readLine());
            }
            assertEquals("BYE", clients[0].send("BYE\n").readLine());
            assertNull(clients[0].readLine());
            for (int i = 1; i < clients.length; i++) {
                clients[i].close();
            }
            ChannelDetachTest.awaitTrue(() -> echo.gone.size() == clients.length, "every client reported gone");
        }
    }
}
