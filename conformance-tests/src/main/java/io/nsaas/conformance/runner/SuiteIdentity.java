package io.nsaas.conformance.runner;

import io.nsaas.conformance.PluginUnderTest;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Which suite ran: its version (the jar manifest's Implementation-Version, "development" when run
 * from classes) and the SHA-256 of the jar the runner was loaded from ("unknown" when it was not
 * loaded from a jar), so a report names exactly the suite build that produced it.
 */
public record SuiteIdentity(String version, String jarSha256) {

    /** @return the identity of the suite holding {@code runnerClass} */
    public static SuiteIdentity of(Class<?> runnerClass) {
        String version = runnerClass.getPackage().getImplementationVersion();
        return new SuiteIdentity(version == null ? "development" : version, jarSha256(runnerClass));
    }

    private static String jarSha256(Class<?> runnerClass) {
        CodeSource source = runnerClass.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? PluginUnderTest.sha256(location) : "unknown";
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "unknown";
        }
    }
}
