package io.nsaas.conformance;

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
 * starting with {@code #} are ignored. The one parser of that list, for the runner and the TCK classes.
 * A failed test listed for the stack under test (or for {@code *}) is reported as diverged with the
 * explanation instead of failed; a listed test that passes is reported as passed (the line is stale).
 *
 * <p>A test matches an entry whose id is its method name, {@code SimpleClass.method},
 * {@code SimpleClass#method}, or its full outcome id (which for dynamic tests ends with the display
 * name in brackets; the bare display name matches too). A wire script's id is its file name with or
 * without {@code .pkt} ({@code handshake-active}); it matches the script's dynamic test
 * ({@code required_handshake_active} or {@code optional_handshake_active}, see {@link #scriptTestName}).
 */
public final class Divergences {
    /** The class-path resource the suite ships. */
    public static final String RESOURCE = "/io/nsaas/conformance/divergences.txt";

    /** One line of the list. */
    public record Entry(String testId, String stack, String explanation) {
        /** @return the entry as its line in the list */
        public String line() {
            return testId + " " + stack + ": " + explanation;
        }
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
            if (covers(entry, stackId) && matches(entry.testId(), outcomeId)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** @return the first entry for wire script {@code script} (file name, with or without {@code .pkt}) on stack {@code stackId} */
    public Optional<Entry> findScript(String script, String stackId) {
        String id = withoutPkt(script);
        for (Entry entry : entries) {
            if (covers(entry, stackId) && withoutPkt(entry.testId()).equals(id)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * @return the name of a wire script's dynamic test without its level prefix: the file name without
     *     {@code .pkt}, dashes as underscores ({@code handshake-active.pkt} is {@code handshake_active})
     */
    public static String scriptTestName(String script) {
        return withoutPkt(script).replace('-', '_');
    }

    private static boolean covers(Entry entry, String stackId) {
        return entry.stack().equals("*") || entry.stack().equals(stackId);
    }

    private static String withoutPkt(String name) {
        return name.endsWith(".pkt") ? name.substring(0, name.length() - 4) : name;
    }

    private static boolean matches(String entryId, String outcomeId) {
        if (entryId.equals(outcomeId) || entryId.replace('#', '.').equals(outcomeId)) {
            return true;
        }
        int bracket = outcomeId.indexOf('[');
        String methodId = bracket < 0 ? outcomeId : outcomeId.substring(0, bracket);
        String method = methodId.substring(methodId.lastIndexOf('.') + 1);
        if (bracket < 0) {
            return entryId.equals(method);
        }
        String display = outcomeId.substring(bracket + 1, outcomeId.length() - 1);
        String unlevelled = Level.ofMethodName(display).map(level -> display.substring(level.prefix().length())).orElse(null);
        return entryId.equals(display) || scriptTestName(entryId).equals(unlevelled);
    }
}
