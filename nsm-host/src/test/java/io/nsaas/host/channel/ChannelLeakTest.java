package io.nsaas.host.channel;

import static io.nsaas.host.channel.ChannelDetachTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Attach and kill a guest over and over: nothing is left behind (files, descriptors, threads). */
class ChannelLeakTest {
    private static final int CYCLES = 1000;
    private static final int WARM_UP = 50;

    @TempDir
    Path dir;

    private ChannelHostFixture host;

    @BeforeEach
    void startHost() throws Exception {
        host = new ChannelHostFixture(dir, ChannelHostFixture.SMALL_REGIONS);
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    @Timeout(300)
    void aThousandAttachAndAbruptCloseCyclesLeakNothing() throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            attachAndDrop();
        }
        awaitDetached();
        long fds = openDescriptors();
        long threads = hostThreads();

        List<Long> latencies = new ArrayList<>(CYCLES);
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            latencies.add(attachAndDrop());
        }
        long elapsed = System.nanoTime() - start;
        awaitDetached();

        Collections.sort(latencies);
        List<Long> hostSide = new ArrayList<>(host.channel.attachLatenciesMicros());
        assertEquals(WARM_UP + CYCLES, hostSide.size(), "every attach was answered OK");
        Collections.sort(hostSide);
        System.out.printf("channel leak test: %d attach/abrupt-close cycles in %d ms (%.2f ms per cycle);"
                + " attach latency median %d us, p99 %d us (client side, ATTACH sent to OK read);"
                + " host side median %d us%n",
            CYCLES, TimeUnit.NANOSECONDS.toMillis(elapsed), elapsed / 1e6 / CYCLES,
            latencies.get(CYCLES / 2) / 1000, latencies.get(CYCLES * 99 / 100) / 1000, hostSide.get(hostSide.size() / 2));
        assertEquals(0, host.regionFiles(), "region files left");
        long fdsAfter = openDescriptors();
        assertTrue(Math.abs(fdsAfter - fds) <= 8, "open descriptors " + fds + " before, " + fdsAfter + " after");
        long threadsAfter = hostThreads();
        assertTrue(Math.abs(threadsAfter - threads) <= 4, "threads " + threads + " before, " + threadsAfter + " after");
        TenantReport report = host.report("vm-a");
        assertFalse(report.attached());
        assertEquals("RUNNING", report.state());
        assertEquals(0, report.sockets());
    }

    /** @return nanoseconds from sending ATTACH to reading OK */
    private long attachAndDrop() throws IOException {
        try (RawControl raw = new RawControl(host.controlSocket)) {
            long sent = System.nanoTime();
            String reply = raw.send(RawControl.attachLine("vm-a")).readLine();
            long latency = System.nanoTime() - sent;
            assertTrue(reply != null && reply.startsWith("OK "), "reply " + reply);
            return latency;
        }
    }

    private void awaitDetached() throws Exception {
        awaitTrue(() -> host.regionFiles() == 0 && !host.report("vm-a").attached(), "vm-a detached");
    }

    /** @return live threads, leaving out the common pool's, which come and go with other tests' async work */
    private static long hostThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && !t.getName().startsWith("ForkJoinPool")).count();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    @Timeout(120)
    void aGuestJvmKilledWithSigkillIsDetached() throws Exception {
        for (int i = 0; i < 3; i++) {
            Process guest = startGuestJvm();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(guest.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line = out.readLine();
                StringBuilder said = new StringBuilder();
                while (line != null && !line.startsWith("ATTACHED ")) {
                    said.append(line).append('\n');
                    line = out.readLine();
                }
                assertTrue(line != null, "the guest JVM did not attach:\n" + said);
                Path region = Path.of(line.substring("ATTACHED ".length()));
                assertTrue(Files.exists(region));
                TenantReport report = host.report("vm-a");
                assertTrue(report.attached());
                assertEquals(1, report.sockets());
                guest.destroyForcibly();
                assertTrue(guest.waitFor(20, TimeUnit.SECONDS));
                awaitTrue(() -> !Files.exists(region), "the killed guest's region is deleted");
                awaitDetached();
            } finally {
                guest.destroyForcibly();
            }
        }
        assertEquals(0, host.report("vm-a").sockets());
    }

    private Process startGuestJvm() throws IOException {
        return startGuestJvm(host.controlSocket, "vm-a", "hold");
    }

    /** Starts {@link GuestProcessMain} in a child JVM attached as {@code tenant}; stderr is merged into stdout. */
    static Process startGuestJvm(Path controlSocket, String tenant, String... mode) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", classpath,
            GuestProcessMain.class.getName(), controlSocket.toString(), tenant, ChannelHostFixture.token(tenant)));
        command.addAll(List.of(mode));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
