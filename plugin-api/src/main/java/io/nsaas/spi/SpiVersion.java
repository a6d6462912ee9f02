package io.nsaas.spi;

/**
 * The version of this stack SPI and NQE ABI, used as the pf4j system version of the host.
 *
 * <p>Semantic versioning: within major version 1 the SPI only grows by methods with defaults, so a
 * plugin declaring {@code Plugin-Requires: >=1.0.0 & <2.0.0} keeps loading on every 1.y host.
 */
public final class SpiVersion {
    /** The SPI version this artifact implements. Kept equal to {@code nsaas.spi.version} in the build. */
    public static final String CURRENT = "1.0.0";

    /** The major version; plugins must require a range within it. */
    public static final int MAJOR = 1;

    private SpiVersion() {
    }
}
