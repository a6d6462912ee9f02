package io.nsaas.conformance.wire;

import java.nio.file.Path;

/** The wire-script corpus against the bundled newreno plugin. */
class NewRenoWireScriptTest extends WireScriptTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins")).resolve("newreno-1.0.0.zip");
    }
}
