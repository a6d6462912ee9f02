package io.nsaas.host.config;

import io.nsaas.host.core.CoreSettings;
import io.nsaas.nqe.RegionLayout;

/**
 * The validated {@code nsaas.host.channel} section: the layout of every attached tenant's shared
 * region and the per-attachment socket limit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param chunkSize    bytes of one data chunk, a power of two in
 *                     {@value RegionLayout#MIN_CHUNK_SIZE}..{@value RegionLayout#MAX_CHUNK_SIZE}
 * @param txChunks     chunks the guest writes SEND payload into, {@code > 0}
 * @param rxChunks     chunks the host writes received payload into, {@code > 0}
 * @param ringCapacity bytes of each NQE ring (job, completion, event), a power of two
 * @param maxSockets   sockets one attachment may have open at once, 1..{@value CoreSettings#MAX_SOCKETS}
 */
public record ChannelSettings(int chunkSize, int txChunks, int rxChunks, int ringCapacity, int maxSockets) {

    /** Full HOCON path of this section. */
    public static final String PATH = HostSettings.PATH + ".channel";

    /** @throws IllegalArgumentException when the values do not make a region ({@link RegionLayout#compute}) */
    public ChannelSettings {
        RegionLayout.compute(ringCapacity, chunkSize, txChunks, rxChunks);
        coreSettings(maxSockets);
    }

    /** @return 64 KiB chunks, 64 tx and 64 rx chunks, 256 KiB rings, 1024 sockets (as reference.conf) */
    public static ChannelSettings defaults() {
        return new ChannelSettings(64 * 1024, 64, 64, 256 * 1024, 1024);
    }

    /** @return the layout of a tenant region */
    public RegionLayout layout() {
        return RegionLayout.compute(ringCapacity, chunkSize, txChunks, rxChunks);
    }

    /** @return the CoreEngine limits of one attachment */
    public CoreSettings coreSettings() {
        return coreSettings(maxSockets);
    }

    private static CoreSettings coreSettings(int maxSockets) {
        CoreSettings defaults = CoreSettings.defaults();
        return new CoreSettings(maxSockets, defaults.maxHeldPerSocket(), defaults.completionBacklog());
    }

    /** @return the full HOCON path of a key of this section: {@code nsaas.host.channel.chunk-size} */
    public static String path(String key) {
        return PATH + "." + key;
    }
}
