package io.nsaas.conformance.wire;

import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import io.nsaas.spi.StackLogger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.agrona.DirectBuffer;

/**
 * A {@link StackHost} in virtual time for one stack instance: a discrete timer queue is the clock (time
 * moves only in {@link #runUntil} and {@link #runUntilTransmit}), randomness comes from a fixed seed and
 * transmitted packets are captured with their send time. Log lines are kept for failure reports.
 */
final class VirtualStackHost implements StackHost, StackLogger {
    private record Timer(long deadline, long id) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
        ? Long.compare(a.deadline, b.deadline) : Long.compare(a.id, b.id));
    private final java.util.Set<Long> armed = new java.util.HashSet<>();
    private final ArrayDeque<OutboundPacket> transmitted = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();
    private final RandomGenerator random;
    private StackInstance stack;
    private long now;
    private long nextTimerId;

    VirtualStackHost(long seed) {
        this.random = new SplittableRandom(seed);
    }

    void attach(StackInstance instance) {
        this.stack = instance;
    }

    /** Fires every timer due at or before {@code nanos}, in deadline order, and leaves the clock at {@code nanos}. */
    void runUntil(long nanos) {
        while (fireNext(nanos)) {
            // each fired timer may arm more
        }
        now = Math.max(now, nanos);
    }

    /**
     * Fires timers in order until one transmits or the next is later than {@code deadline}.
     *
     * @return the oldest captured packet, or null (the clock then stands at {@code deadline})
     */
    OutboundPacket runUntilTransmit(long deadline) {
        while (transmitted.isEmpty() && fireNext(deadline)) {
            // keep firing until something is sent
        }
        if (transmitted.isEmpty()) {
            now = Math.max(now, deadline);
            return null;
        }
        return transmitted.poll();
    }

    private boolean fireNext(long limit) {
        Timer next = timers.peek();
        if (next == null || next.deadline > limit) {
            return false;
        }
        timers.poll();
        if (armed.remove(next.id)) {
            now = Math.max(now, next.deadline);
            stack.onTimer(next.id, now);
        }
        return true;
    }

    List<String> log() {
        return log;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long scheduleTimer(long deadlineNanos) {
        long id = nextTimerId++;
        armed.add(id);
        timers.add(new Timer(Math.max(deadlineNanos, now), id));
        return id;
    }

    @Override
    public boolean cancelTimer(long timerId) {
        return armed.remove(timerId);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public boolean transmit(DirectBuffer packet, int offset, int length) {
        byte[] copy = new byte[length];
        packet.getBytes(offset, copy);
        transmitted.add(new OutboundPacket(now, copy));
        return true;
    }

    @Override
    public int localAddress() {
        return WireTarget.LOCAL_ADDRESS;
    }

    @Override
    public String tenantId() {
        return "wire-script";
    }

    @Override
    public StackLogger logger() {
        return this;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(String format, Object... arguments) {
    }

    @Override
    public void info(String format, Object... arguments) {
        record("INFO", format, arguments);
    }

    @Override
    public void warn(String format, Object... arguments) {
        record("WARN", format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        record("ERROR", format, arguments);
    }

    private void record(String level, String format, Object... arguments) {
        String text = format;
        for (Object argument : arguments) {
            text = text.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(argument)));
        }
        log.add(level + " " + text);
    }
}
