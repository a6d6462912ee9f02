package io.nsaas.host.fabric.link;

import static io.nsaas.host.fabric.link.LinkRecordDescriptor.COPIES_OFFSET;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.FIRST_CORRUPT_BIT_OFFSET;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.FLAGS_OFFSET;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.FLAG_DONE;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.FLAG_DUPLICATED;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.FLAG_PADDING;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.FLAG_REORDERED;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.HEADER_LENGTH;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.PACKET_LENGTH_OFFSET;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.RECORD_LENGTH_OFFSET;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.SECOND_CORRUPT_BIT_OFFSET;
import static io.nsaas.host.fabric.link.LinkRecordDescriptor.TIME_OFFSET;

import io.nsaas.host.fabric.Ipv4HeaderDescriptor;
import io.nsaas.host.fabric.PacketSink;
import io.nsaas.host.fabric.PcapWriter;
import io.nsaas.spi.InternetChecksum;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One direction of an emulated link: a drop-tail queue, a transmitter at a fixed rate, a wire with
 * a fixed propagation delay, and random faults, in the time of an injected clock (virtual time in
 * the simulator, the host's clock under {@code nsaas perf --impair-*}).
 *
 * <pre>
 *  offer --loss?--> dropped (lossDrops)
 *        --queue over a limit?--> dropped (queueDrops, drop-tail)
 *        --queue at/over K and ECT?--> CE set
 *        --> queue --serializer at rate--> [tap] --reorder?--> wire, arrival = done
 *                                                 --else-->   wire, arrival = done + delay
 *                                                 (duplicate? two copies; corrupt? one bit flipped per copy)
 *  poll: copies whose arrival time has come, earliest arrival first --> sink
 * </pre>
 *
 * <p><b>Exact semantics</b> (all times are clock readings in nanoseconds):
 * <ul>
 *   <li><b>Loss</b>: each offered packet is lost with probability {@code loss} on arrival, before
 *       the queue sees it (counted in {@link #lossDrops()}).</li>
 *   <li><b>Drop-tail</b>: a packet that arrives when the queue holds {@code queueLimitPackets}
 *       packets, or whose bytes would take the queue above {@code queueLimitBytes}, is dropped
 *       ({@link #queueDrops()}). The queue is every packet accepted whose last bit has not yet left:
 *       those waiting and the one being serialized. With {@link LinkSpec#UNLIMITED_RATE} packets
 *       never wait, so the limits bound the packets (copies) held on the wire instead, as netem's
 *       {@code limit} does. A packet longer than {@code maxPacketBytes} or empty is also a queue
 *       drop ({@link #sizeDrops()}), as is one the preallocated storage cannot hold
 *       ({@link #storageDrops()}; it is sized so that this never happens to IPv4 packets, 20 bytes
 *       or more, while the owner polls at {@link #nextEventNanos()}).</li>
 *   <li><b>ECN step marking</b> (RFC 3168 section 5): when a packet is accepted while the queue
 *       ahead of it holds at least {@code ecnThresholdPackets} packets, or at least
 *       {@code ecnThresholdBytes} bytes, and its IPv4 ECN field is ECT(0) or ECT(1), the field is set
 *       to CE and the header checksum updated incrementally (RFC 1624), so a header that was valid
 *       stays valid and one that was not stays invalid ({@link #ceMarks()}). Not-ECT packets and
 *       non-IPv4 bytes are never changed (they are dropped only on overflow); a packet already CE is
 *       left as it is and not counted.</li>
 *   <li><b>Serialization</b>: FIFO at {@code rateBitsPerSecond}; a packet of {@code b} bytes keeps
 *       the transmitter busy {@code 8 b 10^9 / rate} ns, tracked exactly without drift (see
 *       {@link Serializer}); it leaves the queue at the first whole nanosecond its last bit is out.</li>
 *   <li><b>Tap</b>: the {@link #tap} sees each packet once as it leaves the queue, as transmitted
 *       (after ECN marking, before the wire faults below), stamped with the clock's reading when the
 *       link processes the departure: the exact departure time when the owner advances the link
 *       at {@link #nextEventNanos()}.</li>
 *   <li><b>Propagation</b>: a packet that left the queue at {@code t} arrives at {@code t + delay}.</li>
 *   <li><b>Reordering</b> (netem-like): a packet that left the queue is, with probability
 *       {@code reorder}, sent without the propagation delay (arrives at {@code t}), so it overtakes
 *       the packets still propagating; with no delay it changes nothing but is still counted
 *       ({@link #reorders()}).</li>
 *   <li><b>Duplication</b>: with probability {@code duplicate} a packet that left the queue arrives
 *       twice, the second copy right after the first at the same time; the copy costs no
 *       transmission time ({@link #duplicates()}).</li>
 *   <li><b>Corruption</b>: each arriving copy, independently, with probability {@code corrupt} has
 *       one bit, chosen uniformly among all bits of the packet, inverted: its IPv4 header checksum or
 *       its TCP/UDP checksum then fails ({@link #corruptions()} counts corrupted copies).</li>
 *   <li><b>Delivery</b>: copies are delivered earliest arrival first; on equal arrival times the
 *       delayed copy goes first (it left first), then in departure order.</li>
 * </ul>
 * Every random choice comes from one {@link java.util.SplittableRandom} seeded with
 * {@link LinkSpec#seed()}, drawn in a fixed order (loss on arrival; reorder, duplicate, then corrupt
 * per copy on departure) at fixed instants, so a run with the same offers at the same times repeats
 * exactly. A probability of 0 draws nothing.
 *
 * <p><b>Conservation</b>: {@code offered + duplicates == delivered + queueDrops + lossDrops +
 * queuePackets + inFlightPackets} at every instant.
 *
 * <p><b>Memory</b>: packets are copied into one preallocated byte ring sized from the limits and
 * the bandwidth-delay product ({@link LinkRecordDescriptor}); nothing is allocated per packet.
 *
 * <p><b>Threading</b>: one thread calls {@link #offer}, {@link #poll}, {@link #advance} and
 * {@link #nextEventNanos}. The counters are plain fields: read them on that thread, or on another
 * after the owner stopped (an agent runner's close gives the happens-before). They describe the
 * link as of the last of those calls; {@link #busyNanos()} reads the clock.
 */
public final class EmulatedLink {
    /** The largest byte ring a link may preallocate. */
    public static final int MAX_STORAGE_BYTES = 1 << 30;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int ECN_MASK = 0b11;
    private static final int ECN_CE = 0b11;

    private final String name;
    private final LinkSpec spec;
    private final NanoClock clock;
    private final int maxPacketBytes;
    private final boolean unlimitedRate;
    private final Serializer serializer;
    private final SplittableRandom random;
    private final UnsafeBuffer ring;
    private final int mask;
    private final RecordFifo delayed;
    private final RecordFifo reordered;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private PcapWriter tap;

    /** Ring positions (growing without bound; index = position & mask): oldest held, first queued, next free. */
    private long head;
    private long queueHead;
    private long tail;

    private int queuePackets;
    private long queueBytes;
    private int inFlightPackets;
    private long inFlightBytes;
    private long offered;
    private long delivered;
    private long deliveredBytes;
    private long queueDrops;
    private long sizeDrops;
    private long storageDrops;
    private long lossDrops;
    private long ceMarks;
    private long duplicates;
    private long reorders;
    private long corruptions;

    /**
     * @param name           a short name for logs and errors, such as {@code bottleneck}
     * @param spec           what the link does
     * @param clock          the time of arrivals, departures and deliveries (monotonic)
     * @param maxPacketBytes the longest packet the link carries (its MTU), 20..65535
     * @throws IllegalArgumentException when {@code maxPacketBytes} is out of range or the storage the
     *         limits and the bandwidth-delay product need exceeds {@link #MAX_STORAGE_BYTES}
     */
    public EmulatedLink(String name, LinkSpec spec, NanoClock clock, int maxPacketBytes) {
        if (maxPacketBytes < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH || maxPacketBytes > Ipv4HeaderDescriptor.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("link " + name + ": maxPacketBytes is " + maxPacketBytes + "; it must be in "
                + Ipv4HeaderDescriptor.MIN_HEADER_LENGTH + ".." + Ipv4HeaderDescriptor.MAX_PACKET_LENGTH + " (the MTU, e.g. 1500)");
        }
        this.name = name;
        this.spec = spec;
        this.clock = clock;
        this.maxPacketBytes = maxPacketBytes;
        this.unlimitedRate = spec.unlimitedRate();
        this.serializer = new Serializer(spec.rateBitsPerSecond());
        this.random = new SplittableRandom(spec.seed());
        int capacity = storageBytes(name, spec, maxPacketBytes);
        this.ring = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, BitUtil.CACHE_LINE_LENGTH));
        this.mask = capacity - 1;
        int records = capacity / LinkRecordDescriptor.recordLength(1) + 1;
        this.delayed = new RecordFifo(records);
        this.reordered = new RecordFifo(records);
    }

    /**
     * @return the ring size: room for a full queue, plus twice the bytes the wire carries in one delay
     *         (slack for an owner that polls late), plus one wrap's padding, as a power of two
     */
    static int storageBytes(String name, LinkSpec spec, int maxPacketBytes) {
        long largest = LinkRecordDescriptor.recordLength(maxPacketBytes);
        // The worst ring use per packet byte is a 20-byte IPv4 header alone: 64 ring bytes, 16/5 of it.
        double queue = Double.MAX_VALUE;
        if (spec.queueLimitPackets() != LinkSpec.NONE) {
            queue = (double) spec.queueLimitPackets() * largest;
        }
        if (spec.queueLimitBytes() != LinkSpec.NONE) {
            queue = Math.min(queue, spec.queueLimitBytes() * 16.0 / 5.0 + largest);
        }
        double wire = 0;
        if (!spec.unlimitedRate()) {
            double bytesPerDelay = spec.rateBitsPerSecond() / 8.0 * spec.delayNanos() / NANOS_PER_SECOND;
            wire = 2 * (bytesPerDelay * 16.0 / 5.0 + 2 * largest);
        }
        double needed = queue + wire + largest;
        if (needed > MAX_STORAGE_BYTES) {
            throw new IllegalArgumentException(String.format("link %s needs %.0f MB to hold its queue limit and"
                + " bandwidth-delay product (rate %d bit/s, delay %d ns); the most is %d MB: lower the queue limit, rate"
                + " or delay", name, needed / 1e6, spec.rateBitsPerSecond(), spec.delayNanos(), MAX_STORAGE_BYTES / 1_000_000));
        }
        return BitUtil.findNextPositivePowerOfTwo((int) Math.ceil(needed));
    }

    /**
     * A packet arrives at the queue's tail at {@code clock.nanoTime()}; the bytes are copied.
     *
     * @return true when it was queued, false when it was lost or dropped (see the class comment)
     */
    public boolean offer(DirectBuffer packet, int offset, int length) {
        long now = clock.nanoTime();
        complete(now);
        offered++;
        if (spec.loss() > 0 && random.nextDouble() < spec.loss()) {
            lossDrops++;
            return false;
        }
        if (length < 1 || length > maxPacketBytes) {
            sizeDrops++;
            queueDrops++;
            return false;
        }
        int occupiedPackets = unlimitedRate ? queuePackets + inFlightPackets : queuePackets;
        long occupiedBytes = unlimitedRate ? queueBytes + inFlightBytes : queueBytes;
        if ((spec.queueLimitPackets() != LinkSpec.NONE && occupiedPackets >= spec.queueLimitPackets())
            || (spec.queueLimitBytes() != LinkSpec.NONE && occupiedBytes + length > spec.queueLimitBytes())) {
            queueDrops++;
            return false;
        }
        int at = reserve(LinkRecordDescriptor.recordLength(length));
        if (at < 0) {
            storageDrops++;
            queueDrops++;
            return false;
        }
        int data = at + HEADER_LENGTH;
        ring.putBytes(data, packet, offset, length);
        ring.putInt(at + PACKET_LENGTH_OFFSET, length);
        ring.putInt(at + FLAGS_OFFSET, 0);
        ring.putLong(at + TIME_OFFSET, serializer.transmit(now, length));
        if (atThreshold(occupiedPackets, occupiedBytes)) {
            markCongestionExperienced(data, length);
        }
        queuePackets++;
        queueBytes += length;
        if (unlimitedRate) {
            complete(now);
        }
        return true;
    }

    private boolean atThreshold(int packets, long bytes) {
        return (spec.ecnThresholdPackets() != LinkSpec.NONE && packets >= spec.ecnThresholdPackets())
            || (spec.ecnThresholdBytes() != LinkSpec.NONE && bytes >= spec.ecnThresholdBytes());
    }

    /** Sets CE on an ECT IPv4 packet (RFC 3168 section 5) and updates its header checksum (RFC 1624 eqn. 3). */
    private void markCongestionExperienced(int data, int length) {
        if (length < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH || Ipv4HeaderDescriptor.version(ring, data) != 4) {
            return;
        }
        int headerLength = Ipv4HeaderDescriptor.headerLength(ring, data);
        if (headerLength < Ipv4HeaderDescriptor.MIN_HEADER_LENGTH || headerLength > length) {
            return;
        }
        int versionIhl = ring.getByte(data + Ipv4HeaderDescriptor.VERSION_IHL_OFFSET) & 0xFF;
        int tos = ring.getByte(data + Ipv4HeaderDescriptor.TOS_OFFSET) & 0xFF;
        int ecn = tos & ECN_MASK;
        if (ecn == 0 || ecn == ECN_CE) {
            return; // Not-ECT is never marked; CE stays CE
        }
        int marked = tos | ECN_CE;
        int checksumAt = data + Ipv4HeaderDescriptor.CHECKSUM_OFFSET;
        int oldChecksum = ring.getShort(checksumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        int oldWord = versionIhl << 8 | tos;
        int newWord = versionIhl << 8 | marked;
        // HC' = ~(~HC + ~m + m'); fold() adds the carries and complements.
        int newChecksum = InternetChecksum.fold((~oldChecksum & 0xFFFF) + (~oldWord & 0xFFFF) + newWord);
        ring.putByte(data + Ipv4HeaderDescriptor.TOS_OFFSET, (byte) marked);
        ring.putShort(checksumAt, (short) newChecksum, ByteOrder.BIG_ENDIAN);
        ceMarks++;
    }

    /** @return the ring index of {@code recordLength} free bytes (padding the ring's end if needed), -1 when full */
    private int reserve(int recordLength) {
        int capacity = mask + 1;
        int index = (int) (tail & mask);
        int contiguous = capacity - index;
        long used = tail - head;
        if (recordLength > contiguous) {
            if (used + contiguous + recordLength > capacity) {
                return -1;
            }
            ring.putInt(index + RECORD_LENGTH_OFFSET, contiguous);
            ring.putInt(index + FLAGS_OFFSET, FLAG_PADDING);
            tail += contiguous;
            index = 0;
        } else if (used + recordLength > capacity) {
            return -1;
        }
        ring.putInt(index + RECORD_LENGTH_OFFSET, recordLength);
        tail += recordLength;
        return index;
    }

    /** Brings the link to {@code clock.nanoTime()}: every packet whose last bit is out by then leaves the queue. */
    public void advance() {
        complete(clock.nanoTime());
    }

    private void complete(long now) {
        while (queueHead != tail) {
            int at = (int) (queueHead & mask);
            int recordLength = ring.getInt(at + RECORD_LENGTH_OFFSET);
            if ((ring.getInt(at + FLAGS_OFFSET) & FLAG_PADDING) == 0) {
                long done = ring.getLong(at + TIME_OFFSET);
                if (done > now) {
                    return;
                }
                depart(at, done);
            }
            queueHead += recordLength;
        }
    }

    /** The packet at {@code at} left the queue at {@code done}: tap it, decide its wire faults, put it on the wire. */
    private void depart(int at, long done) {
        int length = ring.getInt(at + PACKET_LENGTH_OFFSET);
        queuePackets--;
        queueBytes -= length;
        if (tap != null) {
            tap.write(ring, at + HEADER_LENGTH, length);
        }
        boolean skipsDelay = spec.reorder() > 0 && random.nextDouble() < spec.reorder();
        boolean twice = spec.duplicate() > 0 && random.nextDouble() < spec.duplicate();
        int copies = twice ? 2 : 1;
        ring.putInt(at + FIRST_CORRUPT_BIT_OFFSET, corruptBit(length));
        ring.putInt(at + SECOND_CORRUPT_BIT_OFFSET, twice ? corruptBit(length) : -1);
        ring.putInt(at + COPIES_OFFSET, copies);
        ring.putInt(at + FLAGS_OFFSET, (skipsDelay ? FLAG_REORDERED : 0) | (twice ? FLAG_DUPLICATED : 0));
        ring.putLong(at + TIME_OFFSET, skipsDelay ? done : done + spec.delayNanos());
        (skipsDelay ? reordered : delayed).add(at);
        inFlightPackets += copies;
        inFlightBytes += (long) copies * length;
        if (skipsDelay) {
            reorders++;
        }
        if (twice) {
            duplicates++;
        }
    }

    /** @return the bit one copy has inverted, or -1 when it arrives intact */
    private int corruptBit(int length) {
        if (spec.corrupt() > 0 && random.nextDouble() < spec.corrupt()) {
            corruptions++;
            return random.nextInt(length * 8);
        }
        return -1;
    }

    /**
     * Delivers to {@code sink}, earliest arrival first, up to {@code limit} copies whose arrival time
     * is at or before {@code clock.nanoTime()}. The sink sees a borrowed view of the link's memory,
     * valid only during the call.
     *
     * @return copies delivered
     */
    public int poll(PacketSink sink, int limit) {
        long now = clock.nanoTime();
        complete(now);
        int count = 0;
        while (count < limit) {
            RecordFifo from = earlierArrival();
            if (from == null) {
                break;
            }
            int at = from.head();
            if (ring.getLong(at + TIME_OFFSET) > now) {
                break;
            }
            deliverOneCopy(from, at, sink);
            count++;
        }
        return count;
    }

    private void deliverOneCopy(RecordFifo from, int at, PacketSink sink) {
        int length = ring.getInt(at + PACKET_LENGTH_OFFSET);
        int flags = ring.getInt(at + FLAGS_OFFSET);
        int copiesLeft = ring.getInt(at + COPIES_OFFSET) - 1;
        boolean second = copiesLeft == 0 && (flags & FLAG_DUPLICATED) != 0;
        int bit = ring.getInt(at + (second ? SECOND_CORRUPT_BIT_OFFSET : FIRST_CORRUPT_BIT_OFFSET));
        ring.putInt(at + COPIES_OFFSET, copiesLeft);
        if (copiesLeft == 0) {
            from.remove();
        }
        inFlightPackets--;
        inFlightBytes -= length;
        delivered++;
        deliveredBytes += length;
        int data = at + HEADER_LENGTH;
        if (bit >= 0) {
            flipBit(data, bit);
        }
        view.wrap(ring, data, length);
        try {
            sink.onPacket(view, 0, length);
        } finally {
            if (bit >= 0) {
                flipBit(data, bit); // the stored bytes stay intact for a second copy
            }
            if (copiesLeft == 0) {
                ring.putInt(at + FLAGS_OFFSET, flags | FLAG_DONE);
                release();
            }
        }
    }

    private void flipBit(int data, int bit) {
        int index = data + (bit >>> 3);
        ring.putByte(index, (byte) (ring.getByte(index) ^ (0x80 >>> (bit & 7))));
    }

    /** Frees the ring space of delivered records (and padding) from the oldest on. */
    private void release() {
        while (head != queueHead) {
            int at = (int) (head & mask);
            if ((ring.getInt(at + FLAGS_OFFSET) & (FLAG_DONE | FLAG_PADDING)) == 0) {
                return;
            }
            head += ring.getInt(at + RECORD_LENGTH_OFFSET);
        }
    }

    /** @return the wire FIFO whose head arrives first (the delayed one on a tie), null when the wire is empty */
    private RecordFifo earlierArrival() {
        if (reordered.isEmpty()) {
            return delayed.isEmpty() ? null : delayed;
        }
        if (delayed.isEmpty()) {
            return reordered;
        }
        return ring.getLong(reordered.head() + TIME_OFFSET) < ring.getLong(delayed.head() + TIME_OFFSET) ? reordered : delayed;
    }

    /**
     * @return the earliest clock reading at which a queued packet's transmission completes or a copy
     *         on the wire arrives (at or before now when one is already due), {@link Long#MAX_VALUE}
     *         when the link holds nothing
     */
    public long nextEventNanos() {
        long next = Long.MAX_VALUE;
        RecordFifo wire = earlierArrival();
        if (wire != null) {
            next = ring.getLong(wire.head() + TIME_OFFSET);
        }
        long position = queueHead;
        while (position != tail) {
            int at = (int) (position & mask);
            if ((ring.getInt(at + FLAGS_OFFSET) & FLAG_PADDING) == 0) {
                return Math.min(next, ring.getLong(at + TIME_OFFSET));
            }
            position += ring.getInt(at + RECORD_LENGTH_OFFSET);
        }
        return next;
    }

    /**
     * Records every packet as it leaves the queue into {@code pcap} from now on; null stops recording.
     * The writer stays the caller's to close.
     */
    public void tap(PcapWriter pcap) {
        this.tap = pcap;
    }

    /** @return the name given at construction */
    public String name() {
        return name;
    }

    /** @return what the link does */
    public LinkSpec spec() {
        return spec;
    }

    /** @return whole nanoseconds the transmitter has been sending, up to {@code clock.nanoTime()}; never above the time elapsed */
    public long busyNanos() {
        return serializer.busyNanos(clock.nanoTime());
    }

    /** @return packets passed to {@link #offer} */
    public long offeredPackets() {
        return offered;
    }

    /** @return copies handed to a sink by {@link #poll}, duplicates included */
    public long deliveredPackets() {
        return delivered;
    }

    /** @return bytes of the copies delivered */
    public long deliveredBytes() {
        return deliveredBytes;
    }

    /** @return packets dropped on arrival by the queue: over a limit, a bad size, or no storage */
    public long queueDrops() {
        return queueDrops;
    }

    /** @return the part of {@link #queueDrops()} that was empty or longer than the link's maxPacketBytes */
    public long sizeDrops() {
        return sizeDrops;
    }

    /** @return the part of {@link #queueDrops()} the preallocated storage could not hold (an owner that polls late) */
    public long storageDrops() {
        return storageDrops;
    }

    /** @return packets lost on arrival by the loss probability */
    public long lossDrops() {
        return lossDrops;
    }

    /** @return ECT packets this link set to CE */
    public long ceMarks() {
        return ceMarks;
    }

    /** @return second copies put on the wire */
    public long duplicates() {
        return duplicates;
    }

    /** @return packets sent without the propagation delay */
    public long reorders() {
        return reorders;
    }

    /** @return copies delivered (or to be delivered) with a bit inverted */
    public long corruptions() {
        return corruptions;
    }

    /** @return packets waiting or being serialized (not yet on the wire) */
    public int queuePackets() {
        return queuePackets;
    }

    /** @return bytes of the packets counted by {@link #queuePackets()} */
    public long queueBytes() {
        return queueBytes;
    }

    /** @return copies on the wire: propagating, or arrived and not yet polled */
    public int inFlightPackets() {
        return inFlightPackets;
    }

    /** @return packets (copies) the link holds: {@link #queuePackets()} plus {@link #inFlightPackets()} */
    public int heldPackets() {
        return queuePackets + inFlightPackets;
    }

    /** @return the counters on one line, for logs */
    public String describeCounters() {
        return "offered " + offered + ", delivered " + delivered + ", lost " + lossDrops + ", queue drops " + queueDrops
            + ", ce marks " + ceMarks + ", reordered " + reorders + ", duplicated " + duplicates + ", corrupted " + corruptions
            + ", held " + heldPackets();
    }

    /** A FIFO ring of record indexes; sized for the most records the byte ring can hold. */
    private static final class RecordFifo {
        private final int[] ring;
        private int head;
        private int size;

        RecordFifo(int capacity) {
            this.ring = new int[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        int head() {
            return ring[head];
        }

        void add(int record) {
            int tail = head + size;
            ring[tail >= ring.length ? tail - ring.length : tail] = record;
            size++;
        }

        void remove() {
            head = head + 1 == ring.length ? 0 : head + 1;
            size--;
        }
    }
}
