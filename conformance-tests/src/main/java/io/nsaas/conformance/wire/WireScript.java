package io.nsaas.conformance.wire;

import java.util.List;

/**
 * A parsed wire script.
 *
 * @param name           the file name, used in {@code name:LINE:} messages
 * @param events         the events in script order
 * @param toleranceNanos how far an outbound packet or a call's return may stray from its scheduled time
 *                       ({@code --tolerance_usecs}, packetdrill's default 4 ms)
 * @param level          {@code required} or {@code optional}, from the {@code // requirement:} header (optional when absent)
 * @param requirements   requirement ids from the header, e.g. {@code RFC9293-MUST-7}
 */
public record WireScript(String name, List<ScriptEvent> events, long toleranceNanos, boolean required, List<String> requirements) {
}
