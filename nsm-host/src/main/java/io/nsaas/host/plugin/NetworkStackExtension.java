package io.nsaas.host.plugin;

import io.nsaas.spi.NetworkStack;
import io.nsaas.spi.StackDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * Finds a plugin's one {@link NetworkStack} extension through pf4j's extension index, makes it with
 * pf4j's extension factory and checks its descriptor against the plugin's id.
 */
final class NetworkStackExtension {
    private static final String PROCESSOR_HINT =
        "is pf4j's annotation processor configured? (JDK 23+ needs it in annotationProcessorPaths)";

    private NetworkStackExtension() {
    }

    /**
     * Requires a non-empty {@code META-INF/extensions.idx} in the plugin itself; checked before the
     * plugin starts.
     *
     * @return the class names the index lists, sorted
     */
    static Set<String> indexedClasses(PluginManager manager, PluginWrapper plugin) throws PluginRejectedException {
        ClassLoader loader = plugin.getPluginClassLoader();
        if (loader instanceof SpiParentFirstClassLoader
            && ((SpiParentFirstClassLoader) loader).findResource(SpiParentFirstClassLoader.EXTENSIONS_INDEX) == null) {
            throw new PluginRejectedException("no NetworkStack extension: " + SpiParentFirstClassLoader.EXTENSIONS_INDEX
                + " is missing (looked in classes/ and lib/*.jar): " + PROCESSOR_HINT);
        }
        Set<String> names = new TreeSet<>(manager.getExtensionClassNames(plugin.getPluginId()));
        if (names.isEmpty()) {
            throw new PluginRejectedException("no NetworkStack extension: " + SpiParentFirstClassLoader.EXTENSIONS_INDEX
                + " lists no classes: " + PROCESSOR_HINT);
        }
        return names;
    }

    /**
     * Instantiates the one extension among {@code indexed} that implements {@link NetworkStack};
     * called once the plugin has started.
     */
    static NetworkStack instantiate(PluginManager manager, PluginWrapper plugin, Set<String> indexed)
        throws PluginRejectedException {
        Class<?> type = onlyStackClass(plugin, indexed);
        NetworkStack stack;
        try {
            stack = (NetworkStack) manager.getExtensionFactory().create(type);
        } catch (RuntimeException | LinkageError e) {
            throw new PluginRejectedException("NetworkStack extension " + type.getName()
                + " cannot be instantiated: " + PluginRejectedException.describe(e));
        }
        if (stack == null) {
            throw new PluginRejectedException("NetworkStack extension " + type.getName()
                + " cannot be instantiated (the extension factory returned nothing)");
        }
        checkDescriptor(stack, plugin.getPluginId());
        return stack;
    }

    private static Class<?> onlyStackClass(PluginWrapper plugin, Set<String> indexed) throws PluginRejectedException {
        List<Class<?>> stacks = new ArrayList<>();
        for (String name : indexed) {
            Class<?> type;
            try {
                type = Class.forName(name, false, plugin.getPluginClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginRejectedException("extension class " + name + " listed in "
                    + SpiParentFirstClassLoader.EXTENSIONS_INDEX + " cannot be loaded: "
                    + PluginRejectedException.describe(e));
            }
            if (NetworkStack.class.isAssignableFrom(type)) {
                stacks.add(type);
            }
        }
        if (stacks.isEmpty()) {
            throw new PluginRejectedException("no NetworkStack extension: none of the classes in "
                + SpiParentFirstClassLoader.EXTENSIONS_INDEX + " (" + String.join(", ", indexed)
                + ") implements " + NetworkStack.class.getName());
        }
        if (stacks.size() > 1) {
            List<String> names = new ArrayList<>();
            stacks.forEach(type -> names.add(type.getName()));
            throw new PluginRejectedException("ambiguous: " + stacks.size() + " NetworkStack extensions ("
                + String.join(", ", names) + "); a stack plugin provides exactly one");
        }
        return stacks.get(0);
    }

    private static void checkDescriptor(NetworkStack stack, String pluginId) throws PluginRejectedException {
        String name = stack.getClass().getName();
        StackDescriptor descriptor;
        try {
            descriptor = stack.descriptor();
        } catch (RuntimeException | LinkageError e) {
            throw new PluginRejectedException(name + ".descriptor() failed: " + PluginRejectedException.describe(e));
        }
        if (descriptor == null) {
            throw new PluginRejectedException(name + ".descriptor() returned null");
        }
        if (!descriptor.id().equals(pluginId)) {
            throw new PluginRejectedException("descriptor id '" + descriptor.id() + "' of " + name
                + " differs from Plugin-Id '" + pluginId + "': they must be equal, tenants name the stack by it");
        }
    }
}
