package io.nsaas.host.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of a demo program ({@code io.nsaas.demo.*} in {@value DemoArtifacts#APPS_JAR}): in a tenant
 * JVM under the nsaas agent, or in a plain JVM on the host kernel when {@code tenant} is null.
 *
 * @param tenant    the tenant the JVM attaches as, or null for a plain JVM
 * @param mainClass simple name of the program's class, e.g. {@code HttpBulkServer}
 * @param args      its arguments
 */
public record DemoProgram(DemoTenant tenant, String mainClass, List<String> args) {

    /** Package of the demo programs. */
    public static final String PACKAGE = "io.nsaas.demo.";

    public DemoProgram {
        args = List.copyOf(args);
    }

    /** @return e.g. {@code tenant vm-a (newreno) HttpBulkServer} or {@code plain JVM HttpBulkServer} */
    public String label() {
        return (tenant == null ? "plain JVM" : "tenant " + tenant.id() + " (" + tenant.stack() + ")") + " " + mainClass;
    }

    /**
     * Starts the program's JVM: the agent (for a tenant) and the programs' jar, nothing else.
     *
     * @param controlSocket the host's control socket (unused for a plain JVM)
     * @param echo          gets the program's output lines, prefixed with its label, or null
     */
    public ChildJvm start(DemoArtifacts artifacts, Path controlSocket, Consumer<String> echo) throws IOException {
        return start(ChildJvm.javaExecutable(), artifacts, controlSocket, echo);
    }

    /** As {@link #start(DemoArtifacts, Path, Consumer)}, on the JVM of the {@code java} executable given. */
    public ChildJvm start(Path java, DemoArtifacts artifacts, Path controlSocket, Consumer<String> echo) throws IOException {
        List<String> jvmOptions = tenant == null ? List.of() : tenant.jvmOptions(artifacts.agentJar(), controlSocket);
        String label = label();
        Consumer<String> prefixed = echo == null ? null : line -> echo.accept("  [" + label + "] " + line);
        return ChildJvm.start(java, label, jvmOptions, artifacts.appsJar().toString(), PACKAGE + mainClass, args, prefixed);
    }
}
