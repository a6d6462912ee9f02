package io.nsaas.conformance.contract;

import java.nio.file.Path;

/** {@link DataContractTck} on the bundled newreno stack, through the real NQE path. */
class NewRenoDataContractTest extends DataContractTck {
    @Override
    protected Path pluginZip() {
        return Path.of(System.getProperty("nsaas.test.plugins", "../target/plugins"), "newreno-1.0.0.zip");
    }
}
