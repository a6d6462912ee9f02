package io.nsaas.host.fabric.tun;

import io.nsaas.spi.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A persistent TUN device made with {@code ip tuntap add} for one test, with address 10.213.X.1/24 on
 * the kernel side and 10.213.X.2 free for the test's own stack; removed with {@code ip link del} on
 * {@link #close}. The name and X are random only so that concurrent runs on one machine do not
 * collide; nothing a test asserts depends on them. Skips (JUnit assumption) when not root, when
 * {@code /dev/net/tun} is missing or when {@code ip} cannot create the device (no CAP_NET_ADMIN).
 */
final class KernelTunFixture implements AutoCloseable {
    final String name;
    final int subnet;
    final int kernelAddress;
    final int peerAddress;
    private boolean created;

    private KernelTunFixture(String name, int subnet) {
        this.name = name;
        this.subnet = subnet;
        this.kernelAddress = Endpoint.parseAddress("10.213." + subnet + ".1");
        this.peerAddress = Endpoint.parseAddress("10.213." + subnet + ".2");
    }

    /** Creates, addresses and brings up a device with MTU {@code mtu}, or skips the test. */
    static KernelTunFixture create(int mtu) {
        assumeRootWithTun();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String name = String.format("nsaasTN%06x", random.nextInt(1 << 24));
        String addresses = ip("-o", "-4", "addr", "show").output;
        int subnet = -1;
        for (int attempt = 0; attempt < 50 && subnet < 0; attempt++) {
            int candidate = 1 + random.nextInt(254);
            if (!addresses.contains("10.213." + candidate + ".")) {
                subnet = candidate;
            }
        }
        Assumptions.assumeTrue(subnet > 0, "no free 10.213.X.0/24 subnet for a test TUN device");
        KernelTunFixture fixture = new KernelTunFixture(name, subnet);
        Result add = ip("tuntap", "add", "dev", name, "mode", "tun");
        Assumptions.assumeTrue(add.exit == 0, "skipped: `ip tuntap add` failed (no CAP_NET_ADMIN?): " + add.output);
        fixture.created = true;
        try {
            fixture.require(ip("link", "set", "dev", name, "mtu", Integer.toString(mtu)));
            fixture.require(ip("addr", "add", "10.213." + subnet + ".1/24", "dev", name));
            fixture.require(ip("link", "set", "dev", name, "up"));
        } catch (RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    /** Skips the calling test unless it runs as root on a machine with {@code /dev/net/tun}. */
    static void assumeRootWithTun() {
        Assumptions.assumeTrue(isRoot(), "skipped: TUN tests need root (CI runs them as root)");
        Assumptions.assumeTrue(Files.exists(Path.of(TunDevice.CLONE_DEVICE)),
            "skipped: /dev/net/tun is missing (modprobe tun)");
        Assumptions.assumeTrue(ip("-V").exit == 0, "skipped: the `ip` command (iproute2) is not installed");
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

    private void require(Result result) {
        if (result.exit != 0) {
            throw new IllegalStateException("setting up test TUN device " + name + " failed: " + result.output);
        }
    }

    @Override
    public void close() {
        if (created) {
            created = false;
            Result del = ip("link", "del", "dev", name);
            if (del.exit != 0) {
                throw new IllegalStateException("could not delete test TUN device " + name + ": " + del.output);
            }
        }
    }

    record Result(int exit, String output) {
    }

    static Result ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, String.join(" ", command) + " interrupted");
        }
    }
}
