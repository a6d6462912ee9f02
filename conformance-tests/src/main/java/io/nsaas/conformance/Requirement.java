package io.nsaas.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The requirement ids a TCK test checks, e.g. {@code RFC9293-MUST-12}, {@code RFC5681-3.2},
 * {@code SC-CONNECT-REFUSED} (socket contract). The module README maps every id to its tests; the
 * runner copies the ids into report.json. The test's level comes from its method name ({@link Level}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requirement {
    /** @return one or more requirement ids */
    String[] value();
}
