package io.nsaas.conformance.certify;

import io.nsaas.conformance.wire.WireScriptTck;
import java.nio.file.Path;

/** The wire-script TCK against the plugin the runner certifies. */
public class CertifyWireScripts extends WireScriptTck {
    @Override
    protected Path pluginZip() {
        return CertifiedPlugin.zip();
    }
}
