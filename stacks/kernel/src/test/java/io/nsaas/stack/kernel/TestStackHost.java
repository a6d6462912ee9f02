package io.nsaas.stack.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import io.nsaas.spi.Endpoint;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackLogger;
import org.agrona.DirectBuffer;

/** A host for tests: real monotonic clock, fixed-seed random, log lines kept for assertions. */
final class TestStackHost implements StackHost {
    final List<String> logLines = new ArrayList<>();
    private final RandomGenerator random = new SplittableRandom(42);
    private long nextTimerId;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long scheduleTimer(long deadlineNanos) {
        return nextTimerId++;
    }

    @Override
    public boolean cancelTimer(long timerId) {
        return false;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        throw new AssertionError("a socket-level stack must not transmit packets");
    }

    @Override
    public int localAddress() {
        return Endpoint.parseAddress("127.0.0.1");
    }

    @Override
    public String tenantId() {
        return "tenant-test";
    }

    @Override
    public StackLogger logger() {
        return new StackLogger() {
            @Override
            public boolean isDebugEnabled() {
                return true;
            }

            @Override
            public void debug(String format, Object... arguments) {
                log("DEBUG", format, arguments);
            }

            @Override
            public void info(String format, Object... arguments) {
                log("INFO", format, arguments);
            }

            @Override
            public void warn(String format, Object... arguments) {
                log("WARN", format, arguments);
            }

            @Override
            public void error(String format, Object... arguments) {
                log("ERROR", format, arguments);
            }
        };
    }

    private void log(String level, String format, Object... arguments) {
        StringBuilder line = new StringBuilder(level).append(' ');
        int argument = 0;
        for (int i = 0; i < format.length(); i++) {
            if (format.startsWith("{}", i) && argument < arguments.length) {
                line.append(arguments[argument++]);
                i++;
            } else {
                line.append(format.charAt(i));
            }
        }
        logLines.add(line.toString());
    }
}
