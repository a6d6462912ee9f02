package io.nsaas.conformance.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.PluginUnderTest;
import io.nsaas.host.sim.FlowSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EcnCapture tells a stack that negotiates ECN (dctcp) from one that does not (newreno) on the same marking link. */
class EcnCaptureTest {
    private static final PathRun MARKING = new PathRun("ecn-capture", 3, 200 * PathRun.MS,
        PathRun.marking(100 * PathRun.MBPS, 5 * PathRun.MS, 1000, 20), FlowSpec.BULK, 1);

    private static EcnCapture capture(String stack) {
        try (PluginUnderTest plugin = PluginUnderTest.load(BundledStack.zip(stack))) {
            return MARKING.run(plugin.registry(), plugin.stack().pluginId()).ecn();
        }
    }

    @Test
    void dctcpAsksForEcnInItsSynAndSendsEveryDataSegmentEcnCapable() {
        EcnCapture dctcp = capture("dctcp");
        assertEquals(1, dctcp.syns(), dctcp.toString());
        assertEquals(1, dctcp.ecnSetupSyns(), dctcp.toString());
        assertTrue(dctcp.dataSegments() > 1000, dctcp.toString());
        assertEquals(dctcp.dataSegments(), dctcp.ectSegments(), dctcp.toString());
    }

    @Test
    void newRenoWithoutTheEcnCapabilityNeitherAsksForEcnNorSendsEct() {
        EcnCapture reno = capture("newreno");
        assertEquals(1, reno.syns(), reno.toString());
        assertEquals(0, reno.ecnSetupSyns(), reno.toString());
        assertTrue(reno.dataSegments() > 1000, reno.toString());
        assertEquals(0, reno.ectSegments(), reno.toString());
    }

    @Test
    void refusesAFileThatIsNotARawPcap(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("junk.pcap"), new byte[64]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EcnCapture.read(junk));
        assertTrue(e.getMessage().contains("junk.pcap"), e.getMessage());
    }
}
