package io.nsaas.host.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The two jars a demo tenant JVM runs: the guest agent ({@value #AGENT_JAR}) and the unmodified demo
 * programs ({@value #APPS_JAR}). Each is looked for next to the jar or classes directory this code
 * came from (an installed layout: nsaas.jar beside both), then where the build leaves it under the
 * working directory ({@code guestlib/target/}, {@code demo-apps/target/}).
 *
 * @param agentJar the nsaas java agent
 * @param appsJar  the demo programs
 */
public record DemoArtifacts(Path agentJar, Path appsJar) {

    /** File name of the guest agent jar. */
    public static final String AGENT_JAR = "nsaas-guestlib.jar";
    /** File name of the demo programs' jar. */
    public static final String APPS_JAR = "nsaas-demo-apps.jar";

    /**
     * @param workingDir where a repository checkout is expected
     * @throws DemoException naming every place looked at and how to build the missing jar
     */
    public static DemoArtifacts locate(Path workingDir) throws DemoException {
        return new DemoArtifacts(find(AGENT_JAR, "the tenant agent", workingDir.resolve("guestlib").resolve("target")),
            find(APPS_JAR, "the demo programs", workingDir.resolve("demo-apps").resolve("target")));
    }

    private static Path find(String fileName, String what, Path buildDir) throws DemoException {
        List<Path> candidates = new ArrayList<>();
        Path home = codeHome();
        if (home != null) {
            candidates.add(home.resolve(fileName));
        }
        candidates.add(buildDir.resolve(fileName).toAbsolutePath().normalize());
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new DemoException("cannot find " + fileName + " (" + what + "); looked at " + candidates
            + "; build it with `mvn -B -DskipTests package` and run nsaas demo from the repository root");
    }

    /** @return the directory holding nsaas.jar (or the host's classes directory), or null when unknown */
    private static Path codeHome() {
        CodeSource source = DemoArtifacts.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return location.getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
