package io.nsaas.host.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nsaas.host.config.HostConfig;
import io.nsaas.host.config.HostConfigLoader;
import io.nsaas.host.config.TenantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoHostConfigTest {

    @TempDir
    Path dir;

    @Test
    void writtenConfigLoadsWithTheTenantsPluginsAndControlSocketGiven() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins dir \"quoted\""));
        Path socket = dir.resolve("control.sock");
        DemoTenant a = DemoTenant.withRandomToken("vm-a", "newreno", "10.0.0.1", 24);
        DemoTenant k = DemoTenant.withRandomToken("vm-k", "kernel", "10.0.0.3", 24);
        Path file = dir.resolve("host.conf");
        Files.writeString(file, DemoHost.configText(List.of(plugins), socket, List.of(a, k)));

        HostConfig config = new HostConfigLoader(dir).load(file);

        assertEquals(List.of(plugins.toAbsolutePath()), config.host().plugins());
        assertEquals(socket.toAbsolutePath(), config.host().controlSocket());
        assertEquals(List.of("vm-a", "vm-k"), config.tenants().stream().map(TenantConfig::id).toList());
        TenantConfig vmA = config.tenant("vm-a");
        assertEquals("newreno", vmA.stackId());
        assertEquals(0x0A000001, vmA.address());
        assertEquals(24, vmA.prefixLength());
        assertEquals(a.token(), vmA.token());
        assertEquals("kernel", config.tenant("vm-k").stackId());
    }

    @Test
    void randomTokensDifferAndSatisfyTheConfigRules() {
        DemoTenant one = DemoTenant.withRandomToken("vm-a", "newreno", "10.0.0.1", 24);
        DemoTenant two = DemoTenant.withRandomToken("vm-a", "newreno", "10.0.0.1", 24);
        assertEquals(37, one.token().length());
        assertEquals(false, one.token().equals(two.token()));
    }

    @Test
    void tenantJvmOptionIsTheAgentsDocumentedForm() {
        DemoTenant tenant = new DemoTenant("vm-b", "cubic", "10.0.0.2", 24, "token-of-vm-b-123456");
        assertEquals(List.of("-javaagent:/opt/nsaas/nsaas-guestlib.jar=tenant=vm-b,token=token-of-vm-b-123456,"
                + "control=/run/nsaas/control.sock"),
            tenant.jvmOptions(Path.of("/opt/nsaas/nsaas-guestlib.jar"), Path.of("/run/nsaas/control.sock")));
        assertEquals("10.0.0.2/24", tenant.cidr());
    }
}
