package io.nsaas.conformance.runner;

import io.nsaas.conformance.Divergences;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certify --plugin ZIP --out DIR}: loads the zip (exit 2 with the loader's reason when it is
 * not a loadable stack plugin), runs every test class of {@value CertificationRun#CERTIFY_PACKAGE}
 * against it with a live progress line on stderr, writes report.json, report.md and JUnit XML
 * ({@code DIR/junit}) and prints a one-screen summary. Exit 0 only when every required test passed
 * (or failed with an explained divergence) and at least one test ran.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
    description = "Runs the whole suite against a stack plugin zip and writes report.json, report.md and JUnit XML.")
final class CertifyCommand implements Callable<Integer> {
    @Option(names = "--plugin", required = true, paramLabel = "ZIP", description = "the stack plugin zip to certify")
    Path plugin;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the reports go (created when missing)")
    Path out;

    @Option(names = "--no-progress", description = "no live progress line on stderr")
    boolean noProgress;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            err.println("certify: --out " + out + " is a file; give a directory (it is created when missing)");
            return ConformanceCommand.EXIT_USAGE;
        }
        CertificationReport report;
        try {
            report = new CertificationRun(CertificationRun.CERTIFY_PACKAGE, Divergences.bundled())
                .run(plugin, out, noProgress ? null : System.err, System.console() != null);
        } catch (IllegalArgumentException e) {
            err.println("certify: " + e.getMessage());
            return ConformanceCommand.EXIT_USAGE;
        }
        ReportFiles.write(report, out);
        spec.commandLine().getOut().print(ReportFiles.summary(report, out));
        spec.commandLine().getOut().flush();
        return report.certified() ? ConformanceCommand.EXIT_OK : ConformanceCommand.EXIT_FAILED;
    }
}
