package io.nsaas.host.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nsaas.host.plugin.LoadedStack;
import io.nsaas.host.plugin.PluginReport;
import io.nsaas.host.plugin.StackRegistry;
import io.nsaas.spi.Capability;
import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import io.nsaas.spi.StackEvents;
import io.nsaas.spi.StackHost;
import io.nsaas.spi.StackInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultVersionManager;

class TenantStackResolverTest {
    @TempDir
    Path dir;
    ConfigFixture fixture;
    FakeRegistry registry;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        registry = new FakeRegistry();
        registry.started("kernel", "1.0.0", Capability.SOCKET_LEVEL);
        registry.started("newreno", "1.0.0", Capability.PACKET_LEVEL);
        registry.started("newreno", "1.2.0", Capability.PACKET_LEVEL);
        registry.rejected("cubic", "1.0.0", "requires SPI >=2.0.0 but the host provides 1.0.0; use a cubic build for SPI 1.x");
    }

    private static String tenant(String id, int host, String stack) {
        return "nsaas.tenants." + id + " { stack = " + stack + ", address = \"10.0.0." + host + "/24\", token = \"token-of-"
            + id + "-0123456789\" }\n";
    }

    @Test
    void resolvesEachTenantToTheHighestMatchingVersionInTenantOrder() {
        String text = ConfigFixture.HOST + tenant("vm-a", 1, "kernel") + tenant("vm-b", 2, "newreno")
            + tenant("vm-c", 3, "{ id = newreno, version = \"<1.1.0\" }");
        List<ResolvedTenant> resolved = new TenantStackResolver(registry).resolve(fixture.load(text));

        assertEquals(List.of("vm-a", "vm-b", "vm-c"), resolved.stream().map(r -> r.tenant().id()).toList());
        assertSame(registry.stack("kernel", "1.0.0"), resolved.get(0).stack());
        assertSame(registry.stack("newreno", "1.2.0"), resolved.get(1).stack());
        assertSame(registry.stack("newreno", "1.0.0"), resolved.get(2).stack());
    }

    @Test
    void reportsAnUnknownStackWithTheStartedStacksAndASuggestion() {
        String text = ConfigFixture.HOST + tenant("vm-a", 1, "newrno") + tenant("vm-b", 2, "bbr");
        HostConfig config = fixture.load(text);
        ConfigException e = assertThrows(ConfigException.class, () -> new TenantStackResolver(registry).resolve(config));

        assertEquals(List.of(
                fixture.at(text, "newrno") + ": nsaas.tenants.vm-a.stack: no stack plugin 'newrno' is loaded; did you mean newreno?;"
                    + " expected one of the started stacks: kernel, newreno",
                fixture.at(text, "bbr") + ": nsaas.tenants.vm-b.stack: no stack plugin 'bbr' is loaded;"
                    + " expected one of the started stacks: kernel, newreno"),
            e.getMessage().lines().toList());
        assertEquals(ConfigException.EXIT_CODE, e.exitCode());
    }

    @Test
    void refusesALinkOnASocketLevelStackAtTheLinksLine() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack = kernel
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
              link { delay = 5ms }
            }
            """ + tenant("vm-b", 2, "{ id = newreno }").replace(" }\n", ", link { delay = 5ms } }\n");
        HostConfig config = fixture.load(text);
        ConfigException e = assertThrows(ConfigException.class, () -> new TenantStackResolver(registry).resolve(config));

        assertEquals(List.of(fixture.at(text, "link { delay") + ": nsaas.tenants.vm-a.link: stack 'kernel' is socket-level:"
            + " it uses host sockets, not the in-host switch, so a link would do nothing; expected no link for this tenant,"
            + " or a packet-level stack (see nsaas stacks)"), e.getMessage().lines().toList());
    }

    @Test
    void reportsWhyARejectedPluginIsNotAvailable() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack { id = cubic }
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
            }
            """;
        HostConfig config = fixture.load(text);
        ConfigException e = assertThrows(ConfigException.class, () -> new TenantStackResolver(registry).resolve(config));

        assertEquals(fixture.at(text, "id = cubic") + ": nsaas.tenants.vm-a.stack.id: stack plugin 'cubic' was rejected:"
            + " requires SPI >=2.0.0 but the host provides 1.0.0; use a cubic build for SPI 1.x (plugins/cubic-1.0.0.zip);"
            + " expected one of the started stacks: kernel, newreno", e.getMessage());
    }

    @Test
    void reportsAnUnsatisfiableVersionAtTheVersionLineListingLoadedVersions() {
        String text = ConfigFixture.HOST + """
            nsaas.tenants.vm-a {
              stack {
                id = newreno
                version = ">=2.0.0"
              }
              address = "10.0.0.1/24"
              token = "token-of-vm-a-0123456789"
            }
            """;
        HostConfig config = fixture.load(text);
        ConfigException e = assertThrows(ConfigException.class, () -> new TenantStackResolver(registry).resolve(config));

        assertEquals(fixture.at(text, "version =") + ": nsaas.tenants.vm-a.stack.version: no loaded version of stack 'newreno'"
            + " satisfies '>=2.0.0'; expected a constraint that one of the loaded versions satisfies: 1.0.0, 1.2.0", e.getMessage());
    }

    @Test
    void reportsThatNoStackStartedWhenTheRegistryIsEmpty() {
        String text = ConfigFixture.HOST + tenant("vm-a", 1, "kernel");
        HostConfig config = fixture.load(text);
        ConfigException e = assertThrows(ConfigException.class, () -> new TenantStackResolver(new FakeRegistry()).resolve(config));

        assertEquals(fixture.at(text, "vm-a") + ": nsaas.tenants.vm-a.stack: no stack plugin 'kernel' is loaded;"
            + " expected a started stack plugin, but none started (check nsaas.host.plugins and the plugin reports)", e.getMessage());
    }

    /** A registry over in-memory stacks, matching versions with pf4j's version manager like the real one. */
    private static final class FakeRegistry implements StackRegistry {
        private final List<PluginReport> reports = new ArrayList<>();
        private final List<LoadedStack> stacks = new ArrayList<>();
        private final DefaultVersionManager versions = new DefaultVersionManager();

        void started(String id, String version, Capability level) {
            StackDescriptor descriptor = new StackDescriptor(id, version, "reno", EnumSet.of(level));
            stacks.add(new LoadedStack(id, version, new DescribedStack(descriptor)));
            reports.add(new PluginReport("plugins/" + id + "-" + version + ".zip", id, version, ">=1.0.0 & <2.0.0",
                PluginReport.State.STARTED, null, descriptor));
        }

        void rejected(String id, String version, String reason) {
            reports.add(new PluginReport("plugins/" + id + "-" + version + ".zip", id, version, ">=2.0.0",
                PluginReport.State.REJECTED, reason, null));
        }

        LoadedStack stack(String id, String version) {
            return stacks.stream().filter(s -> s.pluginId().equals(id) && s.pluginVersion().equals(version)).findFirst()
                .orElseThrow();
        }

        @Override
        public List<PluginReport> reports() {
            return List.copyOf(reports);
        }

        @Override
        public LoadedStack resolve(String id, String versionConstraint) {
            LoadedStack best = null;
            for (LoadedStack stack : stacks) {
                if (stack.pluginId().equals(id) && versions.checkVersionConstraint(stack.pluginVersion(), versionConstraint)
                    && (best == null || versions.compareVersions(stack.pluginVersion(), best.pluginVersion()) > 0)) {
                    best = stack;
                }
            }
            return best;
        }
    }

    /** A stack that only describes itself: resolution never creates instances. */
    private record DescribedStack(StackDescriptor descriptor) implements NetworkStack {
        @Override
        public StackInstance create(StackHost host, StackEvents events, Map<String, String> options) {
            throw new UnsupportedOperationException("configuration tests never create stack instances");
        }
    }
}
