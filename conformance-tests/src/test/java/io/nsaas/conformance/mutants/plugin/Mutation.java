package io.nsaas.conformance.mutants.plugin;

/**
 * The one thing a mutant stack breaks. The mutant plugin reads its mutation from
 * {@code mutant.properties} ({@code mutation=<name>}) next to its classes in the zip.
 */
public enum Mutation {
    /** Drops every segment it sends for the second time (same ports, same sequence number): no retransmission, no RTO recovery. */
    NO_RETRANSMIT("mutant-no-retransmit"),
    /** Reports ETIMEDOUT where Linux reports ECONNREFUSED (connect result, onClosed, SO_ERROR). */
    WRONG_ERRNO("mutant-wrong-errno"),
    /** Drops every inbound segment carrying RST. */
    IGNORES_RST("mutant-ignores-rst"),
    /** Sends every TCP segment with its checksum corrupted; the wire interpreter (outbound checksum check) and the fault runs catch it. */
    BAD_CHECKSUM("mutant-bad-checksum");

    private final String stackId;

    Mutation(String stackId) {
        this.stackId = stackId;
    }

    /** @return the plugin and descriptor id of this mutant */
    public String stackId() {
        return stackId;
    }
}
