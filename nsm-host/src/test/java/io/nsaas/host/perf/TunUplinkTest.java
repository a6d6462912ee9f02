package io.nsaas.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.fabric.Impairment;
import io.nsaas.host.fabric.Switch;
import io.nsaas.host.fabric.SwitchPort;
import io.nsaas.host.fabric.link.LinkShaping;
import io.nsaas.host.fabric.link.LinkSpec;
import io.nsaas.spi.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A perf tenant on the switch with a real TUN device as the uplink. Needs root, /dev/net/tun and
 * iproute2 (skipped otherwise). The kernel owns 10.214.X.1 on a device made with {@code ip tuntap add};
 * the toy stack's SYN (IP protocol 253) reaches the kernel through the device, and the kernel's ICMP
 * "protocol unreachable" comes back through it to the tenant.
 */
class TunUplinkTest {
    private String device;
    private int subnet;

    @BeforeEach
    void requireRootWithTun() {
        Assumptions.assumeTrue(isRoot(), "skipped: TUN tests need root (CI runs them as root)");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/net/tun")), "skipped: /dev/net/tun is missing (modprobe tun)");
        Assumptions.assumeTrue(ip("-V") == 0, "skipped: the `ip` command (iproute2) is not installed");
    }

    @AfterEach
    void removeDevice() {
        if (device != null) {
            ip("link", "del", "dev", device);
        }
    }

    @Test
    void tenantPacketsLeaveThroughTheDeviceAndTheKernelsAnswersComeBack() throws Exception {
        makeDevice();
        int tenant = Endpoint.parseAddress("10.214." + subnet + ".2");
        int kernel = Endpoint.parseAddress("10.214." + subnet + ".1");
        PerfOutcomes outcomes = new PerfOutcomes();
        PerfClient client = new PerfClient(SystemNanoClock.INSTANCE, 1000, 1, Endpoint.ANY_ADDRESS, 1_000_000_000L, outcomes);
        long kernelReceivedBefore = statistic("rx_packets");

        PerfOutcome outcome;
        long tenantReceived;
        try (PerfHost host = PerfHost.builder(SystemNanoClock.INSTANCE).tenant("t", ToyPlugin.loaded(), tenant, 24, client)
            .uplink(TunUplink.open(device)).start()) {
            client.connect(Endpoint.pack(kernel, 5201));
            outcome = outcomes.take(100, () -> { });
            tenantReceived = host.group().status("t").orElseThrow().packetsReceived();
        }

        // Linux does not speak the toy protocol: it answers ICMP protocol unreachable, which the toy ignores.
        assertEquals("cannot connect to 10.214." + subnet + ".1:5201: no answer within 1 s (timed out)", outcome.error());
        assertTrue(statistic("rx_packets") > kernelReceivedBefore, "the kernel received nothing from " + device);
        assertTrue(tenantReceived >= 1, "the kernel's ICMP answer did not reach the tenant");
    }

    @Test
    void aDeviceThatIsDownIsRefusedWithHowToBringItUp() {
        device = String.format("nsperf%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        assertEquals(0, ip("tuntap", "add", "dev", device, "mode", "tun"), "ip tuntap add " + device);

        PerfException e = assertThrows(PerfException.class, () -> TunUplink.open(device));

        assertEquals(PerfException.FAILURE, e.exitCode());
        assertTrue(e.getMessage().contains("TUN device '" + device + "' is down after 3 s: bring it up with ip link set dev "
            + device + " up"), e.getMessage());
    }

    @Test
    void aShapingTooLargeToHoldIsAUsageErrorSayingWhatToLower() throws Exception {
        makeDevice();
        try (Switch fabric = new Switch();
             TunUplink uplink = TunUplink.open(device, new Impairment(1_000_000_000L, 0, 0, 0, 1),
                 new LinkShaping(10_000_000_000L, LinkSpec.NONE, LinkSpec.NONE), SystemNanoClock.INSTANCE)) {
            SwitchPort port = fabric.attachUplink(uplink.name(), 64 * 1024);

            PerfException e = assertThrows(PerfException.class, () -> uplink.bridge(port));

            assertEquals(PerfException.USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("TUN device '" + device + "' cannot be impaired and shaped as asked: link "
                + device + "-out needs 8006 MB"), e.getMessage());
            assertTrue(e.getMessage().endsWith("lower the queue limit, rate or delay"), e.getMessage());
        }
    }

    private void makeDevice() throws IOException {
        device = String.format("nsperf%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        String addresses = output("-o", "-4", "addr", "show");
        for (int attempt = 0; attempt < 50 && subnet == 0; attempt++) {
            int candidate = 1 + ThreadLocalRandom.current().nextInt(254);
            if (!addresses.contains("10.214." + candidate + ".")) {
                subnet = candidate;
            }
        }
        Assumptions.assumeTrue(subnet > 0, "no free 10.214.X.0/24 subnet");
        assertEquals(0, ip("tuntap", "add", "dev", device, "mode", "tun"), "ip tuntap add " + device);
        assertEquals(0, ip("addr", "add", "10.214." + subnet + ".1/24", "dev", device));
        assertEquals(0, ip("link", "set", "dev", device, "up"));
    }

    private long statistic(String name) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", device, "statistics", name)).trim());
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static int ip(String... args) {
        try {
            Process process = start(args);
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String output(String... args) throws IOException {
        return new String(start(args).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
