package io.nsaas.host.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the host's own copies of the SPI and of the libraries in its signatures
 * load parent-first, so a {@code NetworkStack} from a plugin is the host's {@code NetworkStack};
 * everything else loads plugin-first ({@link ClassLoadingStrategy#PDA}: plugin, dependencies, host),
 * so a plugin's libraries win over the host's.
 *
 * <p>{@code META-INF/extensions.idx} is looked up in the plugin only: pf4j would otherwise fall back
 * to the host's class path and credit the host's index to a plugin that has none.
 */
final class SpiParentFirstClassLoader extends PluginClassLoader {
    /** Packages that always come from the host. */
    static final List<String> PARENT_FIRST_PACKAGES =
        List.of("io.nsaas.spi.", "io.nsaas.nqe.", "org.agrona.", "org.pf4j.", "org.slf4j.");

    /** Where pf4j's annotation processor lists a plugin's extensions. */
    static final String EXTENSIONS_INDEX = "META-INF/extensions.idx";

    static {
        ClassLoader.registerAsParallelCapable();
    }

    SpiParentFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        for (String prefix : PARENT_FIRST_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public URL getResource(String name) {
        return EXTENSIONS_INDEX.equals(name) ? findResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return EXTENSIONS_INDEX.equals(name) ? findResources(name) : super.getResources(name);
    }
}
