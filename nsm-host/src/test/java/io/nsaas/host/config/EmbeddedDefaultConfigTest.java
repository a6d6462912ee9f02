package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration the CLI uses without --config, run from a repository root after mvn package. */
class EmbeddedDefaultConfigTest {
    @TempDir
    Path repoRoot;

    @Test
    void loadsTwoKernelTenantsWithDistinctAddressesAndTokens() throws IOException {
        Path plugins = Files.createDirectories(repoRoot.resolve("target/plugins"));

        HostConfig config = new HostConfigLoader(repoRoot).loadDefault();

        assertEquals(HostConfigLoader.DEFAULT_RESOURCE, config.source());
        assertEquals(List.of(plugins), config.host().plugins());
        assertEquals(List.of("vm-a", "vm-b"), config.tenants().stream().map(TenantConfig::id).toList());
        TenantConfig vmA = config.tenant("vm-a");
        TenantConfig vmB = config.tenant("vm-b");
        assertEquals("kernel", vmA.stackId());
        assertEquals("kernel", vmB.stackId());
        assertEquals("10.0.0.1/24", vmA.cidr().toString());
        assertEquals("10.0.0.2/24", vmB.cidr().toString());
        assertTrue(vmA.token().length() >= TenantSectionReader.MIN_TOKEN_LENGTH);
        assertNotEquals(vmA.token(), vmB.token());
        assertTrue(vmA.dedicatedNsm() && vmB.dedicatedNsm());
        assertEquals(HostConfigLoader.DEFAULT_RESOURCE + ": using the embedded development configuration; its tokens are public;"
            + " expected --config <file> for anything but local experiments", config.warnings().get(0).toString());
    }

    @Test
    void reportsTheDefaultsPluginLineWhenThePluginsAreNotBuilt() {
        ConfigException e = assertThrows(ConfigException.class, () -> new HostConfigLoader(repoRoot).loadDefault());

        assertEquals(HostConfigLoader.DEFAULT_RESOURCE + ":6: nsaas.host.plugins[0]: '" + repoRoot.resolve("target/plugins")
            + "' does not exist; expected a plugin zip, a plugin directory or a directory containing them"
            + " (build the plugins with mvn package, or fix the path)", e.getMessage());
    }
}
