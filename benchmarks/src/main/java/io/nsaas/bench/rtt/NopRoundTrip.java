package io.nsaas.bench.rtt;

import io.nsaas.bench.run.BenchArguments;
import io.nsaas.bench.run.LatencySamples;
import io.nsaas.guest.channel.ChannelGuest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The nsaas side of {@code benchmarks/nqe-rtt.sh}: attaches to a running host as a tenant and times
 * NOP NQE round trips ({@link ChannelGuest#nop()}): application thread -> job ring -> the tenant's
 * NSM -> completion ring -> the guest's event thread -> application thread.
 *
 * <pre>
 *   NopRoundTrip CONTROL_SOCKET TENANT TOKEN WARMUP N   prints RESULT nsaas-nop ...
 * </pre>
 */
public final class NopRoundTrip {
    static final String USAGE = "NopRoundTrip CONTROL_SOCKET TENANT TOKEN WARMUP N";

    private NopRoundTrip() {
    }

    public static void main(String[] args) throws IOException {
        try {
            BenchArguments a = BenchArguments.expect(USAGE, args, 5, 5);
            Path control = Path.of(a.text(0, null));
            int warmup = a.integer(3, "WARMUP", 0, Integer.MAX_VALUE);
            int n = a.integer(4, "N", 1, Integer.MAX_VALUE);
            try (ChannelGuest guest = ChannelGuest.attach(control, a.text(1, null), a.text(2, null))) {
                System.out.println(run(guest, warmup, n).resultLine("nsaas-nop"));
            }
        } catch (IllegalArgumentException e) {
            BenchArguments.fail("NopRoundTrip", e);
        }
    }

    /** Times {@code n} NOP round trips on {@code guest} after {@code warmup} untimed ones. */
    static LatencySamples run(ChannelGuest guest, int warmup, int n) throws IOException {
        for (int i = 0; i < warmup; i++) {
            guest.nop();
        }
        LatencySamples samples = new LatencySamples(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            guest.nop();
            samples.add(System.nanoTime() - start);
        }
        return samples;
    }
}
