package io.nsaas.conformance.contract;

import java.nio.file.Path;

/** {@link ConnectContractTck} on the bundled cubic stack, through the real NQE path. */
class CubicConnectContractTest extends ConnectContractTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"), "cubic-1.0.0.zip");
    }
}
