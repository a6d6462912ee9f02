package io.nsaas.host.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated {@code nsaas.host} section. Paths are absolute (relative ones were resolved against
 * the directory of the file that set them, or the working directory for built-in defaults).
 *
 * <p>Immutable and thread-safe.
 *
 * @param plugins       plugin zips, plugin directories, or directories containing them; never empty
 * @param workDir       where plugin zips are unpacked (need not exist yet; never a non-directory)
 * @param controlSocket Unix domain socket path tenants attach through, at most 107 bytes
 * @param shmDir        existing directory in which per-tenant shared regions are created
 * @param pcap          pcap file tapping the in-host switch, or empty when tapping is off
 * @param seed          base seed of the per-tenant random sources
 * @param channel       layout of tenant regions and per-attachment limits ({@code nsaas.host.channel})
 * @param origins       where each setting was written, keyed as in {@link #originOf(String)}
 */
public record HostSettings(List<Path> plugins, Path workDir, Path controlSocket, Path shmDir,
                           Optional<Path> pcap, long seed, ChannelSettings channel,
                           Map<String, SettingOrigin> origins) {

    /** Full HOCON path of this section. */
    public static final String PATH = "nsaas.host";

    public HostSettings {
        plugins = List.copyOf(plugins);
        origins = Map.copyOf(origins);
    }

    /**
     * @param key a key of this section ({@code plugins}, {@code work-dir}, {@code control-socket},
     *            {@code shm-dir}, {@code pcap}, {@code seed}, {@code channel}) or a list element ({@code plugins[0]})
     * @return where it was written; the section's own origin when the key was not recorded
     */
    public SettingOrigin originOf(String key) {
        SettingOrigin origin = origins.get(key);
        return origin != null ? origin : origins.get("");
    }

    /** @return the full HOCON path of a key of this section, for messages: {@code nsaas.host.seed} */
    public static String path(String key) {
        return PATH + "." + key;
    }
}
