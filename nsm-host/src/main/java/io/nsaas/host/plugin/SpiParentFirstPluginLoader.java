package io.nsaas.host.plugin;

import io.nsaas.spi.NetworkStack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.BasePluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * Loads an unpacked plugin directory ({@code classes/} and {@code lib/*.jar}) with a
 * {@link SpiParentFirstClassLoader} whose parent is the loader of the host's SPI.
 */
final class SpiParentFirstPluginLoader extends BasePluginLoader {

    SpiParentFirstPluginLoader(PluginManager manager) {
        super(manager, new DefaultPluginClasspath());
    }

    @Override
    public boolean isApplicable(Path pluginPath) {
        return Files.isDirectory(pluginPath);
    }

    @Override
    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
        return new SpiParentFirstClassLoader(pluginManager, descriptor, NetworkStack.class.getClassLoader());
    }
}
