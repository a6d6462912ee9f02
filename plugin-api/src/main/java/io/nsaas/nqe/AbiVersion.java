package io.nsaas.nqe;

import io.nsaas.spi.SpiVersion;

/**
 * The version of the NQE ABI: the NQE record ({@link NqeDescriptor}), the opcodes ({@link Opcode})
 * and the shared region ({@link RegionHeaderDescriptor}).
 *
 * <p>A region carries the version of the side that wrote its header. Readers accept a region whose
 * major version equals {@link #MAJOR} and any minor version: within a major version the ABI only
 * grows (new opcodes, header fields in reserved space), and never changes the meaning of a field.
 * The major version moves with {@link SpiVersion#MAJOR}.
 */
public final class AbiVersion {
    /** Incompatible changes bump this; equal to {@link SpiVersion#MAJOR}. */
    public static final int MAJOR = SpiVersion.MAJOR;

    /** Backward-compatible additions bump this. */
    public static final int MINOR = 0;

    private AbiVersion() {
    }

    /** @return whether a region written with this ABI version can be used by this code */
    public static boolean compatible(int major, int minor) {
        return major == MAJOR && minor >= 0;
    }

    /** @return {@code major.minor}, for messages */
    public static String format(int major, int minor) {
        return major + "." + minor;
    }
}
