package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostConfigLoaderTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void readsStackAsPluginIdWithAnyVersionAndNoOptions() {
        HostConfig config = fixture.load(ConfigFixture.HOST + ConfigFixture.VM_A);

        TenantConfig vmA = config.tenant("vm-a");
        assertEquals("kernel", vmA.stackId());
        assertEquals("*", vmA.versionConstraint());
        assertEquals(Map.of(), vmA.options());
        assertEquals(0x0A000001, vmA.address());
        assertEquals(24, vmA.prefixLength());
        assertEquals("token-of-vm-a-0123456789", vmA.token());
        assertEquals("vm-a", vmA.nsmGroup());
        assertTrue(vmA.dedicatedNsm());
    }

    @Test
    void readsStackObjectWithVersionConstraintAndOptionsAsText() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-c {
              stack {
                id = cubic
                version = ">=1.0.0 & <2.0.0"
                options { beta = 0.7, fast-convergence = true, initial-window = 10, mode = "hystart" }
              }
              address = "192.168.7.9/16"
              token = "token-of-vm-c-0123456789"
            }
            """;
        TenantConfig vmC = fixture.load(text).tenant("vm-c");

        assertEquals("cubic", vmC.stackId());
        assertEquals(">=1.0.0 & <2.0.0", vmC.versionConstraint());
        assertEquals(Map.of("beta", "0.7", "fast-convergence", "true", "initial-window", "10", "mode", "hystart"),
            vmC.options());
        assertEquals(List.of("beta", "fast-convergence", "initial-window", "mode"), List.copyOf(vmC.options().keySet()));
        assertEquals("192.168.7.9/16", vmC.cidr().toString());
        assertEquals(fixture.at(text, "version ="), vmC.originOf("stack.version").toString());
        assertEquals(fixture.at(text, "options {"), vmC.originOf("stack.options.beta").toString());
    }

    @Test
    void recordsTheLineOfEverySettingAndFallsBackToTheEnclosingOne() {
        String text = ConfigFixture.HOST + ConfigFixture.VM_A;
        TenantConfig vmA = fixture.load(text).tenant("vm-a");

        assertEquals(fixture.at(text, "nsaas.tenants.vm-a {"), vmA.originOf("").toString());
        assertEquals(fixture.at(text, "stack = kernel"), vmA.originOf("stack").toString());
        assertEquals(fixture.at(text, "address ="), vmA.originOf("address").toString());
        assertEquals(fixture.at(text, "token ="), vmA.originOf("token").toString());
        assertEquals(fixture.at(text, "stack = kernel"), vmA.originOf("stack.version").toString(), "default falls back");
        assertEquals(fixture.at(text, "nsaas.tenants.vm-a {"), vmA.originOf("nsm").toString(), "default falls back");
    }

    @Test
    void appliesHostDefaultsFromReferenceConf() {
        HostSettings host = fixture.load("nsaas.host.plugins = [ \"plugins\" ]\n" + ConfigFixture.VM_A).host();

        assertEquals(Path.of("/tmp/nsaas/control.sock"), host.controlSocket());
        assertEquals(Path.of("/dev/shm"), host.shmDir());
        assertEquals(Optional.empty(), host.pcap());
        assertEquals(1L, host.seed());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "nsaas-" + System.getProperty("user.name")).normalize(),
            host.workDir());
        assertEquals("reference.conf", host.originOf("seed").file());
    }

    @Test
    void resolvesRelativePathsAgainstTheDirectoryOfTheConfigFile() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(dir.resolve("etc/captures"));
        Files.createDirectories(dir.resolve("etc/shm"));
        Files.writeString(dir.resolve("plugins/kernel-1.0.0.zip"), "not opened by the config loader");
        String text = """
            nsaas.host {
              plugins = [ "../plugins", "../plugins/kernel-1.0.0.zip", "%s" ]
              work-dir = "work"
              control-socket = "run/control.sock"
              shm-dir = "shm"
              pcap = "captures/switch.pcap"
              seed = 42
            }
            """.formatted(dir.resolve("plugins")) + ConfigFixture.VM_A;
        Path file = fixture.write("etc/host.conf", text);

        HostSettings host = new HostConfigLoader(elsewhere).load(file).host();

        assertEquals(List.of(dir.resolve("plugins"), dir.resolve("plugins/kernel-1.0.0.zip"), dir.resolve("plugins")),
            host.plugins());
        assertEquals(dir.resolve("etc/work"), host.workDir());
        assertEquals(dir.resolve("etc/run/control.sock"), host.controlSocket());
        assertEquals(dir.resolve("etc/shm"), host.shmDir());
        assertEquals(Optional.of(dir.resolve("etc/captures/switch.pcap")), host.pcap());
        assertEquals(42L, host.seed());
    }

    @Test
    void resolvesRelativeDefaultsAgainstTheWorkingDirectory() throws IOException {
        Path work = Files.createDirectories(dir.resolve("repo/target/plugins"));
        Path file = fixture.write("conf/host.conf", "nsaas.host.shm-dir = \"" + dir.resolve("shm") + "\"\n" + ConfigFixture.VM_A);

        HostSettings host = new HostConfigLoader(dir.resolve("repo")).load(file).host();

        assertEquals(List.of(work), host.plugins());
    }

    @Test
    void resolvesIncludedFilesPathsAgainstTheIncludedFilesDirectory() throws IOException {
        Files.createDirectories(dir.resolve("shared/plugins"));
        fixture.write("shared/plugins.conf", "nsaas.host.plugins = [ \"plugins\" ]\n");
        HostConfig config = fixture.load("include \"shared/plugins.conf\"\nnsaas.host.shm-dir = \"shm\"\n"
            + ConfigFixture.VM_A);

        assertEquals(List.of(dir.resolve("shared/plugins")), config.host().plugins());
    }

    @Test
    void keepsTenantsInTheOrderTheyWereWritten() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants {
              zeta { stack = kernel, address = "10.0.0.9/24", token = "token-of-zeta-0123456789" }
              alpha { stack = kernel, address = "10.0.0.3/24", token = "token-of-alpha-012345678" }
              mid { stack = kernel, address = "10.0.0.5/24", token = "token-of-mid-01234567890" }
            }
            """;
        List<String> ids = fixture.load(text).tenants().stream().map(TenantConfig::id).toList();

        assertEquals(List.of("zeta", "alpha", "mid"), ids);
    }

    @Test
    void tenantsNamingTheSameNsmShareItAndOthersGetADedicatedOne() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants {
              a { stack = kernel, address = "10.0.0.1/24", token = "token-of-a-0123456789", nsm = "shared-1" }
              b { stack = kernel, address = "10.0.0.2/24", token = "token-of-b-0123456789", nsm = "shared-1" }
              c { stack = kernel, address = "10.0.0.3/24", token = "token-of-c-0123456789" }
            }
            """;
        HostConfig config = fixture.load(text);

        assertEquals("shared-1", config.tenant("a").nsmGroup());
        assertEquals("shared-1", config.tenant("b").nsmGroup());
        assertFalse(config.tenant("a").dedicatedNsm());
        assertEquals("c", config.tenant("c").nsmGroup());
        assertTrue(config.tenant("c").dedicatedNsm());
        assertNull(config.tenant("d"));
    }

    @Test
    void acceptsHostAddressWithHostBitsSetAndSlash32AndSlash31() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants {
              a { stack = kernel, address = "10.1.2.3/8", token = "token-of-a-0123456789" }
              b { stack = kernel, address = "172.16.0.1/32", token = "token-of-b-0123456789" }
              c { stack = kernel, address = "192.168.0.0/31", token = "token-of-c-0123456789" }
            }
            """;
        HostConfig config = fixture.load(text);

        assertEquals(0x0A010203, config.tenant("a").address());
        assertEquals(0xFF000000, config.tenant("a").cidr().netmask());
        assertEquals(32, config.tenant("b").prefixLength());
        assertEquals(0xC0A80000, config.tenant("c").address());
    }

    @Test
    void acceptsSharedValuesAtTheTopLevelForSubstitution() {
        String text = ConfigFixture.HOST + """
            secrets { base = "token-shared-prefix-" }
            nsaas.tenants.vm-a { stack = kernel, address = "10.0.0.1/24", token = ${secrets.base}"a" }
            """;
        assertEquals("token-shared-prefix-a", fixture.load(text).tenant("vm-a").token());
    }

    @Test
    void substitutesValuesFromOtherSettingsAndSystemProperties() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a { stack = kernel, address = "10.0.0.1/24", token = "token-of-vm-a-0123456789" }
            nsaas.tenants.vm-b { stack = ${nsaas.tenants.vm-a.stack}, address = "10.0.0.2/24", token = ${nsaas.tenants.vm-a.token}"-b" }
            nsaas.host.work-dir = ${java.io.tmpdir}"/nsaas-test"
            """;
        HostConfig config = fixture.load(text);

        assertEquals("kernel", config.tenant("vm-b").stackId());
        assertEquals("token-of-vm-a-0123456789-b", config.tenant("vm-b").token());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "nsaas-test").normalize(), config.host().workDir());
        assertEquals(fixture.at(text, "nsaas.tenants.vm-b"), config.tenant("vm-b").originOf("token").toString());
    }

    @Test
    void warnsButLoadsWhenNoTenantIsConfigured() throws IOException {
        String text = ConfigFixture.HOST;
        HostConfig config = fixture.load(text);

        assertEquals(List.of(), config.tenants());
        assertEquals(1, config.warnings().size());
        assertEquals("reference.conf:" + referenceLineOf("  tenants {") + ": nsaas.tenants: no tenants are configured; the host starts but nobody can attach;"
                + " expected at least one tenant, e.g. vm-a { stack = kernel, address = \"10.0.0.1/24\", token = \"...\" }",
            config.warnings().get(0).toString());
    }

    @Test
    void tenantToStringDoesNotRevealTheToken() {
        TenantConfig vmA = fixture.load(ConfigFixture.HOST + ConfigFixture.VM_A).tenant("vm-a");

        assertFalse(vmA.toString().contains(vmA.token()), vmA.toString());
        assertTrue(vmA.toString().contains("10.0.0.1/24"), vmA.toString());
    }

    /** @return the 1-based line of reference.conf that starts with {@code prefix}, so the test follows edits of the file */
    private static int referenceLineOf(String prefix) throws IOException {
        try (var in = HostConfigLoader.class.getClassLoader().getResourceAsStream(HostConfigLoader.REFERENCE_RESOURCE)) {
            assertTrue(in != null, "reference.conf is on the class path");
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix)) {
                    return i + 1;
                }
            }
        }
        throw new AssertionError("no line of reference.conf starts with '" + prefix + "'");
    }
}
