package io.nsaas.host.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.nsaas.host.core.CoreSettings;
import io.nsaas.nqe.RegionLayout;
import java.util.List;
import org.agrona.BitUtil;

/**
 * Reads and checks the {@code nsaas.host.channel} section: each key's type and range at its line,
 * then whether the whole makes a region (at most {@link RegionLayout#MAX_REGION_LENGTH} bytes).
 */
final class ChannelSectionReader {
    static final List<String> KEYS = List.of("chunk-size", "tx-chunks", "rx-chunks", "ring-capacity", "max-sockets");

    /** Most chunks in one area: a free-chunk ring of 65536 indexes takes 1 MiB. */
    static final int MAX_CHUNKS = 1 << 16;

    private final SettingValues values;

    ChannelSectionReader(SettingReader reader) {
        this.values = new SettingValues(reader);
    }

    /** @return the settings, or null when any is wrong (every problem reported) */
    ChannelSettings read(ConfigObject section) {
        SettingReader reader = values.reader();
        reader.checkKeys(section, ChannelSettings.PATH, KEYS);
        Integer chunkSize = powerOfTwo(section, "chunk-size", RegionLayout.MIN_CHUNK_SIZE,
            RegionLayout.MAX_CHUNK_SIZE, "a power of two from 256B to 1MiB, e.g. 64KiB");
        Integer txChunks = whole(section, "tx-chunks", MAX_CHUNKS);
        Integer rxChunks = whole(section, "rx-chunks", MAX_CHUNKS);
        Integer ringCapacity = powerOfTwo(section, "ring-capacity", RegionLayout.MIN_RING_CAPACITY,
            RegionLayout.MAX_RING_CAPACITY, "a power of two from 1KiB to 1GiB, e.g. 256KiB");
        Integer maxSockets = whole(section, "max-sockets", CoreSettings.MAX_SOCKETS);
        if (chunkSize == null || txChunks == null || rxChunks == null || ringCapacity == null || maxSockets == null) {
            return null;
        }
        try {
            return new ChannelSettings(chunkSize, txChunks, rxChunks, ringCapacity, maxSockets);
        } catch (IllegalArgumentException e) {
            reader.error(ChannelSettings.PATH, section, "makes no region: " + e.getMessage(),
                "a region of at most " + RegionLayout.MAX_REGION_LENGTH + " bytes: fewer or smaller chunks");
            return null;
        }
    }

    private Integer whole(ConfigObject section, String key, int max) {
        ConfigValue value = section.get(key);
        if (missing(key, value, section)) {
            return null;
        }
        Long number = values.whole(ChannelSettings.path(key), value, 1, max, "a whole number from 1 to " + max);
        return number == null ? null : number.intValue();
    }

    private Integer powerOfTwo(ConfigObject section, String key, long min, long max, String expected) {
        ConfigValue value = section.get(key);
        if (missing(key, value, section)) {
            return null;
        }
        String path = ChannelSettings.path(key);
        Long bytes = values.bytes(path, value, expected);
        if (bytes == null) {
            return null;
        }
        if (bytes < min || bytes > max || !BitUtil.isPowerOfTwo(bytes)) {
            values.reader().error(path, value, "is " + bytes + " bytes", expected);
            return null;
        }
        return bytes.intValue();
    }

    private boolean missing(String key, ConfigValue value, ConfigObject section) {
        if (value != null) {
            return false;
        }
        // only when reference.conf is missing from the class path: a packaging error
        values.reader().error(ChannelSettings.path(key), section, "missing required key",
            "the key to be set (reference.conf not found?)");
        return true;
    }
}
