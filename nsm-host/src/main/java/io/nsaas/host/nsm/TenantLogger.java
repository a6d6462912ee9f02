package io.nsaas.host.nsm;

import io.nsaas.spi.StackLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stack's {@link StackLogger}: SLF4J logger {@code io.nsaas.stack.<stack id>}, every line prefixed
 * with {@code [tenant/stack] }.
 */
final class TenantLogger implements StackLogger {
    private final Logger log;
    private final String prefix;

    TenantLogger(String tenantId, String stackId) {
        this.log = LoggerFactory.getLogger("io.nsaas.stack." + stackId);
        // "{}" in an id must not be taken for a placeholder
        this.prefix = ("[" + tenantId + "/" + stackId + "] ").replace("{}", "\\{}");
    }

    /** @return the line prefix, {@code [tenant/stack] } */
    String prefix() {
        return prefix;
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(String format, Object... arguments) {
        if (log.isDebugEnabled()) {
            log.debug(prefix + format, arguments);
        }
    }

    @Override
    public void info(String format, Object... arguments) {
        if (log.isInfoEnabled()) {
            log.info(prefix + format, arguments);
        }
    }

    @Override
    public void warn(String format, Object... arguments) {
        if (log.isWarnEnabled()) {
            log.warn(prefix + format, arguments);
        }
    }

    @Override
    public void error(String format, Object... arguments) {
        if (log.isErrorEnabled()) {
            log.error(prefix + format, arguments);
        }
    }
}
