package io.nsaas.conformance.wire;

/**
 * A script that is not in the supported packetdrill subset; the message is one line, {@code FILE:LINE: what is
 * expected} (a statement quoted from several script lines is joined with spaces).
 */
public final class ScriptSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScriptSyntaxException(String file, int line, String message) {
        super(file + ":" + line + ": " + message.replaceAll("\\s*\\R\\s*", " "));
    }
}
