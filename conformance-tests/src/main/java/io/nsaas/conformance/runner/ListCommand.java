package io.nsaas.conformance.runner;

import io.nsaas.conformance.Level;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code list}: every TCK test method of {@value CertificationRun#CERTIFY_PACKAGE} (a test factory, such
 * as one running a script corpus, is listed once) with its level and requirement ids; no plugin is loaded.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Lists every TCK test with its level and requirement ids.")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> lines = lines(CertificationRun.CERTIFY_PACKAGE);
        lines.forEach(out::println);
        out.println(lines.size() + " tests");
        out.flush();
        return ConformanceCommand.EXIT_OK;
    }

    /** @return one line per test method in {@code testPackage}: level, {@code Class.method}, requirement ids */
    static List<String> lines(String testPackage) {
        TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectPackage(testPackage)).build());
        List<String> lines = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                if (test.getSource().orElse(null) instanceof MethodSource source) {
                    Method method = source.getJavaMethod();
                    String level = Level.ofMethodName(method.getName()).map(Enum::name).orElse("REQUIRED(no prefix: suite bug)");
                    String className = source.getClassName();
                    lines.add(String.format("%-8s %s.%s %s", level, className.substring(className.lastIndexOf('.') + 1),
                        method.getName(), String.join(",", OutcomeCollector.requirementsOf(method))));
                }
            }
        }
        lines.sort(null);
        return lines;
    }
}
