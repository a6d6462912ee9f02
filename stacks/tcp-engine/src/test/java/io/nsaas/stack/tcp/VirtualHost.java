package io.nsaas.stack.tcp;

import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.StackLogger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.agrona.DirectBuffer;

/**
 * A {@link StackHost} in virtual time: the clock and timers come from a {@link Scheduler}, randomness from a
 * fixed seed; transmitted packets are captured (or handed to a link when one is attached).
 */
final class VirtualHost implements StackHost {
    final Scheduler scheduler;
    final ArrayDeque<byte[]> transmitted = new ArrayDeque<>();
    final List<String> errors = new ArrayList<>();
    private final int address;
    private final RandomGenerator random;
    private final Set<Long> pending = new HashSet<>();
    private long nextTimerId;
    private StackInstance stack;
    private Consumer<byte[]> link;

    VirtualHost(Scheduler scheduler, int address, long seed) {
        this.scheduler = scheduler;
        this.address = address;
        this.random = new SplittableRandom(seed);
    }

    void attach(StackInstance stack) {
        this.stack = stack;
    }

    void link(Consumer<byte[]> link) {
        this.link = link;
    }

    int armedTimers() {
        return pending.size();
    }

    @Override
    public long nanoTime() {
        return scheduler.now();
    }

    @Override
    public long scheduleTimer(long deadlineNanos) {
        long id = nextTimerId++;
        pending.add(id);
        scheduler.at(deadlineNanos, () -> {
            if (pending.remove(id)) {
                stack.onTimer(id, scheduler.now());
            }
        });
        return id;
    }

    @Override
    public boolean cancelTimer(long timerId) {
        return pending.remove(timerId);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        byte[] copy = new byte[length];
        packet.getBytes(offset, copy);
        if (link != null) {
            link.accept(copy);
        } else {
            transmitted.add(copy);
        }
        return true;
    }

    @Override
    public int localAddress() {
        return address;
    }

    @Override
    public String tenantId() {
        return "test";
    }

    @Override
    public StackLogger logger() {
        return new StackLogger() {
            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(String format, Object... arguments) {
            }

            @Override
            public void info(String format, Object... arguments) {
            }

            @Override
            public void warn(String format, Object... arguments) {
                errors.add("WARN " + format);
            }

            @Override
            public void error(String format, Object... arguments) {
                errors.add("ERROR " + format + " " + java.util.Arrays.toString(arguments));
            }
        };
    }
}
