package io.nsaas.host.perf;

import io.nsaas.host.nsm.TenantWork;
import io.nsaas.spi.StackEvents;

/**
 * A perf application inside a tenant: the tenant's {@link TenantWork} (its socket calls, made on the
 * NSM thread each duty cycle) and the tenant's {@link StackEvents} sink (the stack's readiness hints,
 * which only set flags that the next {@link #doWork} acts on). Results go to a {@link PerfOutcomes}.
 *
 * <p>Threading: everything but {@link #progressBytes()} runs on the tenant's NSM thread.
 */
public interface PerfApp extends TenantWork, StackEvents {

    /** @return payload bytes moved so far on the current connection; any thread, for progress lines */
    long progressBytes();
}
