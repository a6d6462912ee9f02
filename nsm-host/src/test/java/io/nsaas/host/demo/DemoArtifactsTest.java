package io.nsaas.host.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoArtifactsTest {

    @TempDir
    Path checkout;

    @Test
    void findsBothJarsWhereTheBuildLeavesThem() throws Exception {
        Path agent = touch(checkout.resolve("guestlib/target/nsaas-guestlib.jar"));
        Path apps = touch(checkout.resolve("demo-apps/target/nsaas-demo-apps.jar"));
        DemoArtifacts found = DemoArtifacts.locate(checkout);
        assertEquals(agent.toAbsolutePath().normalize(), found.agentJar());
        assertEquals(apps.toAbsolutePath().normalize(), found.appsJar());
    }

    @Test
    void missingAgentJarIsAOneLineErrorNamingWhereItLookedAndHowToBuildIt() throws Exception {
        touch(checkout.resolve("demo-apps/target/nsaas-demo-apps.jar"));
        DemoException e = assertThrows(DemoException.class, () -> DemoArtifacts.locate(checkout));
        assertTrue(e.getMessage().startsWith("cannot find nsaas-guestlib.jar (the tenant agent); looked at ["), e.getMessage());
        assertTrue(e.getMessage().contains(checkout.resolve("guestlib/target/nsaas-guestlib.jar").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -DskipTests package"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void missingProgramsJarIsReportedToo() throws Exception {
        touch(checkout.resolve("guestlib/target/nsaas-guestlib.jar"));
        DemoException e = assertThrows(DemoException.class, () -> DemoArtifacts.locate(checkout));
        assertTrue(e.getMessage().startsWith("cannot find nsaas-demo-apps.jar (the demo programs)"), e.getMessage());
    }

    private static Path touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {'P', 'K'});
    }
}
