package io.nsaas.host.config;

import com.typesafe.config.ConfigOrigin;

/**
 * Where a setting was written: a file (or classpath resource) and a 1-based line, for error messages
 * of the form {@code FILE:LINE: KEY: problem}.
 *
 * @param file the file as it was given to the loader, a classpath resource name such as
 *             {@code reference.conf}, or another description when the value has no single source
 * @param line 1-based line number, or {@code -1} when unknown (then only the file is shown)
 */
public record SettingOrigin(String file, int line) {

    /** @return the origin of a typesafe-config value or exception */
    public static SettingOrigin of(ConfigOrigin origin) {
        if (origin == null) {
            return new SettingOrigin("<unknown>", -1);
        }
        // a class-path resource is named as such, even when it sits in a directory (target/classes)
        String file = origin.resource() != null ? origin.resource()
            : origin.filename() != null ? origin.filename()
            : origin.description();
        return new SettingOrigin(file, origin.lineNumber());
    }

    /** @return {@code FILE:LINE}, or {@code FILE} when the line is unknown */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
