package io.nsaas.nqe;

/**
 * A shared region's header is not a valid ABI 1.x header. Thrown only at attach time by
 * {@link RegionLayout#read}, never per NQE; the message names the first bad field, its value and
 * what was expected.
 */
public final class RegionFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegionFormatException(String message) {
        super(message);
    }
}
