package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems with the file as a whole: reading it, its syntax, substitutions and unknown keys. */
class ConfigFileErrorsTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void reportsAMissingFileByName() {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> fixture.loader.load(missing));

        assertEquals(missing + ": file not found; expected a readable HOCON file; check the --config path", e.getMessage());
    }

    @Test
    void reportsADirectoryGivenAsTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> fixture.loader.load(dir));

        assertEquals(dir + ": is a directory; expected a readable HOCON file; check the --config path", e.getMessage());
    }

    @Test
    void reportsASyntaxErrorAtItsLine() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack = kernel
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
            """;
        List<String> problems = fixture.problems(text);

        assertEquals(1, problems.size());
        String problem = problems.get(0);
        assertTrue(problem.startsWith(dir.resolve("host.conf") + ":6: syntax error: "), problem);
        assertTrue(problem.endsWith("end of file; expected HOCON syntax (see CONFIG.md)"), problem);
    }

    @Test
    void reportsASyntaxErrorInAnIncludedFileAtThatFilesLine() {
        fixture.write("tenants.conf", "nsaas.tenants.vm-a {\n  stack = kernel\n  address = [\n}\n");
        List<String> problems = fixture.problems(ConfigFixture.HOST + "include \"tenants.conf\"\n");

        assertEquals(1, problems.size());
        assertEquals(dir.resolve("tenants.conf") + ":4", problems.get(0).substring(0, problems.get(0).indexOf(": ")));
    }

    @Test
    void reportsAnUnresolvedSubstitutionAtItsLine() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a { stack = kernel, address = "10.0.0.1/24", token = ${NSAAS_TEST_UNSET_TOKEN_VARIABLE} }
            """;
        assertEquals(List.of(fixture.at(text, "NSAAS_TEST_UNSET")
                + ": Could not resolve substitution to a value: ${NSAAS_TEST_UNSET_TOKEN_VARIABLE};"
                + " expected a setting, Java system property or environment variable of that name, or ${?name} if optional"),
            fixture.problems(text));
    }

    @Test
    void suggestsTheNearestKeyForAMisspeltHostKey() {
        String text = """
            nsaas.host {
              plugin = [ "plugins" ]
              shm-dir = "shm"
            }
            """ + ConfigFixture.VM_A;
        assertEquals(List.of(fixture.at(text, "plugin =") + ": nsaas.host.plugin: unknown key; did you mean nsaas.host.plugins?",
                // the default plugins = [ "target/plugins" ] then applies and does not exist in the fixture
                "reference.conf:11: nsaas.host.plugins[0]: '" + dir.resolve("target/plugins") + "' does not exist;"
                    + " expected a plugin zip, a plugin directory or a directory containing them"
                    + " (build the plugins with mvn package, or fix the path)"),
            fixture.problems(text));
    }

    @Test
    void listsTheKnownKeysWhenNoneIsClose() {
        String text = ConfigFixture.HOST + "nsaas.host.colour = blue\n" + ConfigFixture.VM_A;
        assertEquals(List.of(fixture.at(text, "colour") + ": nsaas.host.colour: unknown key; expected one of plugins, work-dir,"
                + " control-socket, shm-dir, pcap, seed, channel (see CONFIG.md)"),
            fixture.problems(text));
    }

    @Test
    void suggestsNsaasForAMisspeltOrUnwrappedTopLevelSection() {
        String text = ConfigFixture.HOST + ConfigFixture.VM_A + """
            nsass { host { seed = 2 } }
            tenants { vm-b { stack = kernel } }
            """;
        assertEquals(List.of(
                fixture.at(text, "nsass {") + ": nsass: unknown key; did you mean nsaas?",
                fixture.at(text, "tenants { vm-b") + ": tenants: unknown key; did you mean nsaas.tenants?"),
            fixture.problems(text));
    }

    @Test
    void suggestsTheNearestKeyInsideATenantAndInsideAStackObject() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack { id = cubic, versoin = "1.0.0" }
              adress = "10.0.0.1/24"
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
              nms = "x"
            }
            """;
        assertEquals(List.of(
                fixture.at(text, "versoin") + ": nsaas.tenants.vm-a.stack.versoin: unknown key; did you mean nsaas.tenants.vm-a.stack.version?",
                fixture.at(text, "adress") + ": nsaas.tenants.vm-a.adress: unknown key; did you mean nsaas.tenants.vm-a.address?",
                fixture.at(text, "nms") + ": nsaas.tenants.vm-a.nms: unknown key; did you mean nsaas.tenants.vm-a.nsm?"),
            fixture.problems(text));
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() throws IOException {
        Files.writeString(dir.resolve("not-a-dir"), "x");
        String text = """
            nsaas {
              host {
                plugins = []
                shm-dir = "not-a-dir"
                seed = "abc"
              }
              tenants {
                vm-a { stack = kernel, address = "10.0.0.300/24", token = "short" }
                vm-b { address = "10.0.0.2/24", token = "token-of-vm-b-0123456789" }
              }
            }
            """;
        assertEquals(List.of(
                fixture.at(text, "plugins = []") + ": nsaas.host.plugins: is empty;"
                    + " expected at least one plugin zip, plugin directory or directory containing them",
                fixture.at(text, "shm-dir") + ": nsaas.host.shm-dir: '" + dir.resolve("not-a-dir")
                    + "' is not a directory; expected an existing directory, e.g. /dev/shm",
                fixture.at(text, "seed") + ": nsaas.host.seed: is the string 'abc';"
                    + " expected a whole number in the 64-bit signed range, e.g. 1",
                fixture.at(text, "vm-a {") + ": nsaas.tenants.vm-a.address: '10.0.0.300/24' is not an IPv4 CIDR;"
                    + " expected a.b.c.d/n with a..d in 0..255 and n in 0..32, e.g. 10.0.0.1/24",
                fixture.at(text, "vm-a {") + ": nsaas.tenants.vm-a.token: is 5 characters long; expected a quoted secret of"
                    + " 16 to 256 printable ASCII characters without spaces, e.g. from `openssl rand -hex 16`",
                fixture.at(text, "vm-b {") + ": nsaas.tenants.vm-b.stack: missing required key; expected stack = <plugin id>,"
                    + " e.g. stack = kernel, or stack { id = cubic, version = \">=1.0.0 & <2.0.0\", options { ... } }"),
            fixture.problems(text));
    }
}
