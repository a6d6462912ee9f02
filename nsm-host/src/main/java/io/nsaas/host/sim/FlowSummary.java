package io.nsaas.host.sim;

import java.util.Objects;

/**
 * What one flow achieved.
 *
 * @param id             the flow's id ({@link FlowSpec#id()})
 * @param stack          its stack plugin id
 * @param bytesDelivered bytes the receiving application read
 * @param goodputBps     delivered bits per second over the flow's active time
 * @param retransmits    segments the sender retransmitted
 * @param integrity      {@link #OK} only if the receiver verified every byte it read and a sized flow
 *                       got all of it; {@link #CORRUPT} when a byte differed; {@link #INCOMPLETE} when
 *                       a sized flow did not finish in time
 */
public record FlowSummary(int id, String stack, long bytesDelivered, double goodputBps, long retransmits, String integrity) {
    public static final String OK = "ok";
    public static final String CORRUPT = "corrupt";
    public static final String INCOMPLETE = "incomplete";

    public FlowSummary {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(integrity, "integrity");
    }
}
