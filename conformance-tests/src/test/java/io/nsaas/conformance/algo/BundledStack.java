package io.nsaas.conformance.algo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The stack plugin zips the build bundles in {@code <repo>/target/plugins} (Surefire's {@code nsaas.test.plugins}). */
final class BundledStack {
    private BundledStack() {
    }

    /** @return the zip of the bundled stack {@code id} ({@code <id>-<version>.zip}) */
    static Path zip(String id) {
        Path dir = Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"));
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, id + "-[0-9]*.zip")) {
            for (Path zip : zips) {
                return zip;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + "; build the plugins first (mvn -DskipTests package)", e);
        }
        throw new IllegalStateException("no " + id + "-<version>.zip in " + dir + "; build the plugins first (mvn -DskipTests package)");
    }
}
