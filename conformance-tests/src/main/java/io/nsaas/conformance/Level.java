package io.nsaas.conformance;

import java.util.Optional;

/**
 * How binding a conformance requirement is. Every TCK test method's name starts with its level's
 * prefix ({@code required_...}, {@code optional_...}), so a test's level is visible wherever its name
 * is (JUnit XML, IDE, report).
 */
public enum Level {
    /** An RFC MUST or a clause of our socket contract: certification fails when it fails. */
    REQUIRED("required_"),
    /** An RFC SHOULD/MAY or a declared capability: reported, never fails certification. */
    OPTIONAL("optional_");

    private final String prefix;

    Level(String prefix) {
        this.prefix = prefix;
    }

    /** @return the method-name prefix of this level */
    public String prefix() {
        return prefix;
    }

    /** @return the level a test method name declares, or empty when it carries no level prefix */
    public static Optional<Level> ofMethodName(String methodName) {
        for (Level level : values()) {
            if (methodName.startsWith(level.prefix)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
