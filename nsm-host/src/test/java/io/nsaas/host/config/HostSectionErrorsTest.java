package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad {@code nsaas.host} setting is reported at its own FILE:LINE with its key. */
class HostSectionErrorsTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private List<String> problemsWith(String hostSetting) {
        String text = "nsaas.host { plugins = [ \"plugins\" ], shm-dir = \"shm\" }\n"
            + "nsaas.host." + hostSetting + "\n" + ConfigFixture.VM_A;
        return fixture.problems(text);
    }

    private String line2() {
        return dir.resolve("host.conf") + ":2: ";
    }

    @Test
    void rejectsAnEmptyPluginList() {
        assertEquals(List.of(line2() + "nsaas.host.plugins: is empty;"
                + " expected at least one plugin zip, plugin directory or directory containing them"),
            problemsWith("plugins = []"));
    }

    @Test
    void rejectsPluginsGivenAsAStringInsteadOfAList() {
        assertEquals(List.of(line2() + "nsaas.host.plugins: is the string 'plugins';"
                + " expected a list of plugin zips or directories, e.g. [ \"target/plugins\" ]"),
            problemsWith("plugins = \"plugins\""));
    }

    @Test
    void rejectsAPluginPathThatDoesNotExistAndAFileThatIsNoZip() throws IOException {
        Files.writeString(dir.resolve("plugins/readme.txt"), "x");
        String text = """
            nsaas.host {
              shm-dir = "shm"
              plugins = [
                "plugins",
                "missing",
                "plugins/readme.txt",
                42
              ]
            }
            """ + ConfigFixture.VM_A;
        assertEquals(List.of(
                fixture.at(text, "\"missing\"") + ": nsaas.host.plugins[1]: '" + dir.resolve("missing") + "' does not exist;"
                    + " expected a plugin zip, a plugin directory or a directory containing them"
                    + " (build the plugins with mvn package, or fix the path)",
                fixture.at(text, "readme") + ": nsaas.host.plugins[2]: '" + dir.resolve("plugins/readme.txt")
                    + "' is a file but not a .zip; expected a plugin zip, a plugin directory or a directory containing them",
                fixture.at(text, "42") + ": nsaas.host.plugins[3]: is the number 42;"
                    + " expected a plugin zip, a plugin directory or a directory containing them, as a string"),
            fixture.problems(text));
    }

    @Test
    void rejectsASeedThatIsNotAWholeNumber() {
        assertEquals(List.of(line2() + "nsaas.host.seed: is the number 1.5; expected a whole number in the 64-bit signed range, e.g. 1"),
            problemsWith("seed = 1.5"));
        assertEquals(List.of(line2() + "nsaas.host.seed: is a list; expected a whole number in the 64-bit signed range, e.g. 1"),
            problemsWith("seed = [1]"));
    }

    @Test
    void acceptsASeedWrittenAsAQuotedNumber() {
        String text = ConfigFixture.HOST + "nsaas.host.seed = \"-7\"\n" + ConfigFixture.VM_A;
        assertEquals(-7L, fixture.load(text).host().seed());
    }

    @Test
    void rejectsAnShmDirThatIsAFileOrMissing() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        assertEquals(List.of(line2() + "nsaas.host.shm-dir: '" + dir.resolve("file") + "' is not a directory;"
                + " expected an existing directory, e.g. /dev/shm"),
            problemsWith("shm-dir = file"));
        assertEquals(List.of(line2() + "nsaas.host.shm-dir: '" + dir.resolve("gone") + "' does not exist;"
                + " expected an existing directory, e.g. /dev/shm"),
            problemsWith("shm-dir = gone"));
        assertEquals(List.of(line2() + "nsaas.host.shm-dir: is empty; expected an existing directory, e.g. /dev/shm"),
            problemsWith("shm-dir = \"\""));
        java.nio.file.Path spaced = Files.createDirectories(dir.resolve("my shm"));
        assertEquals(List.of(line2() + "nsaas.host.shm-dir: '" + spaced + "' has a space, control or non-ASCII"
                + " character; expected a path of printable ASCII without spaces (region paths travel in the"
                + " space-separated attach reply)"),
            problemsWith("shm-dir = \"my shm\""));
    }

    @Test
    void rejectsAControlSocketPathLongerThanSunPath() {
        String longPath = "/tmp/" + "d".repeat(96) + "/x.sock";
        assertEquals(108, longPath.length());
        assertEquals(List.of(line2() + "nsaas.host.control-socket: '" + longPath + "' is 108 bytes long;"
                + " expected at most 107 bytes (the Unix socket path limit, sun_path); choose a shorter path"),
            problemsWith("control-socket = \"" + longPath + "\""));
    }

    @Test
    void acceptsAControlSocketOf107BytesWhoseDirectoryDoesNotExistYet() {
        String path = "/tmp/" + "d".repeat(95) + "/x.sock";
        assertEquals(107, path.length());
        String text = ConfigFixture.HOST + "nsaas.host.control-socket = \"" + path + "\"\n" + ConfigFixture.VM_A;
        assertEquals(Path.of(path), fixture.load(text).host().controlSocket());
    }

    @Test
    void rejectsAControlSocketThatIsADirectory() {
        assertEquals(List.of(line2() + "nsaas.host.control-socket: '" + dir.resolve("shm") + "' is a directory;"
                + " expected the path of the socket file itself, e.g. " + dir.resolve("shm/control.sock")),
            problemsWith("control-socket = shm"));
    }

    @Test
    void rejectsAWorkDirThatIsAFile() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        assertEquals(List.of(line2() + "nsaas.host.work-dir: '" + dir.resolve("file") + "' exists and is not a directory;"
                + " expected a directory, or a path where one can be created"),
            problemsWith("work-dir = file"));
    }

    @Test
    void rejectsAPcapPathThatIsADirectoryOrInAMissingDirectory() {
        assertEquals(List.of(line2() + "nsaas.host.pcap: '" + dir.resolve("shm") + "' is a directory;"
                + " expected the path of a pcap file to write, or \"\" for no capture"),
            problemsWith("pcap = shm"));
        assertEquals(List.of(line2() + "nsaas.host.pcap: directory '" + dir.resolve("nowhere") + "' does not exist;"
                + " expected a pcap file in an existing directory, or \"\" for no capture"),
            problemsWith("pcap = nowhere/switch.pcap"));
    }

    @Test
    void rejectsAHostSectionThatIsNotAnObject() {
        String text = "nsaas.host = 5\n" + ConfigFixture.VM_A;
        assertEquals(List.of(fixture.at(text, "host = 5") + ": nsaas.host: is the number 5;"
                + " expected an object: host { plugins = [...], ... }"),
            fixture.problems(text));
    }
}
