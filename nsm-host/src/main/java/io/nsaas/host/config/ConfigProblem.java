package io.nsaas.host.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a host configuration.
 *
 * <p>Renders as one line: {@code FILE:LINE: KEY: problem; expected ...}. The key part is left out for
 * problems that concern the whole file (syntax errors, unreadable file), the expected part when
 * there is nothing more useful to say.
 *
 * @param origin   where the offending setting was written (never null)
 * @param key      the full HOCON path of the setting, for example {@code nsaas.tenants.vm-a.address},
 *                 or null
 * @param problem  what is wrong, for example {@code '10.0.0.300/24' is not an IPv4 CIDR}
 * @param expected what would be right, or null
 */
public record ConfigProblem(SettingOrigin origin, String key, String problem, String expected) {

    public ConfigProblem {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(problem, "problem");
    }

    /**
     * @return the problem a typesafe-config parse or resolve error describes, at its origin: a syntax
     *         error, an unresolved substitution, ...
     */
    public static ConfigProblem of(com.typesafe.config.ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null && message.startsWith(e.origin().description() + ": ")) {
            message = message.substring(e.origin().description().length() + 2);
        }
        boolean unresolved = e instanceof com.typesafe.config.ConfigException.UnresolvedSubstitution;
        boolean syntax = e instanceof com.typesafe.config.ConfigException.Parse && !unresolved;
        String expected = unresolved
            ? "a setting, Java system property or environment variable of that name, or ${?name} if optional"
            : syntax ? "HOCON syntax (see CONFIG.md)" : null;
        return new ConfigProblem(SettingOrigin.of(e.origin()), null, syntax ? "syntax error: " + message : message, expected);
    }

    /** @return the one-line rendering */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(origin.toString()).append(": ");
        if (key != null) {
            line.append(key).append(": ");
        }
        line.append(problem);
        if (expected != null) {
            line.append("; expected ").append(expected);
        }
        return line.toString();
    }
}
