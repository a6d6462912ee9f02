package io.nsaas.host.nsm;

/**
 * A tenant could not be started: its stack rejected the options, threw, or the tenant clashes with
 * another (id, address, NSM name). The message is one line naming the tenant, where it was
 * configured and what to fix.
 */
public final class TenantStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String tenantId;
    private final String where;

    public TenantStartException(TenantSpec spec, String problem, Throwable cause) {
        super("tenant '" + spec.tenantId() + "' (" + spec.where() + "): " + problem, cause);
        this.tenantId = spec.tenantId();
        this.where = spec.where();
    }

    /** @return the tenant that failed to start */
    public String tenantId() {
        return tenantId;
    }

    /** @return where the tenant was configured */
    public String where() {
        return where;
    }
}
