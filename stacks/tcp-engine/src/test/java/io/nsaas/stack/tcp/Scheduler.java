package io.nsaas.stack.tcp;

import java.util.PriorityQueue;

/** Discrete-event virtual time for tests: actions run in (time, insertion) order; nothing reads a real clock. */
final class Scheduler {
    private record Event(long time, long order, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
        a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private long now = 1_000_000_000L;
    private long order;

    long now() {
        return now;
    }

    void at(long time, Runnable action) {
        queue.add(new Event(Math.max(time, now), order++, action));
    }

    /** Runs every event due up to {@code until} and leaves the clock there. */
    void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().time <= until) {
            Event e = queue.poll();
            now = e.time;
            e.action.run();
        }
        now = Math.max(now, until);
    }

    /** Runs the next event. @return false when none is queued */
    boolean step() {
        Event e = queue.poll();
        if (e == null) {
            return false;
        }
        now = e.time;
        e.action.run();
        return true;
    }

    /** Runs events until {@code done} says so or {@code limit} virtual nanoseconds pass. @return whether done */
    boolean runUntil(java.util.function.BooleanSupplier done, long limit) {
        long end = now + limit;
        while (!done.getAsBoolean()) {
            if (queue.isEmpty() || queue.peek().time > end) {
                return false;
            }
            Event e = queue.poll();
            now = e.time;
            e.action.run();
        }
        return true;
    }
}
