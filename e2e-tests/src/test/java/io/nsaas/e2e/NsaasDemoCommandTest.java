package io.nsaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.cli.NsaasCommand;
import io.nsaas.host.demo.ChildJvm;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java -jar nsm-host/target/nsaas.jar demo}, run from the repository root as the README says. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NsaasDemoCommandTest {

    private static final Pattern THROUGHPUT = Pattern.compile("\\((\\d+\\.\\d+) Mbit/s\\)");

    @Test
    void demoRunsEveryExchangeAndReportsTenantsStacksBytesThroughputAndLatency() throws Exception {
        E2eFixtures.artifacts();
        try (ChildJvm demo = ChildJvm.start("nsaas demo",
            List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"),
            E2eFixtures.HOST_JAR.toString(), NsaasCommand.class.getName(),
            List.of("demo", "--throughput-bytes", "16MiB", "--pings", "50"), null)) {
            int exit = demo.awaitExit(E2eFixtures.STEP.multipliedBy(3));
            String output = demo.output();
            assertEquals(0, exit, E2eFixtures.output(demo));
            assertTrue(output.contains("nsaas demo: OK"), output);
            assertTrue(output.contains("vm-a   newreno  10.0.0.1/24"), output);
            assertTrue(output.contains("vm-b   cubic    10.0.0.2/24"), output);
            assertTrue(output.contains("vm-k   kernel"), output);
            assertTrue(output.contains("GET  10.00 MiB"), output);
            assertTrue(output.contains("send 16.00 MiB"), output);
            assertTrue(output.contains("latency p50"), output);
            assertTrue(output.contains("one-byte round trips: p50"), output);
            Matcher rates = THROUGHPUT.matcher(output);
            int positive = 0;
            while (rates.find()) {
                assertTrue(Double.parseDouble(rates.group(1)) > 0, output);
                positive++;
            }
            assertEquals(6, positive, "six transfers with their throughput; " + output);
        }
    }
}
