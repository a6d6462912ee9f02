package io.nsaas.stack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import io.nsaas.spi.Capability;
import io.nsaas.spi.SocketOption;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.TcpInfo;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.Extension;

class KernelStackTest {

    @Test
    void describesItselfAsTheSocketLevelKernelStackAtThePluginVersion() {
        StackDescriptor descriptor = new KernelStack().descriptor();
        assertEquals("kernel", descriptor.id());
        assertEquals("1.0.0", descriptor.version());
        assertEquals("kernel", descriptor.algorithm());
        assertEquals(EnumSet.of(Capability.SOCKET_LEVEL, Capability.ECN, Capability.SACK, Capability.TIMESTAMPS),
            EnumSet.copyOf(descriptor.capabilities()));
        assertTrue(descriptor == new KernelStack().descriptor(), "the same descriptor object on every call");
    }

    @Test
    void isListedInTheExtensionIndexThatPf4jReads() throws IOException {
        assertNotNull(KernelStack.class.getAnnotation(Extension.class), "KernelStack must carry @Extension");
        Path index = Path.of("target/classes/META-INF/extensions.idx");
        assertTrue(Files.isRegularFile(index), index.toAbsolutePath() + " missing: is pf4j's annotation processor configured?");
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        assertTrue(lines.contains(KernelStack.class.getName()), "extensions.idx lists " + lines);
    }

    @Test
    void rejectsAnUnknownOptionNamingItAndTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new KernelStack().create(new TestStackHost(), new RecordingEvents(), Map.of("congestion", "cubic")));
        assertEquals("unknown option 'congestion' for the kernel stack; known options: cc, max-sockets, poll-batch",
            e.getMessage());
    }

    @Test
    void rejectsACongestionControlTheKernelDoesNotOffer() throws IOException {
        Path available = KernelStackOptions.PROC_NET_IPV4.resolve(KernelStackOptions.AVAILABLE_FILE);
        String offered = String.join(", ", Arrays.asList(Files.readString(available).trim().split("\\s+")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new KernelStack().create(new TestStackHost(), new RecordingEvents(), Map.of("cc", "xyz")));
        assertEquals("option cc = 'xyz': the kernel offers " + offered
            + " (see /proc/sys/net/ipv4/tcp_available_congestion_control)", e.getMessage());
    }

    @Test
    void listsTheOfferedAlgorithmsInTheKernelsOrder(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve(KernelStackOptions.AVAILABLE_FILE), "reno cubic\n");
        Files.writeString(proc.resolve(KernelStackOptions.ALLOWED_FILE), "reno\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> KernelStackOptions.parse(Map.of("cc", "xyz"), proc));
        assertEquals("option cc = 'xyz': the kernel offers reno, cubic (see "
            + proc.resolve("tcp_available_congestion_control") + ")", e.getMessage());
        KernelStackOptions options = KernelStackOptions.parse(Map.of("cc", "cubic"), proc);
        assertEquals("cubic", options.congestionControl());
        assertEquals(List.of("reno"), options.allowed());
    }

    @Test
    void rejectsMalformedNumericOptions(@TempDir Path proc) throws IOException {
        Files.writeString(proc.resolve(KernelStackOptions.AVAILABLE_FILE), "reno\n");
        Files.writeString(proc.resolve(KernelStackOptions.ALLOWED_FILE), "reno\n");
        assertEquals("option max-sockets = 'many': expected an integer in 1..65536",
            assertThrows(IllegalArgumentException.class,
                () -> KernelStackOptions.parse(Map.of("max-sockets", "many"), proc)).getMessage());
        assertEquals("option poll-batch = '0': expected an integer in 1..4096",
            assertThrows(IllegalArgumentException.class,
                () -> KernelStackOptions.parse(Map.of("poll-batch", "0"), proc)).getMessage());
        assertEquals(7, KernelStackOptions.parse(Map.of("max-sockets", "7"), proc).maxSockets());
    }

    @Test
    void appliesTheTenantsCongestionControlToOpenedAndAcceptedSockets() {
        String cc = otherThanDefault();
        try (KernelStackHarness h = new KernelStackHarness(Map.of("cc", cc))) {
            int listener = h.listener();
            int client = h.connectTo(h.port(listener));
            h.pollUntil("onAcceptable", () -> h.events.has(RecordingEvents.Kind.ACCEPTABLE, listener));
            int server = h.stack.accept(listener);
            assertTrue(server >= 0);
            for (int socket : new int[] {listener, client, server}) {
                assertEquals(cc, congestionControl(h, socket), "socket " + socket);
            }
            TcpInfo info = new TcpInfo();
            assertEquals(0, h.stack.info(client, info));
            assertEquals(cc, info.algorithm);
        }
    }

    @Test
    void limitsTheSocketTableToMaxSockets() {
        try (KernelStackHarness h = new KernelStackHarness(Map.of("max-sockets", "2"))) {
            assertTrue(h.stack.open() >= 0);
            int second = h.stack.open();
            assertTrue(second >= 0);
            assertEquals(-io.nsaas.spi.Errno.EMFILE, h.stack.open());
            assertEquals(0, h.stack.close(second));
            assertTrue(h.stack.open() >= 0, "a closed id is free again");
        }
    }

    /**
     * @return an algorithm that is not the kernel's default, so applying it is observable; one an
     *         unprivileged process may set when there is such a one
     */
    static String otherThanDefault() {
        String fallback = procNames("tcp_congestion_control").get(0);
        for (String file : new String[] {KernelStackOptions.ALLOWED_FILE, KernelStackOptions.AVAILABLE_FILE}) {
            for (String name : procNames(file)) {
                if (!name.equals(fallback)) {
                    return name;
                }
            }
        }
        return fallback;
    }

    /** @return the names listed in one of the congestion-control files under /proc/sys/net/ipv4 */
    static List<String> procNames(String file) {
        try {
            return Arrays.asList(Files.readString(KernelStackOptions.PROC_NET_IPV4.resolve(file)).trim().split("\\s+"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String congestionControl(KernelStackHarness h, int socket) {
        UnsafeBuffer name = new UnsafeBuffer(new byte[32]);
        int length = h.stack.getOptionBytes(socket, SocketOption.TCP_CONGESTION, name, 0, 32);
        assertTrue(length > 0, "getOptionBytes(TCP_CONGESTION) = " + length);
        return name.getStringWithoutLengthAscii(0, length);
    }
}
