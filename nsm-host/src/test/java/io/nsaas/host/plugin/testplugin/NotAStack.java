package io.nsaas.host.plugin.testplugin;

/** A class an extension index may list that is not a {@link io.nsaas.spi.NetworkStack}. */
public final class NotAStack {
}
