package io.nsaas.conformance.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nsaas.conformance.Divergences;
import io.nsaas.conformance.KnownDivergence;
import io.nsaas.conformance.wire.ScriptParser;
import io.nsaas.conformance.wire.ScriptResult;
import io.nsaas.conformance.wire.WireScript;
import io.nsaas.conformance.wire.WireScriptTck;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference gate: every script of the starter corpus runs against Linux's own TCP
 * ({@link LinuxWireTarget}) and must pass, unless {@code divergences.txt} lists it for {@code linux:}
 * (then it still runs, and a failure aborts it with a {@link KnownDivergence}: explanation and actual mismatch). A script that fails here is wrong about Linux, not the
 * stack under test. Root only: skips with the reason otherwise.
 */
class LinuxWireScriptTest {
    /** The stack id of Linux in divergences.txt. */
    static final String LINUX = "linux";

    @TestFactory
    Stream<DynamicTest> everyCorpusScriptPassesOnLinux() {
        return WireScriptTck.corpus().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String missing = LinuxWireTarget.unavailableReason();
            assumeTrue(missing == null, () -> "skipped: " + missing);
            WireScript script = ScriptParser.parse(name, WireScriptTck.script(name));
            ScriptResult result = LinuxScriptRunner.runScript(script);
            Optional<Divergences.Entry> divergence = Divergences.bundled().findScript(name, LINUX);
            if (!result.passed() && divergence.isPresent()) {
                throw new KnownDivergence(divergence.get().explanation(), result.failure());
            }
            assertTrue(result.passed(), () -> "the script is wrong about Linux (fix it or list it in divergences.txt as '"
                + name.replace(".pkt", "") + " linux: why'): " + result.failure() + "\n  " + String.join("\n  ", result.notes()));
        }));
    }

    /** The gate can fail: a script wrong about Linux's SYN-ACK, its ACK timing or its tcp_info fails with a diff. */
    @TestFactory
    Stream<DynamicTest> scriptsWrongAboutLinuxFail() {
        String open = String.join("\n",
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
            "+0 bind(3, ..., ...) = 0",
            "+0 listen(3, 1) = 0",
            "+0 < S 0:0(0) win 65535 <mss 1000>", "");
        return Stream.of(
            DynamicTest.dynamicTest("wrong SYN-ACK mss", () -> expectFailure("wrong-mss.pkt",
                open + "+0 > S. 0:0(0) ack 1 <mss 1000>\n", "mss")),
            DynamicTest.dynamicTest("SYN-ACK expected later than sent", () -> expectFailure("late.pkt",
                open + "+0.2 > S. 0:0(0) ack 1 <mss 1460>\n", "")),
            DynamicTest.dynamicTest("wrong tcpi_snd_cwnd", () -> expectFailure("cwnd.pkt",
                open + "+0 > S. 0:0(0) ack 1 <mss 1460>\n+0 < . 1:1(0) ack 1 win 257\n+0 accept(3, ..., ...) = 4\n"
                    + "+0 %{ assert tcpi_snd_cwnd == 3 }%\n", "tcpi_snd_cwnd")));
    }

    private static void expectFailure(String name, String text, String mentioned) {
        String missing = LinuxWireTarget.unavailableReason();
        assumeTrue(missing == null, () -> "skipped: " + missing);
        ScriptResult result = LinuxScriptRunner.runScript(ScriptParser.parse(name, text));
        assertFalse(result.passed(), name + " must fail on Linux");
        assertTrue(result.failure().startsWith(name + ":") && result.failure().contains(mentioned),
            "the failure names the script line and the field: " + result.failure());
    }
}
