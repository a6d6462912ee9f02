package io.nsaas.host.core;

/**
 * A tenant broke its region beyond answering with error completions: a corrupt ring, or it stopped
 * reading its completion ring. Thrown inside the core package only; the {@link CoreEngine} turns it
 * into one call of its fatal callback and stops touching the region.
 */
final class TenantFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TenantFault(String reason) {
        super(reason, null, false, false);
    }

    TenantFault(String reason, Throwable cause) {
        super(reason + ": " + cause, cause, false, false);
    }
}
