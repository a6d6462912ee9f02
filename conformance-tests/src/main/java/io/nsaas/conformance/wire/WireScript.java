package io.nsaas.conformance.wire;

import java.util.List;

/**
 * A parsed wire script.
 *
 * @param name           the file name, used in {@code name:LINE:} messages
 * @param events         the events in script order
 * @param toleranceNanos how far an outbound packet or a call's return may stray from its scheduled time
 *                       ({@code --tolerance_usecs}, packetdrill's default 4 ms)
 * @param required       whether the {@code // requirement:} header says {@code required} (optional when absent)
 * @param requirements   requirement ids from the header, e.g. {@code RFC9293-MUST-12}
 * @param capabilities   {@link io.nsaas.spi.Capability} names from the {@code // capability:} header: a stack
 *                       that does not declare one of them skips the script
 * @param tolerancePercent {@code --tolerance_percent}: an event may also stray by this share of the time since
 *                       the previous event when that is more than {@code toleranceNanos} (0 for the corpus unless
 *                       the script sets it; packetdrill's 12.5 for scripts given to {@code run-script})
 */
public record WireScript(String name, List<ScriptEvent> events, long toleranceNanos, boolean required, List<String> requirements,
                         List<String> capabilities, double tolerancePercent) {
}
