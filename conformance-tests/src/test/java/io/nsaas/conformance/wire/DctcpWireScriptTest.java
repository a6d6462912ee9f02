package io.nsaas.conformance.wire;

import java.nio.file.Path;

/** The wire-script corpus against the bundled dctcp plugin. */
class DctcpWireScriptTest extends WireScriptTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins")).resolve("dctcp-1.0.0.zip");
    }
}
