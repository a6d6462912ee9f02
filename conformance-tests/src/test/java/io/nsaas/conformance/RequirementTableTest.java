package io.nsaas.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.conformance.runner.CertificationRun;
import io.nsaas.conformance.wire.ScriptParser;
import io.nsaas.conformance.wire.WireScript;
import io.nsaas.conformance.wire.WireScriptTck;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Keeps the requirement ids honest: every id a TCK method ({@code @Requirement}) or corpus script
 * ({@code // requirement:} header) carries is well formed, cites a clause recorded in
 * {@code verified-clauses.txt} (read from the RFC text), fits the test's level, and the module README's
 * requirement tables map each id to exactly the tests that carry it. Id grammar:
 * {@code RFC<number>-<section>} (e.g. {@code RFC5681-3.2}), {@code RFC9293-(MUST|SHLD|MAY)-<n>} (RFC 9293's
 * Appendix B labels) or {@code SC-<NAME>} (our contract, e.g. {@code SC-CONNECT-REFUSED}).
 */
class RequirementTableTest {
    static final Path README = Path.of("README.md");
    static final Path SCRIPTS = Path.of("src/main/resources/io/nsaas/conformance/scripts");
    static final String TABLE_HEADER = "| requirement id | source | level | tests |";

    private static final Pattern RFC9293_LABEL = Pattern.compile("RFC9293-(MUST|SHLD|MAY)-[1-9][0-9]*");
    private static final Pattern RFC_SECTION = Pattern.compile("RFC[1-9][0-9]{2,4}-[1-9][0-9]*(\\.[1-9][0-9]*)*");
    private static final Pattern CONTRACT = Pattern.compile("SC-[A-Z0-9]+(-[A-Z0-9]+)*");
    private static final Pattern METHOD_REF = Pattern.compile("([A-Z]\\w*)\\.((?:required|optional)_\\w+)");
    private static final Pattern BARE_METHOD = Pattern.compile("(?:required|optional)_\\w+");
    private static final Pattern SCRIPT_REF = Pattern.compile("([a-z0-9]+(?:-[a-z0-9]+)*)(?:\\.pkt)?");
    private static final Set<String> WEAK = Set.of("SHOULD", "MAY", "EXPERIMENTAL");
    private static final Set<String> LEVELS = Set.of("MUST", "SHOULD", "MAY", "EXPERIMENTAL", "DECLARED", "INFO");

    /** A TCK test method ({@code Class.method}) or a corpus script (its name without .pkt), with its level and ids. */
    record Checked(String name, Level level, List<String> ids) {
    }

    /** One row of a README requirement table. */
    record Row(int line, String id, String level, List<String> tests) {
    }

    @Test
    void everyTckMethodStartsWithItsLevelAndCarriesRequirementIds() {
        List<Method> methods = tckMethods();
        assertTrue(methods.size() > 40, "expected the TCK methods of " + CertificationRun.CERTIFY_PACKAGE + ", found " + methods);
        List<String> problems = new ArrayList<>();
        for (Method method : methods) {
            String name = nameOf(method);
            if (Level.ofMethodName(method.getName()).isEmpty()) {
                problems.add(name + ": the name must start with required_ or optional_");
            }
            Requirement requirement = method.getAnnotation(Requirement.class);
            if (requirement == null) {
                problems.add(name + ": carries no @Requirement");
            } else if (requirement.value().length == 0 && !method.isAnnotationPresent(TestFactory.class)) {
                problems.add(name + ": @Requirement lists no id (only a test factory may, its dynamic tests name their own)");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyIdIsWellFormedAndCitesAVerifiedClause() throws IOException {
        Map<String, String> clauses = verifiedClauses();
        List<String> problems = new ArrayList<>();
        for (Checked test : checked()) {
            if (test.ids().isEmpty()) {
                problems.add(test.name() + ": carries no requirement id");
            }
            test.ids().forEach(id -> problems.addAll(idProblems(test.name(), id, clauses)));
        }
        for (Row row : rows(Files.readString(README), new ArrayList<>())) {
            problems.addAll(idProblems("README.md:" + row.line(), row.id(), clauses));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void verifiedClausesOfRfc9293LabelsHaveTheLabelsLevel() {
        verifiedClauses().forEach((id, level) -> {
            Matcher label = RFC9293_LABEL.matcher(id);
            if (label.matches()) {
                String keyword = label.group(1).equals("SHLD") ? "SHOULD" : label.group(1);
                assertEquals(keyword, level, "verified-clauses.txt: " + id + " is a " + keyword + " label");
            }
        });
    }

    @Test
    void everyTestsLevelFitsTheClausesItCites() {
        Map<String, String> clauses = verifiedClauses();
        List<String> problems = new ArrayList<>();
        checked().forEach(test -> problems.addAll(levelProblems(test, clauses)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void readmeTablesMapEveryIdToExactlyTheTestsCarryingIt() throws IOException {
        List<String> problems = tableProblems(Files.readString(README), checked());
        assertTrue(problems.isEmpty(), "README.md requirement tables (" + TABLE_HEADER + ") disagree with the code:\n"
            + String.join("\n", problems));
    }

    @Test
    void everyScriptOfTheCorpusDirectoryIsListedInItsIndex() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(SCRIPTS)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pkt")).forEach(files::add);
        }
        assertFalse(files.isEmpty(), "no scripts in " + SCRIPTS.toAbsolutePath());
        assertEquals(files, new TreeSet<>(WireScriptTck.corpus()), "scripts/INDEX must list every .pkt of " + SCRIPTS
            + " (an unlisted script never runs)");
    }

    // ---- the checks test themselves: each must fail what it exists to catch ----

    @Test
    void malformedAndUnverifiedIdsAreRefused() {
        Map<String, String> clauses = Map.of("RFC9293-MUST-2", "MUST", "RFC5681-3.2", "DECLARED");
        for (String good : List.of("RFC9293-MUST-2", "RFC5681-3.2", "SC-CONNECT-REFUSED", "SC-SPI-DETERMINISTIC")) {
            assertEquals(List.of(), idProblems("t", good, clauses), good);
        }
        for (String bad : List.of("RFC9293-MUST-07", "RFC9293-SHOULD-7", "SPI-DETERMINISTIC", "rfc5681-3.2", "RFC5681",
            "SC-connect", "SC-", "RFC5681-3.2.", "WIRE-SCRIPTS-REQUIRED")) {
            assertTrue(idProblems("t", bad, clauses).get(0).contains("malformed"), bad);
        }
        assertTrue(idProblems("t", "RFC9293-MUST-75", clauses).get(0).contains("verified-clauses.txt"));
    }

    @Test
    void levelCheckRefusesWeakClausesInRequiredTestsAndMustOnlyOptionalTests() {
        Map<String, String> clauses = Map.of("A-1", "MUST", "A-2", "SHOULD", "A-3", "DECLARED");
        assertEquals(1, levelProblems(new Checked("t", Level.REQUIRED, List.of("A-1", "A-2")), clauses).size());
        assertEquals(0, levelProblems(new Checked("t", Level.REQUIRED, List.of("A-2", "SC-X")), clauses).size());
        assertEquals(1, levelProblems(new Checked("t", Level.OPTIONAL, List.of("A-1", "SC-X")), clauses).size());
        assertEquals(0, levelProblems(new Checked("t", Level.OPTIONAL, List.of("A-1", "A-3")), clauses).size());
    }

    @Test
    void tableCheckReportsMissingStaleAndMislevelledRows() {
        List<Checked> tests = List.of(new Checked("FooTck.required_a", Level.REQUIRED, List.of("SC-A", "SC-B")),
            new Checked("FooTck.optional_b", Level.OPTIONAL, List.of("SC-A")),
            new Checked("some-script", Level.REQUIRED, List.of("SC-B")));
        String table = TABLE_HEADER + "\n| --- | --- | --- | --- |\n";
        assertEquals(List.of(), tableProblems(table
            + "| SC-A | x | required, optional | `FooTck.required_a`, `optional_b` |\n"
            + "| SC-B | x | required | FooTck.required_a, some-script.pkt |\n", tests));
        List<String> problems = tableProblems(table
            + "| SC-A | x | required | FooTck.required_a |\n"
            + "| SC-B | x | optional | FooTck.required_a, FooTck.required_gone, other-script |\n", tests);
        assertTrue(problems.stream().anyMatch(p -> p.contains("level is 'optional', expected 'required'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("required_gone")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("other-script")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("missing") && p.contains("optional_b")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("missing") && p.contains("some-script")), problems.toString());
        assertFalse(tableProblems("no table here", tests).isEmpty());
    }

    // ---- what the suite declares ----

    /** @return every test method of the certify package's classes (inherited from the TCK classes), once each */
    static List<Method> tckMethods() {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectPackage(CertificationRun.CERTIFY_PACKAGE)).build());
        Map<String, Method> methods = new TreeMap<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                if (test.getSource().orElse(null) instanceof MethodSource source) {
                    Method method = source.getJavaMethod();
                    methods.put(nameOf(method), method);
                }
            }
        }
        return List.copyOf(methods.values());
    }

    /** @return every TCK method and every corpus script with its level and requirement ids */
    static List<Checked> checked() {
        List<Checked> all = new ArrayList<>();
        for (Method method : tckMethods()) {
            Requirement requirement = method.getAnnotation(Requirement.class);
            if (!method.isAnnotationPresent(TestFactory.class)) {
                all.add(new Checked(nameOf(method), Level.ofMethodName(method.getName()).orElse(Level.REQUIRED),
                    requirement == null ? List.of() : List.of(requirement.value())));
            }
        }
        for (String name : WireScriptTck.corpus()) {
            WireScript script = ScriptParser.parse(name, WireScriptTck.script(name));
            all.add(new Checked(name.replaceFirst("\\.pkt$", ""), script.required() ? Level.REQUIRED : Level.OPTIONAL,
                script.requirements()));
        }
        return all;
    }

    /** @return id to level of every line of verified-clauses.txt */
    static Map<String, String> verifiedClauses() {
        Map<String, String> clauses = new LinkedHashMap<>();
        String text;
        try (InputStream in = RequirementTableTest.class.getResourceAsStream("verified-clauses.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read io/nsaas/conformance/verified-clauses.txt from the test class path", e);
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3 || !LEVELS.contains(parts[1]) || clauses.put(parts[0], parts[1]) != null) {
                throw new IllegalStateException("verified-clauses.txt:" + (i + 1) + ": expected '<id> <" + String.join("|", LEVELS)
                    + "> <what the clause says>', each id once; got: " + line);
            }
        }
        return clauses;
    }

    private static String nameOf(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    // ---- the checks ----

    static List<String> idProblems(String where, String id, Map<String, String> clauses) {
        if (RFC9293_LABEL.matcher(id).matches() || RFC_SECTION.matcher(id).matches()) {
            return clauses.containsKey(id) ? List.of() : List.of(where + ": " + id + " is not in verified-clauses.txt: read the "
                + "clause in the RFC text, check it says what the test checks, then add it with its level");
        }
        return CONTRACT.matcher(id).matches() ? List.of() : List.of(where + ": requirement id '" + id + "' is malformed; "
            + "expected RFC<number>-<section>, RFC9293-(MUST|SHLD|MAY)-<n> or SC-<NAME>");
    }

    static List<String> levelProblems(Checked test, Map<String, String> clauses) {
        boolean contract = test.ids().stream().anyMatch(id -> CONTRACT.matcher(id).matches());
        List<String> weak = test.ids().stream().filter(id -> WEAK.contains(clauses.getOrDefault(id, ""))).toList();
        if (test.level() == Level.REQUIRED && !weak.isEmpty() && !contract) {
            return List.of(test.name() + " is required but cites " + weak + " (SHOULD/MAY/experimental): make it optional, "
                + "or cite the SC-* clause that makes the behaviour part of our contract");
        }
        boolean notMust = test.ids().stream().anyMatch(id -> clauses.containsKey(id) && !clauses.get(id).equals("MUST")
            && !clauses.get(id).equals("INFO"));
        if (test.level() == Level.OPTIONAL && !notMust && test.ids().stream().allMatch(id -> contract(id) || clauses.containsKey(id))) {
            return List.of(test.name() + " is optional but cites only MUST clauses or our contract " + test.ids()
                + ": make it required, or cite the SHOULD/MAY/declared clause it checks");
        }
        return List.of();
    }

    private static boolean contract(String id) {
        return CONTRACT.matcher(id).matches();
    }

    static List<String> tableProblems(String readme, List<Checked> tests) {
        List<String> problems = new ArrayList<>();
        List<Row> rows = rows(readme, problems);
        if (rows.isEmpty()) {
            problems.add("no requirement table (header " + TABLE_HEADER + ") found");
        }
        Map<String, Level> levels = new TreeMap<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (Checked test : tests) {
            levels.put(test.name(), test.level());
            test.ids().forEach(id -> expected.computeIfAbsent(id, k -> new TreeSet<>()).add(test.name()));
        }
        Set<String> listed = new TreeSet<>();
        for (Row row : rows) {
            String where = "README.md:" + row.line() + ": " + row.id() + ": ";
            for (String test : row.tests()) {
                if (!levels.containsKey(test)) {
                    problems.add(where + "no TCK test or corpus script named " + test);
                } else if (!expected.getOrDefault(row.id(), Set.of()).contains(test)) {
                    problems.add(where + test + " does not carry " + row.id());
                }
                listed.add(row.id() + " " + test);
            }
            String level = levelCell(row.tests().stream().filter(levels::containsKey).map(levels::get).toList());
            if (!row.level().equals(level)) {
                problems.add(where + "level is '" + row.level() + "', expected '" + level + "' (the levels of its tests)");
            }
        }
        expected.forEach((id, names) -> {
            List<String> missing = names.stream().filter(name -> !listed.contains(id + " " + name)).toList();
            if (!missing.isEmpty()) {
                problems.add("missing (add to the row of " + id + ", or add this row): | " + id + " | ... | "
                    + levelCell(missing.stream().map(levels::get).toList()) + " | " + testsCell(missing) + " |");
            }
        });
        return problems;
    }

    /** @return the rows of every table headed {@value #TABLE_HEADER}; unreadable rows add to {@code problems} */
    static List<Row> rows(String readme, List<String> problems) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        String[] lines = readme.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(TABLE_HEADER)) {
                inTable = true;
            } else if (!line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.matches("\\|[\\s|:-]+\\|")) {
                String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1);
                if (cells.length != 4) {
                    problems.add("README.md:" + (i + 1) + ": expected 4 cells (id, source, level, tests): " + line);
                    continue;
                }
                String id = cells[0].replace("`", "").strip();
                List<String> tests = tests(cells[3], "README.md:" + (i + 1), problems);
                rows.add(new Row(i + 1, id, cells[2].strip(), tests));
            }
        }
        return rows;
    }

    /** @return the tests of a tests cell: {@code Class.method}, a bare method of the previous class, or a script name */
    private static List<String> tests(String cell, String where, List<String> problems) {
        List<String> tests = new ArrayList<>();
        String currentClass = null;
        for (String token : cell.replace("`", "").split(",")) {
            String ref = token.strip();
            Matcher method = METHOD_REF.matcher(ref);
            Matcher script = SCRIPT_REF.matcher(ref);
            if (method.matches()) {
                currentClass = method.group(1);
                tests.add(ref);
            } else if (BARE_METHOD.matcher(ref).matches() && currentClass != null) {
                tests.add(currentClass + "." + ref);
            } else if (script.matches()) {
                tests.add(script.group(1));
            } else {
                problems.add(where + ": cannot read test reference '" + ref + "' (Class.required_x, required_x after it, "
                    + "or a script name)");
            }
        }
        return tests;
    }

    private static String levelCell(List<Level> levels) {
        List<String> names = new ArrayList<>();
        for (Level level : Level.values()) {
            if (levels.contains(level)) {
                names.add(level.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return String.join(", ", names);
    }

    private static String testsCell(List<String> names) {
        List<String> refs = new ArrayList<>();
        String currentClass = null;
        for (String name : names) {
            int dot = name.indexOf('.');
            if (dot < 0) {
                refs.add(name);
            } else if (name.substring(0, dot).equals(currentClass)) {
                refs.add("`" + name.substring(dot + 1) + "`");
            } else {
                currentClass = name.substring(0, dot);
                refs.add("`" + name + "`");
            }
        }
        return String.join(", ", refs);
    }
}
