package io.nsaas.host.nsm;

import io.nsaas.spi.StackInstance;

/**
 * A tenant's own source of work that its NSM drives each duty cycle, next to packets and timers:
 * the seam where the CoreEngine drains the tenant's NQE job ring and calls the stack.
 *
 * <p>Threading: called only on the NSM thread that owns the tenant's stack. An exception escaping
 * {@link #doWork} is treated like one thrown by the stack: the tenant is marked
 * {@link TenantState#FAILED}.
 */
@FunctionalInterface
public interface TenantWork {

    /** Work for tenants that have none. */
    TenantWork NONE = (stack, limit) -> 0;

    /**
     * Performs at most {@code limit} units of pending work (for example NQEs) against the tenant's
     * stack; must not block.
     *
     * @return the units done, 0 when idle (lets the NSM back off)
     */
    int doWork(StackInstance stack, int limit);

    /**
     * Called once when the tenant's stack is gone (failed or stopped), after the instance was
     * destroyed, so pending requests can be failed. The default does nothing.
     */
    default void onStackGone(TenantState state, String reason) {
    }
}
