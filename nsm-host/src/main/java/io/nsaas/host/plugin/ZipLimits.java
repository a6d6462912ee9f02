package io.nsaas.host.plugin;

/**
 * How much a plugin zip may expand to before the host refuses it as a zip bomb. Both limits are
 * checked against what is actually written while unpacking, never against the sizes the archive
 * claims in its headers.
 *
 * @param maxTotalBytes most bytes all entries together may expand to
 * @param maxEntries    most entries (files and directories) the archive may hold
 */
public record ZipLimits(long maxTotalBytes, int maxEntries) {

    /** 256 MiB and 10,000 entries: far above any real stack plugin, far below a full disk. */
    public static final ZipLimits DEFAULT = new ZipLimits(256L * 1024 * 1024, 10_000);

    /**
     * @throws IllegalArgumentException when a limit is not positive
     */
    public ZipLimits {
        if (maxTotalBytes <= 0) {
            throw new IllegalArgumentException("maxTotalBytes must be positive, got " + maxTotalBytes);
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
    }
}
