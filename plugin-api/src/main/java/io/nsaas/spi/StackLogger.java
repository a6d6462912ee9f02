package io.nsaas.spi;

/**
 * Logging for stack code, so plugins need no logging framework of their own. The host prefixes
 * every line with the tenant and stack and routes it to its own logs.
 *
 * <p>Threading: call on the NSM thread. Messages use {@code {}} placeholders as SLF4J does;
 * keep formatting off hot paths by checking {@link #isDebugEnabled()} first.
 */
public interface StackLogger {

    boolean isDebugEnabled();

    void debug(String format, Object... arguments);

    void info(String format, Object... arguments);

    void warn(String format, Object... arguments);

    void error(String format, Object... arguments);
}
