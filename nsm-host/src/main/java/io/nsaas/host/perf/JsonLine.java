package io.nsaas.host.perf;

import java.util.Locale;

/**
 * One JSON object on one line, built field by field ({@code {"bytes":1,"sha256":"ab"}}), possibly
 * holding objects and lists of objects built the same way. Numbers with a fraction are written with
 * six decimals, never as NaN or infinity (those are written as 0), so the same values always give the
 * same text.
 */
public final class JsonLine {
    private final StringBuilder text = new StringBuilder(160).append('{');

    public JsonLine field(String name, long value) {
        name(name);
        text.append(value);
        return this;
    }

    public JsonLine field(String name, boolean value) {
        name(name);
        text.append(value);
        return this;
    }

    public JsonLine field(String name, double value) {
        name(name);
        text.append(String.format(Locale.ROOT, "%.6f", Double.isFinite(value) ? value : 0.0));
        return this;
    }

    public JsonLine field(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    private void string(String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\').append(c);
            } else if (c < 0x20) {
                text.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        text.append('"');
    }

    /** Adds a list of strings: {@code "name":["a","b"]}. */
    public JsonLine strings(String name, java.util.List<String> values) {
        name(name);
        text.append('[');
        for (int i = 0; i < values.size(); i++) {
            text.append(i == 0 ? "" : ",");
            string(values.get(i));
        }
        text.append(']');
        return this;
    }

    /** Adds an object field: {@code "name":{...}}. */
    public JsonLine field(String name, JsonLine object) {
        name(name);
        text.append(object);
        return this;
    }

    /** Adds a list of objects: {@code "name":[{...},{...}]}. */
    public JsonLine field(String name, java.util.List<JsonLine> objects) {
        name(name);
        text.append('[');
        for (int i = 0; i < objects.size(); i++) {
            text.append(i == 0 ? "" : ",").append(objects.get(i));
        }
        text.append(']');
        return this;
    }

    private void name(String name) {
        if (text.length() > 1) {
            text.append(',');
        }
        text.append('"').append(name).append("\":");
    }

    /** @return the object text, closed */
    @Override
    public String toString() {
        return text + "}";
    }
}
