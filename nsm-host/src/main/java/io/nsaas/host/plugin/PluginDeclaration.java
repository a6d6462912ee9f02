package io.nsaas.host.plugin;

/**
 * What a plugin directory says about itself, raw from its descriptor file; any value may be null
 * when the descriptor does not set it.
 *
 * @param format       which file the values came from
 * @param id           {@code Plugin-Id}
 * @param version      {@code Plugin-Version}
 * @param requires     {@code Plugin-Requires}: the SPI versions the plugin works with
 * @param dependencies {@code Plugin-Dependencies}
 */
record PluginDeclaration(PluginDescriptorFiles.Format format, String id, String version, String requires,
                         String dependencies) {
}
