package io.nsaas.host.nsm;

/** Where a tenant's stack instance stands. */
public enum TenantState {
    /** The instance exists and its NSM serves it. */
    RUNNING,
    /** The stack threw (a plugin bug); the instance was destroyed; other tenants continue. */
    FAILED,
    /** The tenant was removed or the host stopped; the instance was destroyed. */
    STOPPED
}
