package io.nsaas.nqe;

import java.nio.ByteOrder;

/**
 * The header at offset 0 of a tenant's shared region, little-endian. The host writes it when it
 * creates the region ({@link RegionLayout#write}); whoever maps a region checks it with
 * {@link RegionLayout#read} before touching anything else. All offsets count from the start of the
 * region, except NQE data offsets, which count from the data area.
 *
 * <pre>
 *  0               2               4                               8
 *  +---------------------------------------------------------------+
 *  |                   magic "NSAASNQE" (i64)                      |    0
 *  +---------------+---------------+-------------------------------+
 *  |  ABI major    |  ABI minor    |      header length (i32)      |    8
 *  +---------------+---------------+-------------------------------+
 *  |                    region length (i64)                        |   16
 *  |                   data area offset (i64)                      |   24
 *  +-------------------------------+-------------------------------+
 *  |        chunk size (i32)       |      tx chunk count (i32)     |   32
 *  |      rx chunk count (i32)     |          reserved             |   40
 *  |                          reserved                             |   48..64
 *  +---------------------------------------------------------------+
 *  |        tenant id: 64 bytes printable ASCII, NUL-padded        |   64..128
 *  +---------------------------------------------------------------+
 *  |     host state word (i64): generation &lt;&lt; 8 | host state      |  128
 *  |                host heartbeat counter (i64)                   |  136
 *  |                          reserved                             |  144..192
 *  +---------------------------------------------------------------+
 *  |  ring table: one 16-byte entry per RegionRing, in enum order  |  192..272
 *  |       ring offset (i64)       | capacity (i32) |  reserved    |
 *  +---------------------------------------------------------------+
 *  |                          reserved                             |  272..320
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The host state word and the heartbeat are the only fields that change after creation; they sit
 * on their own cache line. The host writes them with release semantics and readers read them
 * volatile. Reserved bytes are written as 0 and ignored by readers, so a later minor version can use
 * them; a later minor version may also grow the header (header length).
 */
public final class RegionHeaderDescriptor {
    /** Byte order of every multi-byte field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** The ASCII bytes {@code "NSAASNQE"} read as one little-endian long. */
    public static final long MAGIC = 0x45_51_4E_53_41_41_53_4EL;

    public static final int MAGIC_OFFSET = 0;
    public static final int ABI_MAJOR_OFFSET = 8;
    public static final int ABI_MINOR_OFFSET = 10;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int REGION_LENGTH_OFFSET = 16;
    public static final int DATA_AREA_OFFSET_OFFSET = 24;
    public static final int CHUNK_SIZE_OFFSET = 32;
    public static final int TX_CHUNK_COUNT_OFFSET = 36;
    public static final int RX_CHUNK_COUNT_OFFSET = 40;
    public static final int TENANT_ID_OFFSET = 64;
    /** Bytes reserved for the tenant id; ids are 1..64 printable ASCII characters. */
    public static final int TENANT_ID_LENGTH = 64;
    public static final int HOST_STATE_OFFSET = 128;
    public static final int HOST_HEARTBEAT_OFFSET = 136;
    public static final int RING_TABLE_OFFSET = 192;
    public static final int RING_ENTRY_LENGTH = 16;
    public static final int RING_ENTRY_OFFSET_OFFSET = 0;
    public static final int RING_ENTRY_CAPACITY_OFFSET = 8;

    /** Length of the ABI 1.0 header; a header's length field is at least this. */
    public static final int HEADER_LENGTH = 320;

    /** Host state: the region is being set up (fresh zeroed memory reads as this); do not use it yet. */
    public static final int HOST_INITIALIZING = 0;
    /** Host state: an NSM serves the region. */
    public static final int HOST_ATTACHED = 1;
    /** Host state: the host let go of the region (stopped or detached the tenant); attach again. */
    public static final int HOST_DETACHED = 2;

    private static final int HOST_STATE_BITS = 8;
    private static final long HOST_STATE_MASK = (1L << HOST_STATE_BITS) - 1;
    /** Largest generation the state word holds (56 bits). */
    public static final long MAX_GENERATION = -1L >>> HOST_STATE_BITS;

    private RegionHeaderDescriptor() {
    }

    /** @return the header offset of {@code ring}'s offset field */
    public static int ringOffsetOffset(RegionRing ring) {
        return RING_TABLE_OFFSET + ring.ordinal() * RING_ENTRY_LENGTH + RING_ENTRY_OFFSET_OFFSET;
    }

    /** @return the header offset of {@code ring}'s capacity field */
    public static int ringCapacityOffset(RegionRing ring) {
        return RING_TABLE_OFFSET + ring.ordinal() * RING_ENTRY_LENGTH + RING_ENTRY_CAPACITY_OFFSET;
    }

    /**
     * @param state      {@link #HOST_INITIALIZING}, {@link #HOST_ATTACHED} or {@link #HOST_DETACHED}
     * @param generation how many times a host attached, 0..{@link #MAX_GENERATION}
     * @return the packed host state word
     */
    public static long hostStateWord(int state, long generation) {
        if (state < HOST_INITIALIZING || state > HOST_DETACHED) {
            throw new IllegalArgumentException("host state " + state + " is not 0 (initializing), 1 (attached) or 2 (detached)");
        }
        if (generation < 0 || generation > MAX_GENERATION) {
            throw new IllegalArgumentException("host generation " + generation + " is outside 0.." + MAX_GENERATION);
        }
        return generation << HOST_STATE_BITS | state;
    }

    /** @return the host state of a state word (may be an unknown value when read from shared memory) */
    public static int hostState(long stateWord) {
        return (int) (stateWord & HOST_STATE_MASK);
    }

    /** @return the generation of a state word */
    public static long hostGeneration(long stateWord) {
        return stateWord >>> HOST_STATE_BITS;
    }

    /** @return a name for a host state, for logs */
    public static String hostStateName(int state) {
        switch (state) {
            case HOST_INITIALIZING: return "INITIALIZING";
            case HOST_ATTACHED: return "ATTACHED";
            case HOST_DETACHED: return "DETACHED";
            default: return "UNKNOWN(" + state + ")";
        }
    }
}
