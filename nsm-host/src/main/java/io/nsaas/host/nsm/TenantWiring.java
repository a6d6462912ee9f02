package io.nsaas.host.nsm;

import io.nsaas.spi.StackEvents;
import java.util.Objects;

/**
 * The per-tenant parts the caller (the CoreEngine) supplies when the host starts a tenant: where the
 * stack reports socket events and the tenant's job source.
 */
public record TenantWiring(StackEvents events, TenantWork work) {

    public TenantWiring {
        Objects.requireNonNull(events, "events");
        work = work == null ? TenantWork.NONE : work;
    }
}
