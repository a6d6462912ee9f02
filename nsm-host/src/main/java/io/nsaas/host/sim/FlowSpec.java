package io.nsaas.host.sim;

import java.util.Objects;

/**
 * One bulk flow of a scenario (an element of {@code flows}): a sender tenant and a receiver tenant
 * on the same stack plugin.
 *
 * @param id        0-based position in the file
 * @param stack     the stack plugin id, e.g. {@code newreno}; the simulator checks it is a loaded
 *                  packet-level stack
 * @param startNanos virtual time the sender connects, in [0, duration)
 * @param bytes     how many bytes to send, or -1 to send until the end of the run
 * @param where     {@code FILE:LINE} of the flow in the scenario file, for error messages
 */
public record FlowSpec(int id, String stack, long startNanos, long bytes, String where) {

    /** {@link #bytes} of a flow that sends until the run ends. */
    public static final long BULK = -1;

    public FlowSpec {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(where, "where");
    }

    /** @return true when the flow sends until the run ends */
    public boolean bulk() {
        return bytes == BULK;
    }
}
