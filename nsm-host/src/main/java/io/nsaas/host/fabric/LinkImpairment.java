package io.nsaas.host.fabric;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Impairs one direction of a link the way Linux netem does (fixed delay, random loss, reordering,
 * duplication; see {@link Impairment}), for links whose kernel has no netem. Packets go in with
 * {@link #offer} and come out of {@link #drain} once their release time has come, in release-time
 * order.
 *
 * <pre>
 *   offer --lost?--> dropped
 *         --reorder?--> immediate FIFO (release = now)          \
 *         --else-->     delayed FIFO   (release = now + delay)   +-- drain: merge by release time --> sink
 *         (--duplicate?--> a second copy, same queue and release) /
 * </pre>
 *
 * <p>Each offered packet is copied into a slot of a preallocated pool ({@code slots} slots of
 * {@code slotBytes} bytes); a full pool drops the packet (counted in {@link #poolFullDrops()}, like
 * netem's {@code limit}), and so does a packet longer than a slot ({@link #oversizeDrops()}).
 * With one fixed delay both FIFOs are sorted by release time on their own, so the merge is exact
 * and costs O(1) per packet. Nothing is allocated per packet. All random choices come from a
 * {@link SplittableRandom} seeded from {@link Impairment#seed()} and the direction, all time from the
 * injected (monotonic) clock, so a run with the same packets at the same clock readings repeats.
 *
 * <p>Threading: {@link #offer} and {@link #drain} on one thread (the link's agent); the counters may be
 * read from any thread.
 */
public final class LinkImpairment {
    /** Default number of slots: 4096 packets in flight per direction (5 ms of 9.8 Gbit/s at 1500 bytes). */
    public static final int DEFAULT_SLOTS = 4096;

    private static final long DIRECTION_GAMMA = 0x9E37_79B9_7F4A_7C15L;

    private final long delayNanos;
    private final double loss;
    private final double reorder;
    private final double duplicate;
    private final SplittableRandom random;
    private final NanoClock clock;
    private final int slotBytes;
    private final UnsafeBuffer pool;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final int[] lengths;
    private final long[] releaseAt;
    private final int[] free;
    private int freeCount;
    private final SlotQueue delayed;
    private final SlotQueue immediate;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong poolFullDrops = new AtomicLong();
    private final AtomicLong oversizeDrops = new AtomicLong();

    /**
     * @param settings  what to do to the packets
     * @param direction which random stream of the seed to use: give the two directions of one link
     *                  different values (e.g. 0 and 1) so their choices are independent
     * @param clock     monotonic time source of release times
     * @param slots     packets the stage can hold at once, at least 1
     * @param slotBytes longest packet the stage can hold, at least {@link Ipv4HeaderDescriptor#MIN_HEADER_LENGTH}
     * @throws IllegalArgumentException when {@code slots} or {@code slotBytes} is out of range
     */
    public LinkImpairment(Impairment settings, int direction, NanoClock clock, int slots, int slotBytes) {
        if (slots < 1 || slots > (1 << 20)) {
            throw new IllegalArgumentException("link impairment slots is " + slots + "; it must be in 1.."
                + (1 << 20) + " (for example " + DEFAULT_SLOTS + ")");
        }
        if (slotBytes < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH || slotBytes > Ipv4HeaderDescriptor.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("link impairment slot size is " + slotBytes + " bytes; it must be in "
                + Ipv4HeaderDescriptor.MIN_HEADER_LENGTH + ".." + Ipv4HeaderDescriptor.MAX_PACKET_LENGTH
                + " (the link's MTU, e.g. 1500)");
        }
        if ((long) slots * slotBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("link impairment pool of " + slots + " slots of " + slotBytes
                + " bytes exceeds 2 GiB; use fewer slots");
        }
        this.delayNanos = settings.delayNanos();
        this.loss = settings.loss();
        this.reorder = settings.reorder();
        this.duplicate = settings.duplicate();
        this.random = new SplittableRandom(settings.seed() ^ (direction * DIRECTION_GAMMA));
        this.clock = clock;
        this.slotBytes = slotBytes;
        this.pool = new UnsafeBuffer(BufferUtil.allocateDirectAligned(slots * slotBytes, BitUtil.CACHE_LINE_LENGTH));
        this.lengths = new int[slots];
        this.releaseAt = new long[slots];
        this.free = new int[slots];
        for (int i = 0; i < slots; i++) {
            free[i] = slots - 1 - i;
        }
        this.freeCount = slots;
        this.delayed = new SlotQueue(slots);
        this.immediate = new SlotQueue(slots);
    }

    /**
     * Takes one packet: drops it (loss), or copies it into the pool (twice when duplicated) to be
     * released after the delay, or at once when chosen for reordering.
     *
     * @return true when at least one copy was queued; false when it was lost or could not be held
     */
    public boolean offer(DirectBuffer packet, int offset, int length) {
        increment(offered);
        if (loss > 0 && random.nextDouble() < loss) {
            increment(lost);
            return false;
        }
        boolean overtakes = reorder > 0 && random.nextDouble() < reorder;
        boolean twice = duplicate > 0 && random.nextDouble() < duplicate;
        if (length > slotBytes) {
            increment(oversizeDrops);
            return false;
        }
        long now = clock.nanoTime();
        SlotQueue queue = overtakes ? immediate : delayed;
        long release = overtakes ? now : now + delayNanos;
        if (!hold(queue, release, packet, offset, length)) {
            return false;
        }
        if (overtakes) {
            increment(reordered);
        }
        if (twice && hold(queue, release, packet, offset, length)) {
            increment(duplicated);
        }
        return true;
    }

    private boolean hold(SlotQueue queue, long release, DirectBuffer packet, int offset, int length) {
        if (freeCount == 0) {
            increment(poolFullDrops);
            return false;
        }
        int slot = free[--freeCount];
        pool.putBytes(slot * slotBytes, packet, offset, length);
        lengths[slot] = length;
        releaseAt[slot] = release;
        queue.add(slot);
        return true;
    }

    /**
     * Hands {@code sink} the packets whose release time has come, earliest first (on equal times, the
     * one offered first), at most {@code limit}.
     *
     * @return packets released
     */
    public int drain(PacketSink sink, int limit) {
        long now = clock.nanoTime();
        int count = 0;
        while (count < limit) {
            SlotQueue next = earlier();
            if (next == null || releaseAt[next.head()] - now > 0) {
                break;
            }
            int slot = next.remove();
            view.wrap(pool, slot * slotBytes, lengths[slot]);
            count++;
            increment(released);
            try {
                sink.onPacket(view, 0, lengths[slot]);
            } finally {
                free[freeCount++] = slot;
            }
        }
        return count;
    }

    /** @return the queue whose head is released first, null when both are empty */
    private SlotQueue earlier() {
        if (immediate.isEmpty()) {
            return delayed.isEmpty() ? null : delayed;
        }
        if (delayed.isEmpty()) {
            return immediate;
        }
        // Ties go to the delayed packet: it was offered first.
        return releaseAt[immediate.head()] - releaseAt[delayed.head()] < 0 ? immediate : delayed;
    }

    /** @return the clock reading at which the next held packet is due, {@link Long#MAX_VALUE} when none is held */
    public long nextReleaseNanos() {
        SlotQueue next = earlier();
        return next == null ? Long.MAX_VALUE : releaseAt[next.head()];
    }

    /** @return packets held now */
    public int pending() {
        return delayed.size() + immediate.size();
    }

    /** @return packets passed to {@link #offer} */
    public long offered() {
        return offered.get();
    }

    /** @return packets handed to a sink by {@link #drain}, duplicates included */
    public long released() {
        return released.get();
    }

    /** @return packets dropped by the loss probability */
    public long lost() {
        return lost.get();
    }

    /** @return packets sent without the delay */
    public long reordered() {
        return reordered.get();
    }

    /** @return second copies queued */
    public long duplicated() {
        return duplicated.get();
    }

    /** @return packets (or second copies) dropped because every slot was taken */
    public long poolFullDrops() {
        return poolFullDrops.get();
    }

    /** @return packets dropped because they were longer than a slot */
    public long oversizeDrops() {
        return oversizeDrops.get();
    }

    /** @return the counters on one line, for logs */
    public String describeCounters() {
        return "offered " + offered() + ", released " + released() + ", lost " + lost() + ", reordered " + reordered()
            + ", duplicated " + duplicated() + ", pool-full drops " + poolFullDrops() + ", oversize drops " + oversizeDrops();
    }

    /** Single writer (the link's thread): a release store instead of a locked add. */
    private static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }

    /** A FIFO ring of slot indices; it never holds more than the pool has slots. */
    private static final class SlotQueue {
        private final int[] ring;
        private int head;
        private int size;

        SlotQueue(int capacity) {
            this.ring = new int[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        int size() {
            return size;
        }

        int head() {
            return ring[head];
        }

        void add(int slot) {
            int tail = head + size;
            ring[tail >= ring.length ? tail - ring.length : tail] = slot;
            size++;
        }

        int remove() {
            int slot = ring[head];
            head = head + 1 == ring.length ? 0 : head + 1;
            size--;
            return slot;
        }
    }
}
