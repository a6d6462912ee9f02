package io.nsaas.host.sim;

public record FlowSummary(int id, String stack, long bytesDelivered, double goodputBps, long retransmits, String integrity /* "ok" | "corrupt" | "incomplete" */) { }
