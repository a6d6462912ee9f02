package io.nsaas.host.sim;

public record FlowSpec(int id /* 0-based, file order */, String stack, long startNanos, long bytes /* -1 = bulk until the end */,
                       String where /* "FILE:LINE" of the flow, for errors */) { }
