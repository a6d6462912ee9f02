package io.nsaas.conformance.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checked-in list of explained divergences from Linux ({@code io/nsaas/conformance/divergences.txt}):
 * one line each, {@code <test or script id> <stack id or *>: <explanation>}; blank lines and lines
 * starting with {@code #} are ignored. A failed test listed for the stack under test (or for
 * {@code *}) is reported as diverged with the explanation instead of failed.
 *
 * <p>A test matches an entry whose id is its method name, {@code SimpleClass.method},
 * {@code SimpleClass#method}, or its full outcome id (which for dynamic tests such as wire scripts
 * ends with the display name, e.g. the script file name, in brackets; the bare display name matches too).
 */
public final class Divergences {
    /** The class-path resource the suite ships. */
    public static final String RESOURCE = "/io/nsaas/conformance/divergences.txt";

    /** One line of the list. */
    public record Entry(String testId, String stack, String explanation) {
    }

    private final List<Entry> entries;

    private Divergences(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @return the list the suite ships; empty when the resource is absent */
    public static Divergences bundled() {
        try (InputStream in = Divergences.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new Divergences(List.of());
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * @param source names the text in error messages
     * @throws IllegalArgumentException naming the line when one is not {@code id stack: explanation}
     */
    public static Divergences parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                entries.add(parseLine(trimmed, source + ":" + number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Divergences(entries);
    }

    private static Entry parseLine(String line, String where) {
        int colon = line.indexOf(':');
        String[] head = colon < 0 ? new String[0] : line.substring(0, colon).strip().split("\\s+");
        String explanation = colon < 0 ? "" : line.substring(colon + 1).strip();
        if (head.length != 2 || explanation.isEmpty()) {
            throw new IllegalArgumentException(where + ": a divergence is '<test or script id> <stack id or *>: <explanation>', got: " + line);
        }
        return new Entry(head[0], head[1], explanation);
    }

    /** @return every entry, in file order */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the first entry covering test {@code outcomeId} (see the class comment) on stack {@code stackId} */
    public Optional<Entry> find(String outcomeId, String stackId) {
        for (Entry entry : entries) {
            if ((entry.stack().equals("*") || entry.stack().equals(stackId)) && matches(entry.testId(), outcomeId)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String entryId, String outcomeId) {
        if (entryId.equals(outcomeId) || entryId.replace('#', '.').equals(outcomeId)) {
            return true;
        }
        int bracket = outcomeId.indexOf('[');
        String methodId = bracket < 0 ? outcomeId : outcomeId.substring(0, bracket);
        String display = bracket < 0 ? "" : outcomeId.substring(bracket + 1, outcomeId.length() - 1);
        String method = methodId.substring(methodId.lastIndexOf('.') + 1);
        return bracket < 0 ? entryId.equals(method) : entryId.equals(display);
    }
}
