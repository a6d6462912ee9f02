package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes config files into a temporary directory (with a {@code plugins} and a {@code shm}
 * directory next to them) and finds the line a snippet was written on, so that tests can state the
 * exact {@code FILE:LINE} a problem must be reported at.
 */
final class ConfigFixture {
    /** A host section every test file can start with: all paths valid inside the fixture directory. */
    static final String HOST = "nsaas.host { plugins = [ \"plugins\" ], shm-dir = \"shm\" }\n";

    /** A tenant block that is valid on its own. */
    static final String VM_A = """
        nsaas.tenants.vm-a {
          stack = kernel
          address = "10.0.0.1/24"
          token = "token-of-vm-a-0123456789"
        }
        """;

    final Path dir;
    final HostConfigLoader loader;

    ConfigFixture(Path dir) {
        this.dir = dir;
        this.loader = new HostConfigLoader(dir);
        try {
            Files.createDirectories(dir.resolve("plugins"));
            Files.createDirectories(dir.resolve("shm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, String text) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    HostConfig load(String text) {
        return loader.load(write("host.conf", text));
    }

    /** @return the problem lines of loading {@code text}, which must fail */
    List<String> problems(String text) {
        Path file = write("host.conf", text);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file));
        assertEquals(ConfigException.EXIT_CODE, e.exitCode());
        assertEquals(e.problems().size(), e.getMessage().lines().count(), "one message line per problem");
        return e.getMessage().lines().toList();
    }

    /** @return {@code FILE:LINE} of the first line of host.conf's {@code text} that contains {@code snippet} */
    String at(String text, String snippet) {
        return at("host.conf", text, snippet);
    }

    String at(String fileName, String text, String snippet) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(snippet)) {
                return dir.resolve(fileName) + ":" + (i + 1);
            }
        }
        throw new AssertionError("snippet not in test config: " + snippet);
    }
}
