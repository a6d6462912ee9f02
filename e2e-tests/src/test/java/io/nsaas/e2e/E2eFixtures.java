package io.nsaas.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nsaas.host.demo.ChildJvm;
import io.nsaas.host.demo.DemoArtifacts;
import io.nsaas.host.demo.DemoException;
import io.nsaas.host.demo.DemoHost;
import io.nsaas.host.demo.DemoTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Where the build left what the end-to-end tests run, and how they start a host on it. */
final class E2eFixtures {

    /** The repository root (the reactor's base directory). */
    static final Path ROOT = Path.of(System.getProperty("nsaas.test.root", "..")).toAbsolutePath().normalize();
    static final Path HOST_JAR = ROOT.resolve("nsm-host/target/nsaas.jar");
    static final Path PLUGINS = ROOT.resolve("target/plugins");
    /** Limit on every step; generous because the machine may be shared. */
    static final Duration STEP = Duration.ofSeconds(120);

    private E2eFixtures() {
    }

    /** @return the agent and programs' jars, failing (not skipping) when the build did not make them */
    static DemoArtifacts artifacts() throws DemoException {
        assertTrue(Files.isRegularFile(HOST_JAR), HOST_JAR + " is missing: run the reactor's package phase first");
        assertTrue(Files.isDirectory(PLUGINS), PLUGINS + " is missing: run the reactor's package phase first");
        return DemoArtifacts.locate(ROOT);
    }

    /** Starts {@code nsaas.jar host} with {@code tenants} on a config and control socket under {@code dir}. */
    static DemoHost startHost(Path dir, DemoTenant... tenants) throws IOException, DemoException, InterruptedException {
        return DemoHost.start(HOST_JAR.toString(), List.of(PLUGINS), List.of(tenants), dir, STEP, null);
    }

    /** @return a message with a child's whole output, for assertion failures */
    static String output(ChildJvm jvm) {
        return jvm.name() + " printed:\n" + jvm.output();
    }
}
