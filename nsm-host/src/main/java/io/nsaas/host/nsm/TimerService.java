package io.nsaas.host.nsm;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.agrona.BitUtil;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

/**
 * One-shot timers of the tenants of one NSM, over an agrona {@link DeadlineTimerWheel} in
 * nanoseconds. Each timer belongs to an owner (a tenant); the NSM polls expired timers every duty
 * cycle and the handler routes each to its owner.
 *
 * <p><b>Ids.</b> Timer ids are unique for the life of the service (a counter), never the wheel's
 * slot ids, which the wheel reuses: a stale id of a fired timer is simply unknown, and an owner can
 * never cancel another owner's timer.
 *
 * <p><b>Time.</b> Timers fire when polled with {@code now >= deadline}, so in virtual time they fire
 * at exactly their deadline; {@link #nextDeadline()} tells a discrete-event scheduler where to jump.
 * Timers expiring in one poll are delivered in deadline order (ties by id). A poll that falls far
 * behind skips empty wheel rotations instead of walking every tick.
 *
 * <p><b>Threading.</b> Not thread-safe: one NSM thread (or the thread that sets up before the NSM
 * starts). Scheduling and polling do not allocate once the internal pools have grown.
 *
 * @param <O> the owner type
 */
public final class TimerService<O> {
    /** What {@link #nextDeadline()} returns when no timer is armed. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Receives expired timers. */
    @FunctionalInterface
    public interface ExpiryHandler<O> {
        void onTimerExpiry(O owner, long timerId, long nowNanos);
    }

    private static final int ARMED = 1;
    private static final int PENDING = 2;
    private static final int DONE = 3;

    private static final class Timer<O> {
        long id;
        long wheelId;
        long deadline;
        O owner;
        int state;
    }

    private final DeadlineTimerWheel wheel;
    private final int resolutionShift;
    private final Long2ObjectHashMap<Timer<O>> timers = new Long2ObjectHashMap<>();
    private final Long2LongHashMap idByWheelId = new Long2LongHashMap(-1L);
    private final ArrayDeque<Timer<O>> pool = new ArrayDeque<>();
    private final Timer<O>[] batch;
    private final DeadlineTimerWheel.TimerHandler collector = this::collect;
    private final LongArrayList scratchIds = new LongArrayList();
    private int batchSize;
    private long nextId;

    /**
     * @param startNanos          the clock's time now; the wheel's origin
     * @param tickResolutionNanos tick length, a power of two (1 << 20 is about a millisecond)
     * @param ticksPerWheel       spokes per rotation, a power of two
     * @param maxExpiriesPerPoll  upper bound of timers one {@link #poll} delivers
     * @throws IllegalArgumentException when a size is not a power of two or not positive
     */
    @SuppressWarnings("unchecked")
    public TimerService(long startNanos, long tickResolutionNanos, int ticksPerWheel, int maxExpiriesPerPoll) {
        if (!BitUtil.isPowerOfTwo(tickResolutionNanos)) {
            throw new IllegalArgumentException("timer tick resolution " + tickResolutionNanos
                + " ns must be a power of two (for example " + (1 << 20) + " for about 1 ms)");
        }
        if (!BitUtil.isPowerOfTwo(ticksPerWheel)) {
            throw new IllegalArgumentException("timer ticks per wheel " + ticksPerWheel
                + " must be a power of two (for example 1024)");
        }
        if (maxExpiriesPerPoll < 1) {
            throw new IllegalArgumentException("timers per poll " + maxExpiriesPerPoll + " must be at least 1");
        }
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, startNanos, tickResolutionNanos, ticksPerWheel);
        this.resolutionShift = Long.numberOfTrailingZeros(tickResolutionNanos);
        this.batch = (Timer<O>[]) new Timer<?>[maxExpiriesPerPoll];
    }

    /**
     * Arms a one-shot timer. A deadline in the past fires on the next poll.
     *
     * @return the timer id, never negative
     */
    public long schedule(O owner, long deadlineNanos) {
        Timer<O> timer = pool.isEmpty() ? new Timer<>() : pool.pop();
        timer.id = nextId++;
        timer.deadline = deadlineNanos;
        timer.owner = owner;
        timer.state = ARMED;
        timer.wheelId = wheel.scheduleTimer(deadlineNanos);
        idByWheelId.put(timer.wheelId, timer.id);
        timers.put(timer.id, timer);
        return timer.id;
    }

    /**
     * Disarms {@code owner}'s timer.
     *
     * @return true when it was armed (or expired but not yet delivered) and is now cancelled; false
     *         when it fired, is unknown or belongs to another owner
     */
    public boolean cancel(O owner, long timerId) {
        Timer<O> timer = timers.get(timerId);
        if (timer == null || timer.owner != owner) {
            return false;
        }
        timers.remove(timerId);
        if (timer.state == ARMED) {
            wheel.cancelTimer(timer.wheelId);
            idByWheelId.remove(timer.wheelId);
            release(timer);
        } else {
            timer.state = DONE; // in the current batch: skipped, released when the batch ends
        }
        return true;
    }

    /** Cancels every timer of {@code owner}. @return how many were cancelled */
    public int cancelAll(O owner) {
        scratchIds.clear();
        for (Timer<O> timer : timers.values()) {
            if (timer.owner == owner) {
                scratchIds.addLong(timer.id);
            }
        }
        int cancelled = 0;
        for (int i = 0; i < scratchIds.size(); i++) {
            if (cancel(owner, scratchIds.getLong(i))) {
                cancelled++;
            }
        }
        scratchIds.clear();
        return cancelled;
    }

    /**
     * Delivers timers whose deadline is {@code <= now}, at most {@code limit} (and at most the
     * service's per-poll bound), in deadline order. The handler may schedule and cancel timers.
     *
     * @return the number delivered
     */
    public int poll(long now, ExpiryHandler<O> handler, int limit) {
        int bound = Math.min(limit, batch.length);
        batchSize = 0;
        while (batchSize < bound) {
            if (wheel.timerCount() == 0) {
                wheel.currentTickTime(now);
                break;
            }
            skipIdleRotations(now);
            long tickTime = wheel.currentTickTime();
            wheel.poll(now, collector, bound - batchSize);
            if (wheel.currentTickTime() == tickTime) {
                break; // the tick holding 'now' was scanned, or the bound was reached inside it
            }
        }
        sortBatch();
        int delivered = 0;
        for (int i = 0; i < batchSize; i++) {
            Timer<O> timer = batch[i];
            if (timer.state == PENDING) {
                timers.remove(timer.id);
                timer.state = DONE;
                delivered++;
                handler.onTimerExpiry(timer.owner, timer.id, now);
            }
        }
        for (int i = 0; i < batchSize; i++) {
            release(batch[i]);
            batch[i] = null;
        }
        batchSize = 0;
        return delivered;
    }

    private boolean collect(TimeUnit unit, long now, long wheelId) {
        long id = idByWheelId.remove(wheelId);
        Timer<O> timer = id < 0 ? null : timers.get(id);
        if (timer != null) {
            timer.state = PENDING;
            batch[batchSize++] = timer;
        }
        return true;
    }

    /** When more than a rotation behind, jumps the wheel to the earliest deadline (no tick in between holds a due timer). */
    private void skipIdleRotations(long now) {
        long ticksBehind = (now - wheel.currentTickTime()) >> resolutionShift;
        if (ticksBehind > wheel.ticksPerWheel()) {
            long earliest = nextDeadline();
            if (earliest != NO_DEADLINE) {
                wheel.currentTickTime(Math.min(earliest, now));
            }
        }
    }

    private void sortBatch() {
        for (int i = 1; i < batchSize; i++) {
            Timer<O> timer = batch[i];
            int j = i - 1;
            while (j >= 0 && (batch[j].deadline > timer.deadline
                || batch[j].deadline == timer.deadline && batch[j].id > timer.id)) {
                batch[j + 1] = batch[j];
                j--;
            }
            batch[j + 1] = timer;
        }
    }

    private void release(Timer<O> timer) {
        timer.owner = null;
        timer.state = 0;
        pool.push(timer);
    }

    /** @return the earliest deadline of an armed timer, or {@link #NO_DEADLINE} */
    public long nextDeadline() {
        long earliest = NO_DEADLINE;
        for (Timer<O> timer : timers.values()) {
            if (timer.state == ARMED && timer.deadline < earliest) {
                earliest = timer.deadline;
            }
        }
        return earliest;
    }

    /** @return the deadline of an armed timer, or {@link #NO_DEADLINE} when it is not armed */
    public long deadline(long timerId) {
        Timer<O> timer = timers.get(timerId);
        return timer == null || timer.state != ARMED ? NO_DEADLINE : timer.deadline;
    }

    /** @return the number of armed timers */
    public int size() {
        return timers.size();
    }

    /** @return the number of armed timers of {@code owner} */
    public int size(O owner) {
        int count = 0;
        for (Timer<O> timer : timers.values()) {
            if (timer.owner == owner) {
                count++;
            }
        }
        return count;
    }
}
