package io.nsaas.conformance.contract;

import java.nio.file.Path;

/** {@link ConnectContractTck} on the bundled newreno stack, through the real NQE path. */
class NewRenoConnectContractTest extends ConnectContractTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"), "newreno-1.0.0.zip");
    }
}
