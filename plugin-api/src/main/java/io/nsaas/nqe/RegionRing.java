package io.nsaas.nqe;

/**
 * The five agrona ring buffers of a region's queue set. Each lives at its own offset with capacity
 * (a power of two) + {@link org.agrona.concurrent.ringbuffer.RingBufferDescriptor#TRAILER_LENGTH}
 * bytes, as recorded in the header's ring table ({@link RegionHeaderDescriptor#ringOffsetOffset}).
 */
public enum RegionRing {
    /** Requests, guest to host. Many guest threads produce: used as a {@code ManyToOneRingBuffer}. */
    JOB("job ring", true),
    /** Completions, host to guest; the NSM is the only producer: {@code OneToOneRingBuffer}. */
    COMPLETION("completion ring", false),
    /** Events, host to guest: {@code OneToOneRingBuffer}. */
    EVENT("event ring", false),
    /**
     * Free guest-tx chunk indexes: the host returns a SEND chunk here, the guest takes chunks to fill.
     * One host producer: {@code OneToOneRingBuffer}; guest threads must serialise their reads.
     */
    TX_FREE_CHUNKS("guest-tx free-chunk ring", false),
    /**
     * Free host-rx chunk indexes: the guest returns a chunk here once it has read it, the host takes
     * chunks to fill for RECV and EV_DATA. Many guest threads produce: {@code ManyToOneRingBuffer}.
     */
    RX_FREE_CHUNKS("host-rx free-chunk ring", true);

    /** Number of rings, the size of the header's ring table. */
    public static final int COUNT = 5;

    private static final RegionRing[] VALUES = values();

    private final String description;
    private final boolean manyProducers;

    RegionRing(String description, boolean manyProducers) {
        this.description = description;
        this.manyProducers = manyProducers;
    }

    /** @return a human name for messages, such as {@code "job ring"} */
    public String description() {
        return description;
    }

    /** @return whether several threads produce into this ring ({@code ManyToOneRingBuffer}) */
    public boolean manyProducers() {
        return manyProducers;
    }

    /** @return whether the ring carries chunk indexes rather than NQEs */
    public boolean carriesChunkIndexes() {
        return this == TX_FREE_CHUNKS || this == RX_FREE_CHUNKS;
    }

    /** @return the ring at {@code ordinal}, without allocating */
    public static RegionRing of(int ordinal) {
        return VALUES[ordinal];
    }
}
