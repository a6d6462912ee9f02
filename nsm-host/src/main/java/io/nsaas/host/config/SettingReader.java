package io.nsaas.host.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads typed values out of a resolved HOCON tree and turns every malformed value into a
 * {@link ConfigProblem} at the line where it was written, so that readers of the sections can go on
 * and find the next problem.
 *
 * <p>Origins are taken from the tree as written (before substitutions were resolved) when the value
 * is there, so a setting written as {@code ${base}"/x"} is reported at its own line rather than at the
 * line of {@code base}.
 *
 * <p>Not thread-safe: one reader per load. Used by the host configuration and by {@code nsaas sim}
 * scenarios.
 */
public final class SettingReader {
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

    private final ConfigObject writtenRoot;
    private final Path workingDir;
    private final ProblemList problems;

    /**
     * @param writtenRoot the merged but unresolved tree, used only to find where values were written
     * @param workingDir  base of relative paths whose setting did not come from a file
     */
    public SettingReader(ConfigObject writtenRoot, Path workingDir, ProblemList problems) {
        this.writtenRoot = writtenRoot;
        this.workingDir = workingDir;
        this.problems = problems;
    }

    public ProblemList problems() {
        return problems;
    }

    /** @return where the value at {@code path} was written */
    public SettingOrigin origin(String path, ConfigValue resolved) {
        return SettingOrigin.of(writtenOrigin(path, resolved));
    }

    private ConfigOrigin writtenOrigin(String path, ConfigValue resolved) {
        ConfigValue value = writtenRoot;
        try {
            for (String key : ConfigUtil.splitPath(path)) {
                if (!(value instanceof ConfigObject)) {
                    return resolved.origin();
                }
                value = ((ConfigObject) value).get(key);
                if (value == null) {
                    return resolved.origin();
                }
            }
            return value.origin();
        } catch (com.typesafe.config.ConfigException notWrittenThere) {
            // a delayed merge (x = ${y} { ... }) cannot be looked into before resolution
            return resolved.origin();
        }
    }

    public void error(String path, ConfigValue value, String problem, String expected) {
        problems.error(origin(path, value), path, problem, expected);
    }

    public void error(SettingOrigin origin, String path, String problem, String expected) {
        problems.error(origin, path, problem, expected);
    }

    void warn(SettingOrigin origin, String path, String problem, String expected) {
        problems.warn(origin, path, problem, expected);
    }

    public void wrongType(String path, ConfigValue value, String expected) {
        error(path, value, "is " + describe(value), expected);
    }

    /** Reports every key of {@code object} that is not {@code known}, suggesting the nearest known key. */
    void checkKeys(ConfigObject object, String path, Collection<String> known) {
        checkKeys(object, path, known, "CONFIG.md");
    }

    /**
     * Reports every key of {@code object} that is not {@code known}, suggesting the nearest known key,
     * or else listing the known keys and pointing to {@code reference} (the documentation of the file).
     */
    public void checkKeys(ConfigObject object, String path, Collection<String> known, String reference) {
        for (String key : new TreeSet<>(object.keySet())) {
            if (known.contains(key)) {
                continue;
            }
            String keyPath = join(path, key);
            String suggestion = ClosestMatch.among(key, known);
            if (suggestion != null) {
                error(keyPath, object.get(key), "unknown key; did you mean " + join(path, suggestion) + "?", null);
            } else {
                error(keyPath, object.get(key), "unknown key", "one of " + String.join(", ", known)
                    + " (see " + reference + ")");
            }
        }
    }

    /**
     * @return the object at {@code key}, or null when it is absent (nothing reported) or not an object
     *         (reported)
     */
    public ConfigObject object(ConfigObject parent, String parentPath, String key, String expected) {
        ConfigValue value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            wrongType(join(parentPath, key), value, expected);
            return null;
        }
        return (ConfigObject) value;
    }

    /**
     * @return a scalar value as text (strings as written, numbers and booleans as rendered), or null
     *         when the value is null, a list or an object (reported)
     */
    public String text(String path, ConfigValue value, String expected) {
        switch (value.valueType()) {
            case STRING:
                return (String) value.unwrapped();
            case NUMBER:
            case BOOLEAN:
                return value.render(CONCISE);
            default:
                wrongType(path, value, expected);
                return null;
        }
    }

    /**
     * Applies a parser to a setting's text.
     *
     * @return the parsed value, or null when the parser threw {@link InvalidSetting} (reported)
     */
    <T> T parse(String path, ConfigValue value, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (InvalidSetting e) {
            error(path, value, e.problem(), e.expected());
            return null;
        }
    }

    /**
     * Resolves a path setting: absolute paths as they are, relative paths against the directory of the
     * file the setting was written in, or the working directory when it came from a classpath resource.
     *
     * @return the absolute, normalised path, or null when the text is not a path (reported)
     */
    Path path(String path, ConfigValue value, String text) {
        Path written;
        try {
            written = Path.of(text);
        } catch (InvalidPathException e) {
            error(path, value, "'" + text + "' is not a valid path (" + e.getReason() + ")", "a file system path");
            return null;
        }
        if (written.isAbsolute()) {
            return written.normalize();
        }
        ConfigOrigin origin = writtenOrigin(path, value);
        Path base = origin != null && origin.resource() == null && origin.filename() != null
            ? Path.of(origin.filename()).toAbsolutePath().getParent()
            : workingDir;
        return base.resolve(written).normalize();
    }

    /** @return the elements of a list setting, or null when it is not a list (reported) */
    public List<ConfigValue> list(String path, ConfigValue value, String expected) {
        if (value.valueType() != ConfigValueType.LIST) {
            wrongType(path, value, expected);
            return null;
        }
        return (ConfigList) value;
    }

    /** @return {@code the string 'x'}, {@code the number 1.5}, {@code a list}, ... for messages */
    public static String describe(ConfigValue value) {
        switch (value.valueType()) {
            case STRING:
                return "the string '" + value.unwrapped() + "'";
            case NUMBER:
                return "the number " + value.render(CONCISE);
            case BOOLEAN:
                return "the boolean " + value.render(CONCISE);
            case LIST:
                return "a list";
            case OBJECT:
                return "an object";
            default:
                return "null";
        }
    }

    /** @return {@code parent.key}, quoting the key when HOCON needs it */
    public static String join(String parentPath, String key) {
        return parentPath.isEmpty() ? ConfigUtil.joinPath(key) : parentPath + "." + ConfigUtil.joinPath(key);
    }
}
