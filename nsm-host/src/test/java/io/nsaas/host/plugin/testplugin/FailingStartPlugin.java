package io.nsaas.host.plugin.testplugin;

import org.pf4j.Plugin;

/** A pf4j plugin class whose start fails. */
public final class FailingStartPlugin extends Plugin {

    @Override
    public void start() {
        throw new IllegalStateException("port 9 busy");
    }
}
