package io.nsaas.conformance.linux;

import io.nsaas.conformance.runner.ScriptRunner;
import io.nsaas.conformance.wire.ScriptExecutor;
import io.nsaas.conformance.wire.ScriptParser;
import io.nsaas.conformance.wire.ScriptResult;
import io.nsaas.conformance.wire.WireScript;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code run-script --linux FILE.pkt}: runs one script against the kernel's own TCP behind a TUN
 * device in a network namespace of its own ({@link LinuxWireTarget}), in real time. Needs root and
 * {@code /dev/net/tun}; without them it exits {@link #EXIT_ENVIRONMENT} with one line saying what is
 * missing.
 */
public final class LinuxScriptRunner implements ScriptRunner {
    /**
     * Run once per JVM before the first real script: the first pass through the interpreter and the
     * packet codec loads and links their classes, which took 15-25 ms here, long enough to make the
     * first script's early packets miss a 4-10 ms tolerance in real time. Its result is not used (it
     * exercises the common calls, passive and active open; the last lines need not match).
     */
    private static final String WARM_UP = String.join("\n",
        "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
        "+0 bind(3, ..., ...) = 0",
        "+0 listen(3, 1) = 0",
        "+0 < S 0:0(0) win 65535 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>",
        "+0 > S. 0:0(0) ack 1 <...>",
        "+0 < . 1:1(0) ack 1 win 257 <nop,nop,TS val 200 ecr 100>",
        "+0 accept(3, ..., ...) = 4",
        "+0 < P. 1:1001(1000) ack 1 win 257 <nop,nop,TS val 300 ecr 100>",
        "+0 > . 1:1(0) ack 1001 <nop,nop,TS val 100 ecr 300>",
        "+0 read(4, ..., 1000) = 1000",
        "+0 write(4, ..., 1000) = 1000",
        "+0 > P. 1:1001(1000) ack 1001 <nop,nop,TS val 200 ecr 300>",
        "+0 %{ assert tcpi_snd_cwnd == 10 }%",
        "+0 getsockopt(4, SOL_SOCKET, SO_ERROR, [0], [4]) = 0",
        "+0 setsockopt(4, IPPROTO_TCP, TCP_NODELAY, [1], 4) = 0",
        "+0 shutdown(4, SHUT_WR) = 0",
        "+0 > F. 1001:1001(0) ack 1001 <...>",
        "+0 close(4) = 0",
        "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 5",
        "+0 fcntl(5, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
        "+0 connect(5, ..., ...) = -1 EINPROGRESS (Operation now in progress)", "");
    private static final AtomicBoolean WARM = new AtomicBoolean();

    @Override
    public Target target() {
        return Target.LINUX;
    }

    @Override
    public int run(Path script, Path pluginZipOrNull, PrintStream out) {
        WireScript parsed = ScriptParser.parseFileOrReport(script, out);
        if (parsed == null) {
            return EXIT_USAGE;
        }
        String missing = LinuxWireTarget.unavailableReason();
        if (missing != null) {
            out.println("run-script --linux: " + missing);
            return EXIT_ENVIRONMENT;
        }
        ScriptResult result;
        try {
            result = runScript(parsed, script.toAbsolutePath().getParent());
        } catch (IllegalStateException e) {
            out.println("run-script --linux: " + e.getMessage());
            return EXIT_ENVIRONMENT;
        }
        result.notes().forEach(note -> out.println("  " + note));
        out.println(result.passed() ? "PASS " + parsed.name() : "FAIL " + result.failure());
        return result.passed() ? EXIT_PASS : EXIT_FAIL;
    }

    private static void warmUpOnce() {
        if (WARM.compareAndSet(false, true)) {
            try (LinuxWireTarget target = LinuxWireTarget.open()) {
                ScriptExecutor.run(ScriptParser.parse("warm-up.pkt", WARM_UP), target);
            }
        }
    }

    /**
     * Runs a parsed script against a fresh Linux target (its own namespace, deleted afterwards).
     *
     * @throws IllegalStateException when the target cannot be set up here
     */
    public static ScriptResult runScript(WireScript script) {
        return runScript(script, null);
    }

    /**
     * Runs a parsed script whose shell lines run in {@code shellDirectory} (the script file's directory for
     * {@code run-script --linux}, as packetdrill suites do; the JVM's when null).
     *
     * @throws IllegalStateException when the target cannot be set up here
     */
    public static ScriptResult runScript(WireScript script, Path shellDirectory) {
        warmUpOnce();
        try (LinuxWireTarget target = LinuxWireTarget.open()) {
            target.runShellLinesIn(shellDirectory);
            return ScriptExecutor.run(script, target);
        }
    }
}
