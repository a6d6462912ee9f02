package io.nsaas.conformance.wire;

import java.util.List;

/**
 * The outcome of one script run.
 *
 * @param passed  whether every expectation held
 * @param failure the first failed expectation as {@code script.pkt:LINE: expected ... got ...}, or null
 * @param notes   lines for the report: shell lines mapped or skipped, the target's description
 */
public record ScriptResult(boolean passed, String failure, List<String> notes) {
}
