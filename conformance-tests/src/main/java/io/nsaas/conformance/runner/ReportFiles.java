package io.nsaas.conformance.runner;

import io.nsaas.conformance.Level;
import io.nsaas.host.perf.JsonLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link CertificationReport} as {@code report.json} (for tools: one JSON object, format
 * {@value #FORMAT}) and {@code report.md} (for people), and renders the one-screen summary the
 * command prints at the end.
 */
public final class ReportFiles {
    /** The report.json format id; bumped when a field changes meaning. */
    public static final String FORMAT = "nsaas-conformance-report/1";
    private static final int SUMMARY_LIST_LIMIT = 15;

    private ReportFiles() {
    }

    /** Writes report.json and report.md into {@code dir}. */
    public static void write(CertificationReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), json(report) + "\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }

    /** @return the report as one JSON object */
    public static String json(CertificationReport report) {
        CertificationReport.PluginIdentity p = report.plugin();
        JsonLine env = new JsonLine();
        report.environment().forEach(env::field);
        JsonLine counts = new JsonLine();
        report.countsByLevel().forEach((level, c) -> counts.field(level.name().toLowerCase(java.util.Locale.ROOT),
            new JsonLine().field("passed", c.passed()).field("failed", c.failed()).field("skipped", c.skipped())
                .field("diverged", c.diverged())));
        List<JsonLine> tests = new ArrayList<>();
        for (TestOutcome o : report.outcomes()) {
            tests.add(new JsonLine().field("id", o.id()).strings("requirements", o.requirements())
                .field("level", o.level().name()).field("levelMissing", o.levelMissing())
                .field("result", o.result().name()).field("millis", o.millis()).field("message", o.message()));
        }
        return new JsonLine().field("format", FORMAT)
            .field("suite", new JsonLine().field("version", report.suite().version()).field("jarSha256", report.suite().jarSha256()))
            .field("plugin", new JsonLine().field("id", p.id()).field("version", p.version()).field("algorithm", p.algorithm())
                .strings("capabilities", p.capabilities()).field("sha256", p.sha256()).field("zip", p.zip()))
            .field("environment", env)
            .field("startedAt", report.startedAt()).field("millis", report.millis())
            .field("certified", report.certified())
            .field("counts", counts)
            .field("tests", tests)
            .field("skips", entries(report.withResult(TestOutcome.Result.SKIPPED)))
            .field("divergences", entries(report.withResult(TestOutcome.Result.DIVERGED)))
            .field("staleDivergences", report.stale().stream()
                .map(d -> new JsonLine().field("id", d.testId()).field("line", d.entry().line())).toList())
            .toString();
    }

    private static List<JsonLine> entries(List<TestOutcome> outcomes) {
        return outcomes.stream().map(o -> new JsonLine().field("id", o.id()).field("reason", o.message())).toList();
    }

    /** @return the report for people */
    public static String markdown(CertificationReport report) {
        CertificationReport.PluginIdentity p = report.plugin();
        StringBuilder md = new StringBuilder(4096);
        md.append("# Conformance report: ").append(p.id()).append(' ').append(p.version()).append("\n\n");
        md.append("**").append(report.certified() ? "CERTIFIED" : "NOT CERTIFIED").append("**: ")
            .append(verdictReason(report)).append("\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| plugin | ").append(p.id()).append(' ').append(p.version()).append(" (algorithm ").append(p.algorithm())
            .append(", capabilities ").append(p.capabilities().isEmpty() ? "none" : String.join(", ", p.capabilities())).append(") |\n");
        md.append("| plugin SHA-256 | `").append(p.sha256()).append("` |\n");
        md.append("| suite | ").append(report.suite().version()).append(", jar SHA-256 `").append(report.suite().jarSha256()).append("` |\n");
        Map<String, String> env = report.environment();
        md.append("| environment | Java ").append(env.get("java.version")).append(" (").append(env.get("java.vendor")).append("), ")
            .append(env.get("os.name")).append(' ').append(env.get("os.version")).append(' ').append(env.get("os.arch"))
            .append(", ").append(env.get("cpus")).append(" CPUs |\n");
        md.append("| started | ").append(report.startedAt()).append(", took ").append(seconds(report.millis())).append(" |\n\n");
        md.append("| level | passed | failed | diverged | skipped |\n| --- | --- | --- | --- | --- |\n");
        report.countsByLevel().forEach((level, c) -> md.append("| ").append(level.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ").append(c.passed()).append(" | ").append(c.failed()).append(" | ").append(c.diverged())
            .append(" | ").append(c.skipped()).append(" |\n"));
        section(md, "Failed required tests (certification fails)", report.outcomes().stream().filter(TestOutcome::failsCertification).toList());
        section(md, "Failed optional tests", report.outcomes().stream()
            .filter(o -> o.result() == TestOutcome.Result.FAILED && o.level() == Level.OPTIONAL).toList());
        section(md, "Divergences from Linux (explained, not failures)", report.withResult(TestOutcome.Result.DIVERGED));
        section(md, "Skipped", report.withResult(TestOutcome.Result.SKIPPED));
        if (!report.stale().isEmpty()) {
            md.append("\n## Stale divergences (listed, but the test passed: delete the line from divergences.txt)\n\n");
            report.stale().forEach(d -> md.append("- `").append(d.testId()).append("` passed; line: `").append(d.entry().line())
                .append("`\n"));
        }
        md.append("\n## All tests\n\n| test | requirements | level | result | ms |\n| --- | --- | --- | --- | --- |\n");
        for (TestOutcome o : report.outcomes()) {
            md.append("| `").append(o.id()).append("` | ").append(String.join(", ", o.requirements())).append(" | ")
                .append(o.level().name().toLowerCase(java.util.Locale.ROOT)).append(o.levelMissing() ? " (no prefix: suite bug)" : "")
                .append(" | ").append(o.result().name().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(o.millis()).append(" |\n");
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<TestOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append("\n\n");
        for (TestOutcome o : outcomes) {
            md.append("- `").append(o.id()).append('`').append(o.requirements().isEmpty() ? "" : " (" + String.join(", ", o.requirements()) + ")")
                .append(": ").append(oneLine(o.message())).append('\n');
        }
    }

    /** @return the end-of-run summary: verdict, counts, failed required tests (at most 15 named), a hint per stale divergence line */
    public static String summary(CertificationReport report, Path out) {
        StringBuilder s = new StringBuilder(1024);
        CertificationReport.PluginIdentity p = report.plugin();
        s.append(report.certified() ? "CERTIFIED" : "NOT CERTIFIED").append(": ").append(p.id()).append(' ').append(p.version())
            .append(" (sha256 ").append(p.sha256(), 0, 12).append("...) in ").append(seconds(report.millis())).append('\n');
        report.countsByLevel().forEach((level, c) -> s.append(String.format(java.util.Locale.ROOT,
            "  %-8s %4d passed %4d failed %4d diverged %4d skipped%n", level.name().toLowerCase(java.util.Locale.ROOT),
            c.passed(), c.failed(), c.diverged(), c.skipped())));
        List<TestOutcome> failed = report.outcomes().stream().filter(TestOutcome::failsCertification).toList();
        if (!failed.isEmpty()) {
            s.append("failed required tests:\n");
            failed.stream().limit(SUMMARY_LIST_LIMIT).forEach(o -> s.append("  ").append(o.id()).append(": ")
                .append(abbreviate(oneLine(o.message()), 100)).append('\n'));
            if (failed.size() > SUMMARY_LIST_LIMIT) {
                s.append("  ... and ").append(failed.size() - SUMMARY_LIST_LIMIT).append(" more (see report.md)\n");
            }
        }
        for (CertificationReport.StaleDivergence d : report.stale()) {
            s.append("hint: ").append(d.testId()).append(" passed, so its divergences.txt line is stale (delete it): ")
                .append(abbreviate(d.entry().line(), 100)).append('\n');
        }
        if (report.outcomes().isEmpty()) {
            s.append("the suite ran no tests: this build holds no TCK classes in ").append(CertificationRun.CERTIFY_PACKAGE).append('\n');
        }
        s.append("reports: ").append(out.resolve("report.md")).append(", ").append(out.resolve("report.json"))
            .append(", ").append(out.resolve("junit")).append('\n');
        return s.toString();
    }

    private static String verdictReason(CertificationReport report) {
        if (report.outcomes().isEmpty()) {
            return "the suite ran no tests.";
        }
        long failed = report.outcomes().stream().filter(TestOutcome::failsCertification).count();
        return failed == 0 ? "every required test passed (or is an explained divergence)."
            : failed + " required test(s) failed.";
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
