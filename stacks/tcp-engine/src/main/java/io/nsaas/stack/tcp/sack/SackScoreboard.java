package io.nsaas.stack.tcp.sack;

/**
 * The data sender's SACK scoreboard (RFC 6675 section 3): which octets of the outstanding window the
 * receiver has selectively acknowledged, and the loss/pipe queries of RFC 6675 section 4 over it.
 *
 * <pre>
 *   SND.UNA                                                     highestSacked()          SND.NXT
 *     |  hole  |#### range 0 ####|  hole  |## range 1 ##|  hole  |#### range n-1 ####|        |
 *              left0             right0   left1 ...                                  = right n-1
 * </pre>
 *
 * <p>Ranges are half-open {@code [left, right)} absolute sequence numbers, sorted, disjoint and never
 * touching; all inside {@code [SND.UNA, SND.NXT]}, so every comparison is modular 32-bit arithmetic
 * relative to SND.UNA (RFC 9293 3.4) and works across the 2^32 wrap.
 *
 * <p>Memory: the range table is allocated on the first SACK block stored; {@link #clear()} keeps it.
 * No method allocates afterwards.
 *
 * <p>Threading: not thread-safe; owned by the connection's duty-cycle thread.
 *
 * <p>Errors: the per-ACK methods never throw on peer input: invalid blocks are ignored.
 */
public final class SackScoreboard {
    /** Largest range table accepted. */
    public static final int MAX_RANGES = 1024;
    /** Returned by the hole queries when there is no such hole. */
    public static final long NO_HOLE = -1L;

    private final int maxRanges;
    /** Range i is {@code [ranges[2i], ranges[2i+1])}; null until the first block is stored. */
    private int[] ranges;
    private int rangeCount;
    private int sackedBytes;
    private int una;
    private boolean dsack;
    private int dsackLeft;
    private int dsackRight;

    /**
     * @param maxRanges SACKed ranges tracked at once, 1..{@link #MAX_RANGES}; a block that would need
     *     one more range is ignored (its data stays un-SACKed: at worst it is retransmitted needlessly)
     * @throws IllegalArgumentException when out of range
     */
    public SackScoreboard(int maxRanges) {
        if (maxRanges < 1 || maxRanges > MAX_RANGES) {
            throw new IllegalArgumentException("SackScoreboard maxRanges " + maxRanges + " is out of range; use 1.."
                + MAX_RANGES);
        }
        this.maxRanges = maxRanges;
    }

    /**
     * Applies one ACK: drops everything below {@code sndUna} (cumulatively acknowledged), then merges the
     * valid SACK blocks {@code [left[i], right[i])}, {@code i < count}.
     *
     * <p>D-SACK (RFC 2883 section 4): the first block is a duplicate report, not new SACK information,
     * when it lies (partly) below {@code sndUna} or inside the second block; it is then not merged and
     * {@link #lastUpdateHadDsack()} returns true with its edges in {@link #dsackLeft()} /
     * {@link #dsackRight()}.
     *
     * <p>Any other block is ignored unless {@code sndUna <= left < right <= sndNxt} (RFC 6675 section 5:
     * only blocks for data actually sent count).
     *
     * @param sndUna SND.UNA after this ACK's cumulative acknowledgment
     * @param sndNxt SND.NXT (one past the highest octet sent; RFC 6675 HighData + 1)
     * @param count blocks in {@code left}/{@code right}; values beyond the arrays' length are clamped
     * @return octets newly marked SACKed by this ACK
     */
    public int update(int sndUna, int sndNxt, int count, int[] left, int[] right) {
        advanceUna(sndUna);
        dsack = false;
        int n = Math.min(Math.max(count, 0), Math.min(left.length, right.length));
        int first = 0;
        if (n > 0 && isDsack(sndUna, sndNxt, n, left, right)) {
            dsack = true;
            dsackLeft = left[0];
            dsackRight = right[0];
            first = 1;
        }
        int newlySacked = 0;
        for (int i = first; i < n; i++) {
            int l = left[i];
            int r = right[i];
            if (inWindow(sndUna, sndNxt, l, r)) {
                newlySacked += insert(l, r);
            }
        }
        return newlySacked;
    }

    /** Whether the last {@link #update} carried a D-SACK block (RFC 2883). */
    public boolean lastUpdateHadDsack() {
        return dsack;
    }

    /** Left edge of the last update's D-SACK block; meaningful only when {@link #lastUpdateHadDsack()}. */
    public int dsackLeft() {
        return dsackLeft;
    }

    /** Right edge (exclusive) of the last update's D-SACK block; meaningful only when {@link #lastUpdateHadDsack()}. */
    public int dsackRight() {
        return dsackRight;
    }

    /** Whether the octet {@code seq} has been SACKed (and is still at or above SND.UNA). */
    public boolean isSacked(int seq) {
        for (int i = 0; i < rangeCount; i++) {
            if (lt(seq, ranges[2 * i])) {
                return false;
            }
            if (lt(seq, ranges[2 * i + 1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 6675 section 4 IsLost(SeqNum): true when {@code dupThresh} discontiguous SACKed ranges lie above
     * {@code seq}, or more than {@code (dupThresh - 1) * mss} octets above {@code seq} are SACKed.
     */
    public boolean isLost(int seq, int mss, int dupThresh) {
        long above = 0;
        int rangesAbove = 0;
        for (int i = rangeCount - 1; i >= 0; i--) {
            int l = ranges[2 * i];
            int r = ranges[2 * i + 1];
            if (lt(seq, l)) {
                above += r - l;
                rangesAbove++;
            } else {
                if (lt(seq + 1, r)) {
                    above += r - seq - 1;   // octets of this range strictly above seq
                    rangesAbove++;
                }
                break;
            }
        }
        return lost(rangesAbove, above, mss, dupThresh);
    }

    /** Octets currently SACKed (at or above SND.UNA). */
    public int sackedBytes() {
        return sackedBytes;
    }

    /**
     * One past the highest SACKed octet (the right edge of the highest range), or SND.UNA of the last
     * update when nothing is SACKed. RFC 6675 NextSeg rule (1.b) looks for holes below it.
     */
    public int highestSacked() {
        return rangeCount == 0 ? una : ranges[2 * rangeCount - 1];
    }

    /** Number of disjoint SACKed ranges. */
    public int rangeCount() {
        return rangeCount;
    }

    /** Forgets all SACK information (RTO: RFC 6675 section 5.1 lets the sender clear the scoreboard). */
    public void clear() {
        rangeCount = 0;
        sackedBytes = 0;
        dsack = false;
    }

    /**
     * NextSeg rule (1) support (RFC 6675 section 4): the first un-SACKed range {@code [s, e)} with
     * {@code s >= from} (and {@code s >= SND.UNA}) below {@link #highestSacked()} whose octets are lost per
     * {@link #isLost}. The caller passes {@code from} = HighRxt + 1 (rule 1.a) and sends at most one SMSS
     * from {@code s}.
     *
     * @return {@code (long) s << 32 | (e - s)}, or {@link #NO_HOLE}; decode with {@link #holeSeq} and
     *     {@link #holeLength}
     */
    public long nextLostHole(int from, int mss, int dupThresh) {
        return nextHole(from, mss, dupThresh, true);
    }

    /**
     * NextSeg rule (3) support: like {@link #nextLostHole} without the IsLost condition (1.c): the first
     * un-SACKed range at or after {@code from} below {@link #highestSacked()}.
     */
    public long nextUnsackedHole(int from) {
        return nextHole(from, 0, 0, false);
    }

    /** Sequence number of a hole returned by {@link #nextLostHole} or {@link #nextUnsackedHole}. */
    public static int holeSeq(long hole) {
        return (int) (hole >>> 32);
    }

    /** Length in octets of a hole returned by {@link #nextLostHole} or {@link #nextUnsackedHole}. */
    public static int holeLength(long hole) {
        return (int) hole;
    }

    /**
     * RFC 6675 section 4 SetPipe(): over the un-SACKed octets of {@code [sndUna, sndNxt)}, counts each one
     * that is not lost per {@link #isLost}, plus each one that was retransmitted, i.e. lies below
     * {@code retransmittedEnd}.
     *
     * @param retransmittedEnd one past the highest octet retransmitted in this recovery (RFC 6675 HighRxt
     *     + 1); pass {@code sndUna} when nothing was retransmitted
     * @return the octets estimated in flight
     */
    public int pipe(int sndUna, int sndNxt, int mss, int dupThresh, int retransmittedEnd) {
        if (!lt(sndUna, sndNxt)) {
            return 0;
        }
        int rxtEnd = lt(retransmittedEnd, sndUna) ? sndUna : le(retransmittedEnd, sndNxt) ? retransmittedEnd : sndNxt;
        long pipe = 0;
        long above = 0;
        int rangesAbove = 0;
        int holeEnd = sndNxt;
        // Walk from the top: the octets of one hole all have the same SACKed ranges above them.
        for (int i = rangeCount; i >= 0; i--) {
            int holeStart = i == 0 ? sndUna : clamp(ranges[2 * i - 1], sndUna, sndNxt);
            if (lt(holeStart, holeEnd)) {
                if (!lost(rangesAbove, above, mss, dupThresh)) {
                    pipe += holeEnd - holeStart;
                }
                if (lt(holeStart, rxtEnd)) {
                    pipe += (lt(rxtEnd, holeEnd) ? rxtEnd : holeEnd) - holeStart;
                }
            }
            if (i > 0) {
                int l = clamp(ranges[2 * i - 2], sndUna, sndNxt);
                above += holeStart - l;
                rangesAbove++;
                holeEnd = l;
            }
        }
        return (int) Math.min(pipe, Integer.MAX_VALUE);
    }

    private long nextHole(int from, int mss, int dupThresh, boolean requireLost) {
        int s = lt(from, una) ? una : from;
        int i = 0;
        while (i < rangeCount && le(ranges[2 * i + 1], s)) {
            i++;
        }
        if (i == rangeCount) {
            return NO_HOLE;          // at or past highestSacked: rule (1.b) fails
        }
        if (le(ranges[2 * i], s)) {
            s = ranges[2 * i + 1];   // inside a SACKed range: the hole starts after it
            i++;
            if (i == rangeCount) {
                return NO_HOLE;
            }
        }
        int e = ranges[2 * i];
        if (requireLost) {
            long above = 0;
            for (int j = i; j < rangeCount; j++) {
                above += ranges[2 * j + 1] - ranges[2 * j];
            }
            if (!lost(rangeCount - i, above, mss, dupThresh)) {
                return NO_HOLE;      // IsLost only weakens for higher holes
            }
        }
        return ((long) s << 32) | ((e - s) & 0xFFFF_FFFFL);
    }

    private static boolean lost(int rangesAbove, long bytesAbove, int mss, int dupThresh) {
        return rangesAbove >= dupThresh || bytesAbove > (long) (dupThresh - 1) * mss;
    }

    /**
     * RFC 2883 section 4: a D-SACK is the first block, and the sender recognises it by its left edge lying
     * below the cumulative ACK or by it being contained in the second block.
     */
    private static boolean isDsack(int sndUna, int sndNxt, int n, int[] left, int[] right) {
        int l = left[0];
        int r = right[0];
        if (!lt(l, r) || lt(sndNxt, r)) {
            return false;
        }
        if (lt(l, sndUna)) {
            return true;
        }
        return n > 1 && le(left[1], l) && le(r, right[1]) && lt(left[1], right[1]);
    }

    /** Drops ranges and parts of ranges below the new SND.UNA. */
    private void advanceUna(int sndUna) {
        una = sndUna;
        int drop = 0;
        while (drop < rangeCount && le(ranges[2 * drop + 1], sndUna)) {
            sackedBytes -= ranges[2 * drop + 1] - ranges[2 * drop];
            drop++;
        }
        removeRanges(0, drop);
        if (rangeCount > 0 && lt(ranges[0], sndUna)) {
            sackedBytes -= sndUna - ranges[0];
            ranges[0] = sndUna;
        }
    }

    /** Merges {@code [l, r)} into the table; returns octets it newly covers (0 when the table is full). */
    private int insert(int l, int r) {
        int first = 0;
        while (first < rangeCount && lt(ranges[2 * first + 1], l)) {
            first++;
        }
        int last = first;
        int alreadySacked = 0;
        while (last < rangeCount && le(ranges[2 * last], r)) {
            int overlapLeft = lt(ranges[2 * last], l) ? l : ranges[2 * last];
            int overlapRight = lt(ranges[2 * last + 1], r) ? ranges[2 * last + 1] : r;
            alreadySacked += Math.max(overlapRight - overlapLeft, 0);
            last++;
        }
        if (first == last) {
            if (rangeCount == maxRanges) {
                return 0;
            }
            if (ranges == null) {
                ranges = new int[2 * maxRanges];
            }
            System.arraycopy(ranges, 2 * first, ranges, 2 * first + 2, 2 * (rangeCount - first));
            rangeCount++;
            ranges[2 * first] = l;
            ranges[2 * first + 1] = r;
        } else {
            int mergedLeft = lt(ranges[2 * first], l) ? ranges[2 * first] : l;
            int mergedRight = lt(r, ranges[2 * last - 1]) ? ranges[2 * last - 1] : r;
            removeRanges(first + 1, last);
            ranges[2 * first] = mergedLeft;
            ranges[2 * first + 1] = mergedRight;
        }
        int newly = (r - l) - alreadySacked;
        sackedBytes += newly;
        return newly;
    }

    private void removeRanges(int from, int to) {
        if (to > from) {
            System.arraycopy(ranges, 2 * to, ranges, 2 * from, 2 * (rangeCount - to));
            rangeCount -= to - from;
        }
    }

    /** {@code sndUna <= l < r <= sndNxt}, as offsets from SND.UNA so no modular ambiguity remains. */
    private static boolean inWindow(int sndUna, int sndNxt, int l, int r) {
        int window = sndNxt - sndUna;
        int offsetLeft = l - sndUna;
        int offsetRight = r - sndUna;
        return window >= 0 && offsetLeft >= 0 && offsetLeft < offsetRight && offsetRight <= window;
    }

    private static int clamp(int seq, int low, int high) {
        return lt(seq, low) ? low : lt(high, seq) ? high : seq;
    }

    private static boolean lt(int a, int b) {
        return a - b < 0;
    }

    private static boolean le(int a, int b) {
        return a - b <= 0;
    }
}
